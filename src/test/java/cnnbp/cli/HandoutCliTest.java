package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.trace.Pdflatex;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 18 item 5 through the command line: handouts with blank formulas, a title, instructions, roomy answer boxes. */
class HandoutCliTest {
    private static final String SEED002 = "configs/seed002.conf";
    private static final String BATCH = "configs/seed000-batch.conf";
    private static final String TIES = "src/test/resources/teach/ties.conf";
    /** Every special character of LaTeX, Markdown and HTML, and a letter beyond ASCII. */
    private static final String WORDS = "Show your work for dL/dZ1 & dL/dW1: 10% of the grade, <b>not</b> $5_a #1 {x} ~ ^ \\ é.\n\n"
            + "Second paragraph.\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void blankFormulasLeavesTheStepOutInEveryFormat() throws Exception {
        Cli text = Cli.run("trace", "--config", SEED002, "--blank", "backward,formulas");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("\ndL/dW1 = ________________    [1x1x2x2]\n    ____ ____\n    ____ ____\n"), text.out());
        assertTrue(text.out().contains("\nZ1 = W1 ⋆ X + b1    [1x4x4]\n"), "the forward formulas stay: " + text.out());
        assertFalse(text.out().contains("X ⋆ dL/dZ1"), "dL/dW1's step is the exercise");

        Cli md = Cli.run("trace", "--config", SEED002, "--format", "markdown", "--blank", "backward,formulas");
        assertTrue(md.out().contains("\n**dL/dW1** = " + "\\_".repeat(16) + " · 1x1x2x2\n"), md.out());
        assertFalse(md.out().contains("X ⋆ dL/dZ1"), md.out());

        Cli tex = Cli.run("trace", "--config", SEED002, "--format", "latex", "--blank", "backward,formulas");
        assertTrue(tex.out().contains("\n$\\partial L/\\partial W_{1} = {}$\\blankformula \\hfill $1\\times 1\\times 2\\times 2$\n"), tex.out());
        assertFalse(tex.out().contains("X \\star \\partial L/\\partial Z_{1}"), tex.out());

        JsonNode page = pageData(Cli.run("trace", "--config", SEED002, "--format", "html", "--blank", "backward,formulas").out());
        assertTrue(page.toString().contains("\"head\":\"dL/dW1 = ________________\""), page.toString());
        assertFalse(page.toString().contains("X ⋆ dL/dZ1"), "nor in the expansions: " + page);
        assertTrue(page.toString().contains("Z1 = W1 ⋆ X + b1"), page.toString());
    }

    @Test
    void formulasAloneBlanksEveryFormulaAndKeepsTheValues() {
        Cli r = Cli.run("trace", "--config", SEED002, "--blank", "formulas");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\nZ1 = ________________    [1x4x4]\n     4.3  4.9  5.5  6.1\n"), r.out());
        assertTrue(r.out().contains("\nL = ________________ = 25.64\n"), r.out());
        assertTrue(r.out().contains("\ndL/dW1 = ________________    [1x1x2x2]\n    30.4 32.4\n"), r.out());
        assertTrue(r.out().contains("\nW1, weights    [1x1x2x2]\n"), "given tensors have no formula: " + r.out());
    }

    @Test
    void blankFormulasInABatchTrace() {
        Cli r = Cli.run("trace", "--config", BATCH, "--blank", "dL/dW1,formulas", "--per-example");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\ndL/dW1[m] = ________________    [2x1x1x3x3]\n  dL/dW1[0]\n    ____"), r.out());
        assertTrue(r.out().contains("\ndL/dW1 = ________________    [1x1x3x3]\n"), r.out());
        assertTrue(r.out().contains("Σ_m"), "the other formulas stay");
        Cli tex = Cli.run("trace", "--config", BATCH, "--format", "latex", "--blank", "dL/dW1,formulas");
        assertTrue(tex.out().contains("$\\partial L/\\partial W_{1} = {}$\\blankformula"), tex.out());
    }

    @Test
    void homeworkHandoutsBlankFormulasToo() throws Exception {
        Path roster = Files.writeString(dir.resolve("roster.csv"), "id,name\ns01,Student s01\n");
        Cli r = Cli.run("homework", "make", "--config", "configs/seed000.conf", "--roster", roster.toString(), "--out",
                dir.resolve("hw").toString(), "--seed", "7", "--blank", "dL/dW1,formulas");
        assertEquals(0, r.code(), r.err());
        String md = Files.readString(dir.resolve("hw/s01/handout.md"));
        assertTrue(md.contains("\n**dL/dW1** = " + "\\_".repeat(16) + " · 1x1x3x3\n"), md);
        String tex = Files.readString(dir.resolve("hw/s01/handout.tex"));
        assertTrue(tex.contains("\n$\\partial L/\\partial W_{1} = {}$\\blankformula"), tex);
        assertEquals("[\"dL/dW1\"]", JSON.readTree(dir.resolve("hw/manifest.json").toFile()).get("assignment").toString());
    }

    @Test
    void theDefaultTitleHasTheFileNameWithoutItsFolder() throws Exception {
        assertTrue(Cli.run("trace", "--config", SEED002).out().startsWith("cnnbp trace of seed002.conf: one example, label 1,"));
        assertTrue(Cli.run("trace", "--config", SEED002, "--format", "markdown").out().startsWith("# cnnbp trace of `seed002.conf`\n"));
        assertTrue(Cli.run("trace", "--config", SEED002, "--format", "latex").out()
                .contains("\n\\section*{cnnbp trace of \\texttt{seed002.conf}}\n"));
        String html = Cli.run("trace", "--config", SEED002, "--format", "html").out();
        assertTrue(html.contains("<title>cnnbp trace of seed002.conf</title>"), html.substring(0, 300));
        for (String format : new String[] {"text", "markdown", "latex", "html"}) {
            assertFalse(Cli.run("trace", "--config", SEED002, "--format", format).out().contains("configs/"), format);
        }
    }

    @Test
    void titleAndInstructionsEscapedAsEachFormatNeeds() throws Exception {
        Path words = Files.writeString(dir.resolve("instructions.md"), WORDS);
        String[] args = {"trace", "--config", SEED002, "--blank", "backward", "--title", "Homework 3 & <co>", "--instructions",
                words.toString(), "--format"};
        Cli text = Cli.run(concat(args, "text"));
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().startsWith("Homework 3 & <co>: one example, label 1, loss cross_entropy\n\n" + WORDS + "\nNames: "),
                text.out());

        Cli md = Cli.run(concat(args, "markdown"));
        assertTrue(md.out().startsWith("# Homework 3 & <co>\n\n" + WORDS + "\nOne example, label 1"), "Markdown as it is: " + md.out());

        Cli tex = Cli.run(concat(args, "latex"));
        assertTrue(tex.out().contains("\n\\section*{Homework 3 \\& <co>}\nShow your work for dL/dZ1 \\& dL/dW1: 10\\% of the grade,"
                + " <b>not</b> \\$5\\_a \\#1 \\{x\\} \\~{} \\^{} \\textbackslash{} é.\n\nSecond paragraph.\n\nOne example"), tex.out());

        Cli html = Cli.run(concat(args, "html"));
        assertTrue(html.out().contains("<title>Homework 3 &amp; &lt;co&gt;</title>"), html.out().substring(0, 400));
        assertTrue(html.out().contains("<div id=\"instructions\"><p>Show your work for dL/dZ1 &amp; dL/dW1: 10% of the grade,"
                + " &lt;b&gt;not&lt;/b&gt; $5_a #1 {x} ~ ^ \\ é.</p>\n<p>Second paragraph.</p>\n</div>"), html.out().substring(0, 600));
        assertEquals("Homework 3 & <co>", pageData(html.out()).get("title").asText());
    }

    @Test
    void aHandoutWithInstructionsAndBlankFormulasCompiles() throws Exception {
        Assumptions.assumeTrue(Pdflatex.installed(), "skipped: no pdflatex (apt-get install texlive-latex-base)");
        Path words = Files.writeString(dir.resolve("instructions.md"), WORDS);
        for (String config : new String[] {SEED002, BATCH}) {
            Cli tex = Cli.run("trace", "--config", config, "--format", "latex", "--blank", "all,formulas", "--title",
                    "Homework 3: 50% & more", "--instructions", words.toString(), "--per-example");
            assertEquals(0, tex.code(), tex.err());
            Pdflatex.compile(dir, config.contains("batch") ? "batch" : "one", tex.out());
        }
    }

    @Test
    void answerBoxesHoldAHandWrittenNumberAndKeepTheirRowsApart() {
        Cli tex = Cli.run("trace", "--config", SEED002, "--format", "latex", "--blank", "backward");
        String out = tex.out();
        // 2.4 cm by 0.9 cm inside: "-0.731059" written by hand (9 characters of about 2.5 mm) and its height with room to spare
        assertTrue(out.contains("\\setlength{\\blankwidth}{2.4cm}"), out);
        assertTrue(out.contains("\\setlength{\\blankheight}{0.9cm}"), out);
        // a strut half the 4 mm gap taller and deeper than the box: neighbouring rows' boxes 4 mm apart
        assertTrue(out.contains("\\setlength{\\blankgap}{4mm}"), out);
        assertTrue(out.contains("\\newcommand{\\blank}{\\rule[-\\dimexpr0.3\\blankheight+\\fboxsep+\\fboxrule+0.5\\blankgap\\relax]{0pt}"
                + "{\\dimexpr\\blankheight+2\\fboxsep+2\\fboxrule+\\blankgap\\relax}"
                + "\\fbox{\\rule[-0.3\\blankheight]{0pt}{\\blankheight}\\rule{\\blankwidth}{0pt}}}"), out);
        assertTrue(out.contains("\\[ \\fit{\\begin{bmatrix} \\blank & \\blank \\\\ \\blank & \\blank \\end{bmatrix}} \\]"), out);
    }

    @Test
    void aMissingInstructionsFileIsOneLine() {
        Path missing = dir.resolve("nope.md");
        Cli.run("trace", "--config", SEED002, "--instructions", missing.toString())
                .assertBadInput("cnnbp: " + missing, "no such instructions file");
    }

    @Test
    void instructionsThatAreNotTextAreOneLine() throws Exception {
        Path binary = Files.write(dir.resolve("a.md"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        Cli.run("trace", "--config", SEED002, "--instructions", binary.toString()).assertBadInput("cnnbp: " + binary, "not UTF-8 text");
        Path big = Files.writeString(dir.resolve("big.md"), "x".repeat(70_000));
        Cli.run("trace", "--config", SEED002, "--instructions", big.toString()).assertBadInput("cnnbp: " + big, "expected at most 65536");
        Cli.run("trace", "--config", SEED002, "--instructions", dir.toString()).assertBadInput("cnnbp: " + dir, "a folder");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--title", "--instructions"})
    void handoutOptionsAreRefusedWhereThereIsNoHandout(String option) throws Exception {
        Path words = Files.writeString(dir.resolve("i.md"), "x");
        String value = option.equals("--title") ? "T" : words.toString();
        Cli.run("trace", "--config", SEED002, "--format", "json", option, value)
                .assertBadInput("cnnbp trace: " + option + " makes a handout", "use --format text, markdown, latex or html");
        Cli.run("trace", "--config", SEED002, "--answers-template", option, value).assertBadInput("cnnbp trace: " + option, "handout");
    }

    @Test
    void aTypoInBlankSuggestsFormulas() {
        Cli.run("trace", "--config", SEED002, "--blank", "backward,formulae")
                .assertBadInput("cnnbp: --blank: unknown tensor 'formulae' (did you mean 'formulas'?)", "forward, backward, all, formulas");
    }

    @Test
    void theHtmlPageShowsTheTieNoteUnderItsLayer() throws Exception {
        JsonNode page = pageData(Cli.run("trace", "--config", TIES, "--format", "html").out());
        JsonNode forward = page.at("/sections/0/entries");
        int pool = -1, note = -1;
        for (int i = 0; i < forward.size(); i++) {
            if (forward.get(i).path("layer").asText().startsWith("layer 3: maxpool")) pool = i;
            if (forward.get(i).has("note")) note = i;
        }
        assertTrue(pool >= 0 && note == pool + 2, "the note right after the pool's output: " + forward);
        assertEquals("Tied maximum in window (1,1) of A1: the gradient goes to the first maximum in row-major window order,"
                + " as PyTorch.", forward.get(note).get("note").asText());
        assertFalse(pageData(Cli.run("trace", "--config", SEED002, "--format", "html").out()).toString().contains("\"note\":\"Tied"));
    }

    /** The JSON a trace page carries, unpacked as its script does. */
    static JsonNode pageData(String page) throws Exception {
        int from = page.indexOf("id=\"trace-data\">") + "id=\"trace-data\">".length();
        String b64 = page.substring(from, page.indexOf("</script>", from)).replaceAll("\\s", "");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(b64)))) {
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static String[] concat(String[] args, String last) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }
}
