package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The seed002 trace page in a real browser: Debian's headless Chromium driven through its
 * chromedriver (never one Selenium would download). Every tensor is drawn in its shape, and a click
 * on an element shows what {@code cnnbp explain} prints for it and lights up the elements its
 * terms read. One browser for the whole class; skipped when Chromium or chromedriver is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracePageBrowserTest {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final String SEED002 = "configs/seed002.conf";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChromeDriver browser;
    private Path folder;

    @BeforeAll
    void openThePage(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "skipped: no " + (CHROMIUM.canExecute() ? CHROMEDRIVER : CHROMIUM)
                        + " (apt-get install chromium chromium-driver to run the trace page in a browser)");
        Cli page = Cli.run("trace", "--config", SEED002, "--format", "html");
        assertEquals(0, page.code(), page.err());
        folder = dir;
        Path file = dir.resolve("seed002.html");
        Files.writeString(file, page.out());

        // Selenium has no CDP bindings for every Chromium release and says so at length; WebDriver itself is all this test uses
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1600", "--no-first-run", "--disable-extensions");
        browser = new ChromeDriver(service, options);
        load(file);
    }

    private void load(Path file) {
        browser.get(file.toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(b -> "true".equals(((JavascriptExecutor) b).executeScript("return document.body.dataset.ready")));
    }

    /** The tied window's note shows under its pool layer, and a handout's title and instructions under the page's top. */
    @Test
    void aTiedWindowsNoteAndTheInstructionsAreShown() throws Exception {
        Path words = Files.writeString(folder.resolve("instructions.md"), "Fill in every <blank> cell.\n\nThen click one.\n");
        Cli page = Cli.run("trace", "--config", "src/test/resources/teach/ties.conf", "--format", "html", "--title", "Homework 3",
                "--instructions", words.toString(), "--blank", "backward");
        assertEquals(0, page.code(), page.err());
        Path file = Files.writeString(folder.resolve("ties.html"), page.out());
        try {
            load(file);
            WebElement note = browser.findElement(By.cssSelector("p.note"));
            assertTrue(note.isDisplayed());
            assertEquals("Tied maximum in window (1,1) of A1: the gradient goes to the first maximum in row-major window order,"
                    + " as PyTorch.", note.getText());
            assertEquals("layer 3: maxpool 2x2, stride 2", note.findElement(By.xpath("..")).findElement(By.cssSelector("h3.layer"))
                    .getText());
            assertEquals(1, browser.findElements(By.cssSelector("p.note")).size());
            assertEquals("Homework 3", browser.findElement(By.id("title")).getText());
            assertEquals("Fill in every <blank> cell.\nThen click one.", browser.findElement(By.id("instructions")).getText());
        } finally {
            load(folder.resolve("seed002.html"));  // the other tests read the seed002 page
        }
    }

    @AfterAll
    void closeTheBrowser() {
        if (browser != null) browser.quit();
    }

    @Test
    void everyTensorIsDrawnInItsShape() throws Exception {
        JsonNode trace = JSON.readTree(Cli.run("trace", "--config", SEED002, "--format", "json").out());
        List<String> expected = new ArrayList<>();
        expected.add(drawn("X", trace.get("input").get("shape")));
        for (JsonNode l : trace.get("layers")) {
            if (l.has("params")) {
                expected.add(drawn("W" + l.get("name").asText().substring(1), l.get("params").get("W").get("shape")));
                expected.add(drawn("b" + l.get("name").asText().substring(1), l.get("params").get("b").get("shape")));
            }
            expected.add(drawn(l.get("name").asText(), l.get("output").get("shape")));
        }
        expected.add(drawn("Y", trace.get("target").get("shape")));
        expected.add(drawn("L", JSON.createArrayNode()));
        List<JsonNode> layers = new ArrayList<>();
        trace.get("layers").forEach(layers::add);
        for (int i = layers.size() - 1; i >= 0; i--) {
            JsonNode l = layers.get(i);
            expected.add(drawn("dL/d" + l.get("name").asText(), l.get("output").get("shape")));
            if (l.has("params")) {
                String k = l.get("name").asText().substring(1);
                expected.add(drawn("dL/dW" + k, l.get("params").get("W").get("shape")));
                expected.add(drawn("dL/db" + k, l.get("params").get("b").get("shape")));
            }
        }
        @SuppressWarnings("unchecked")
        List<String> onPage = (List<String>) browser.executeScript(
                "return [...document.querySelectorAll('section.tensor')].map(s => s.dataset.name + ' [' + s.dataset.shape + '] '"
                        + " + [...s.querySelectorAll('.grid')].map(g => g.dataset.rows + 'x' + g.dataset.cols + ':'"
                        + " + g.querySelectorAll('.cell').length).join(' '))");
        assertEquals(expected, onPage);
    }

    /** How the page lays out a tensor of this shape: one grid per channel (per filter and channel for W). */
    private static String drawn(String name, JsonNode shapeNode) {
        int[] s = new int[shapeNode.size()];
        for (int d = 0; d < s.length; d++) s[d] = shapeNode.get(d).asInt();
        String shape = java.util.Arrays.stream(s).mapToObj(Integer::toString).collect(Collectors.joining("x"));
        int grids = 1, rows = 1, cols = 1;
        switch (s.length) {
            case 0 -> { }
            case 1 -> cols = s[0];
            case 2 -> { rows = s[0]; cols = s[1]; }
            case 3 -> { grids = s[0]; rows = s[1]; cols = s[2]; }
            default -> { grids = s[0] * s[1]; rows = s[2]; cols = s[3]; }
        }
        String grid = rows + "x" + cols + ":" + rows * cols;
        return name + " [" + shape + "] " + String.join(" ", java.util.Collections.nCopies(grids, grid));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dL/dW1[0,0,1,1]", "Z1[0,2,3]", "dL/dA1[0,1,1]", "dL/dA1[0,0,0]", "A2[0]", "dL/dZ2[1]", "L", "W1[0,0,1,0]"})
    void clickingAnElementShowsWhatExplainPrintsAndLightsUpItsSources(String element) throws Exception {
        Cli text = Cli.run("explain", "--config", SEED002, element);
        Cli json = Cli.run("explain", "--config", SEED002, "--format", "json", element);
        assertEquals(0, text.code(), text.err());
        JsonNode e = JSON.readTree(json.out());

        String name = e.get("element").get("tensor").asText();
        WebElement cell = browser.findElement(By.cssSelector("section.tensor[data-name='" + name + "'] .cell[data-i='"
                + flat(e.get("element")) + "']"));
        cell.click();

        String shown = browser.findElement(By.id("explain")).getDomProperty("textContent");
        assertEquals(text.out().strip(), shown.strip());
        assertEquals(List.of(element), lit(".cell.target"));
        TreeSet<String> sources = new TreeSet<>();
        for (JsonNode term : e.path("terms")) {
            for (JsonNode f : term.get("factors")) for (JsonNode r : f.get("refs")) sources.add(label(r));
        }
        assertEquals(new ArrayList<>(sources), lit(".cell.src"));
        if (element.startsWith("dL/dW1")) assertEquals(16, sources.size() / 2, "X and dL/dZ1 over the 4x4 positions");
    }

    @Test
    void theMaxPoolMaskRingsTheWindowsMaxima() {
        @SuppressWarnings("unchecked")
        List<String> ringed = (List<String>) browser.executeScript("return [...document.querySelectorAll("
                + "\"section.tensor[data-name='A1'] .cell.max\")].map(c => c.dataset.i)");
        assertEquals(List.of("5", "7", "13", "15"), ringed);  // A1 grows to the bottom right: each window's last element
    }

    /** The elements the page lights up with {@code selector}, as "name[i,j,k]", sorted. */
    private List<String> lit(String selector) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cells = (List<Map<String, Object>>) browser.executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(c => ({name: c.closest('section.tensor').dataset.name,"
                        + " shape: c.closest('section.tensor').dataset.shape, i: Number(c.dataset.i)}))", selector);
        TreeSet<String> labels = new TreeSet<>();
        for (Map<String, Object> c : cells) {
            String shape = (String) c.get("shape");
            int[] s = shape.isEmpty() ? new int[0] : java.util.Arrays.stream(shape.split("x")).mapToInt(Integer::parseInt).toArray();
            int flat = ((Number) c.get("i")).intValue();
            int[] index = new int[s.length];
            for (int d = s.length - 1; d >= 0; d--) {
                index[d] = flat % s[d];
                flat /= s[d];
            }
            labels.add(label((String) c.get("name"), index));
        }
        return new ArrayList<>(labels);
    }

    private static String label(JsonNode ref) {
        int[] index = new int[ref.get("index").size()];
        for (int d = 0; d < index.length; d++) index[d] = ref.get("index").get(d).asInt();
        return label(ref.get("tensor").asText(), index);
    }

    private static String label(String name, int[] index) {
        if (index.length == 0) return name;
        return name + java.util.Arrays.stream(index).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    /** The flat position of a cnnbp-explain/1 element in its tensor, from the shape on the page. */
    private int flat(JsonNode element) {
        String shape = browser.findElement(By.cssSelector("section.tensor[data-name='" + element.get("tensor").asText() + "']"))
                .getDomAttribute("data-shape");
        int[] s = shape.isEmpty() ? new int[0] : java.util.Arrays.stream(shape.split("x")).mapToInt(Integer::parseInt).toArray();
        int flat = 0;
        for (int d = 0; d < s.length; d++) flat = flat * s[d] + element.get("index").get(d).asInt();
        assertTrue(s.length == element.get("index").size());
        return flat;
    }
}
