package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.tensor.Parallel;
import cnnbp.train.EpochMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train, evaluate and predict end to end, as a user runs them, on a small generated data set: 8x8
 * gray PNGs of a horizontal line, a vertical line or a diagonal, in class folders.
 */
class TrainCommandTest {
    static final List<String> CLASSES = List.of("diagonal", "horizontal", "vertical");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path conf;

    @BeforeEach
    void setUp() throws IOException {
        images(dir.resolve("data/train"), 20, 1);
        images(dir.resolve("data/test"), 6, 2);
        conf = config("lr: 0.1");
    }

    /** {@code perClass} images of each class in folder/<class>/NNN.png. */
    static void images(Path folder, int perClass, long seed) throws IOException {
        Random rng = new Random(seed);
        for (String c : CLASSES) {
            Files.createDirectories(folder.resolve(c));
            for (int n = 0; n < perClass; n++) {
                BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
                int at = 1 + rng.nextInt(6);
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        boolean on = c.equals("horizontal") ? y == at : c.equals("vertical") ? x == at : x == y;
                        img.getRaster().setSample(x, y, 0, on ? 200 + rng.nextInt(56) : rng.nextInt(60));
                    }
                }
                ImageIO.write(img, "png", folder.resolve(c).resolve(String.format("%03d.png", n)).toFile());
            }
        }
    }

    /** A config next to the data, its train: section holding {@code train} besides batch, epochs and seed. */
    Path config(String train) throws IOException {
        Path f = dir.resolve("lines-" + Math.abs(train.hashCode()) + ".conf");
        Files.writeString(f, "input: [1, 8, 8]\nlayers:\n  - conv: {filters: 4, kernel: 3, padding: 1}\n  - relu\n"
                + "  - maxpool: {size: 2}\n  - flatten\n  - dense: {units: 3}\n  - softmax\nloss: cross_entropy\n"
                + "data: {train: data/train, test: data/test}\n"
                + "train: {batch: 8, epochs: 3, momentum: 0.9, seed: 3, " + train + "}\n");
        return f;
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private static List<String> lines(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    /** An epoch line without its time: "epoch 2/3: train loss ... | test loss ... acc ...". */
    private static List<String> withoutTime(List<String> epochLines) {
        return epochLines.stream().map(l -> l.substring(0, l.lastIndexOf(" | "))).toList();
    }

    @Test
    void trainThenEvaluateThenPredict() throws Exception {
        Cli t = Cli.run("train", "--config", conf.toString(), "--save", p("model.json"), "--log", p("metrics.csv"),
                "--plot", p("curves.png"));
        assertEquals(0, t.code(), t.err());
        assertEquals("", t.err(), "nothing on stderr: no progress bar off a terminal");
        assertFalse(t.out().contains("\r"), "no carriage returns off a terminal");
        assertTrue(t.out().contains("train: 60 examples of 1x8x8 in 3 classes from "), t.out());
        List<String> epochs = lines(t.out(), "epoch ");
        assertEquals(3, epochs.size(), t.out());
        assertTrue(epochs.get(2).matches("epoch 3/3: train loss \\d\\.\\d{4} acc \\d+\\.\\d\\d% \\| test loss \\d\\.\\d{4}"
                + " acc (\\d+\\.\\d\\d)% \\| \\d+\\.\\d s, \\d+ img/s, lr 0\\.1"), epochs.get(2));
        String testLine = lines(t.out(), "test set ").get(0);
        assertTrue(testLine.endsWith(": 18 examples, loss " + epochs.get(2).replaceAll(".*test loss (\\S+) acc (\\S+) .*",
                "$1, accuracy $2")), testLine + " / " + epochs.get(2));
        assertTrue(t.out().contains("confusion matrix: a row per true class, a column per predicted class"), t.out());
        assertTrue(t.out().contains("\n1 horizontal "), t.out());
        assertTrue(t.out().contains("saved " + p("model.json") + " (3 epochs)"), t.out());

        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals("epoch,loss,accuracy,test_loss,test_accuracy,seconds,lr", csv.get(0));
        assertEquals(4, csv.size());
        assertTrue(csv.get(3).startsWith("3,") && csv.get(3).endsWith(",0.1"), csv.get(3));
        BufferedImage png = ImageIO.read(dir.resolve("curves.png").toFile());
        assertEquals(900, png.getWidth());
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }

        Cli e = Cli.run("evaluate", "--config", conf.toString(), "--weights", p("model.json"));
        assertEquals(0, e.code(), e.err());
        String head = e.out().lines().findFirst().orElseThrow();
        assertEquals(p("model.json") + " on " + testLine.substring("test set ".length()), head,
                "evaluate scores the saved weights as train's last evaluation did");
        assertTrue(e.out().contains("\n2 vertical "), e.out());

        Path csvInput = dir.resolve("rows.csv");
        StringBuilder rows = new StringBuilder();
        for (int r = 0; r < 2; r++) {  // a vertical line at x = 2, then a horizontal one at y = 5, no labels
            for (int i = 0; i < 64; i++) rows.append(i == 0 ? "" : ",").append((r == 0 ? i % 8 == 2 : i / 8 == 5) ? 230 : 10);
            rows.append('\n');
        }
        Files.writeString(csvInput, rows.toString());
        Files.writeString(conf, Files.readString(conf).replace("data: {", "data: {scale: 1/255, "));
        Cli pr = Cli.run("predict", "--config", conf.toString(), "--weights", p("model.json"),
                p("data/test/diagonal/000.png"), csvInput.toString());
        assertEquals(0, pr.code(), pr.err());
        List<String> out = pr.out().lines().toList();
        assertEquals(4, out.size(), pr.out());
        assertTrue(out.get(0).matches("input +class +probability"), out.get(0));
        assertTrue(out.get(1).matches(".*diagonal/000\\.png +diagonal +0\\.\\d{4}"), out.get(1));
        assertTrue(out.get(2).matches(".*rows\\.csv:1 +vertical +0\\.\\d{4}"), out.get(2));
        assertTrue(out.get(3).matches(".*rows\\.csv:2 +horizontal +0\\.\\d{4}"), out.get(3));
    }

    @Test
    void theSameSeedGivesTheSameNumbersAndQuietJustTheReport() {
        Cli a = Cli.run("train", "--config", conf.toString()), b = Cli.run("train", "--config", conf.toString());
        assertEquals(withoutTime(lines(a.out(), "epoch ")), withoutTime(lines(b.out(), "epoch ")));
        assertEquals(lines(a.out(), "test set "), lines(b.out(), "test set "));
        Cli c = Cli.run("train", "--config", conf.toString(), "--quiet");
        assertTrue(lines(c.out(), "epoch ").isEmpty(), "--quiet: no epoch lines");
        assertEquals(lines(a.out(), "test set "), lines(c.out(), "test set "), "--quiet: the same final report");
        int threads = Parallel.threads();
        try {
            for (String n : new String[] {"1", "3"}) {
                Cli d = Cli.run("train", "--config", conf.toString(), "--threads", n);
                assertEquals(withoutTime(lines(a.out(), "epoch ")), withoutTime(lines(d.out(), "epoch ")), "--threads " + n);
                assertEquals(lines(a.out(), "test set "), lines(d.out(), "test set "), "--threads " + n);
            }
        } finally {
            Parallel.threads(threads);
        }
        Cli zero = Cli.run("train", "--config", conf.toString(), "--threads", "0");
        assertEquals(2, zero.code());
        assertEquals("cnnbp train: --threads must be 1 to 256, got 0 (see cnnbp train --help)\n", zero.err());
    }

    @Test
    void twoEpochsThenTwoMoreResumedGiveTheWeightsOfFourAtOnce() throws Exception {
        Cli whole = Cli.run("train", "--config", conf.toString(), "--epochs", "4", "--save", p("whole.json"),
                "--log", p("whole.csv"));
        assertEquals(0, whole.code(), whole.err());
        Cli first = Cli.run("train", "--config", conf.toString(), "--epochs", "2", "--save", p("part.json"));
        assertEquals(0, first.code(), first.err());
        Cli second = Cli.run("train", "--config", conf.toString(), "--epochs", "4", "--resume", p("part.json"),
                "--log", p("part.csv"));
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("resumed " + p("part.json") + ": 2 epoch(s) done"), second.out());
        assertEquals(List.of("epoch 3/4", "epoch 4/4"), lines(second.out(), "epoch ").stream().map(l -> l.substring(0, 9)).toList());

        JsonNode a = JSON.readTree(dir.resolve("whole.json").toFile()), b = JSON.readTree(dir.resolve("part.json").toFile());
        assertEquals(a.get("layers"), b.get("layers"), "every weight, bit for bit (JSON keeps doubles exactly)");
        assertEquals(a.at("/training/optimizer_state"), b.at("/training/optimizer_state"));
        assertEquals(a.at("/training/optimizer_steps"), b.at("/training/optimizer_steps"));
        assertEquals(4, b.at("/training/epochs_done").asInt());
        assertEquals(withoutSeconds(Files.readAllLines(dir.resolve("whole.csv"))),
                withoutSeconds(Files.readAllLines(dir.resolve("part.csv"))), "the log of the resumed run has all 4 epochs");

        Cli again = Cli.run("train", "--config", conf.toString(), "--epochs", "4", "--resume", p("part.json"));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("4 epoch(s) were already done: nothing to train"), again.out());
    }

    private static List<String> withoutSeconds(List<String> csv) {
        return csv.stream().map(l -> l.replaceAll(",[^,]*,([^,]*)$", ",_,$1")).toList();
    }

    @Test
    void aNonFiniteLossExitsOneWithItsReportAndKeepsTheLastGoodCheckpoint() throws Exception {
        assertEquals(0, Cli.run("train", "--config", conf.toString(), "--epochs", "1", "--save", p("m.json")).code());
        JsonNode before = JSON.readTree(dir.resolve("m.json").toFile());
        Path wild = config("lr: 1.0e6");
        Cli r = Cli.run("train", "--config", wild.toString(), "--epochs", "3", "--resume", p("m.json"));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("cnnbp: note: lr is 1000000 now, 0.1 in the checkpoint"), r.err());
        assertTrue(r.err().matches("(?s).*\ncnnbp: epoch [23], batch \\d+ of 8: loss is (NaN|infinite); .*; lr 1000000\n"
                + "cnnbp: training stopped; lower the learning rate; " + p("m.json").replace(".", "\\.")
                + " keeps the last good state \\(\\d epoch\\(s\\)\\)\n"), r.err());
        assertTrue(r.err().contains("cnnbp: epoch 2, batch "), "diverges in its first epoch: " + r.err());
        assertTrue(r.err().contains(" keeps the last good state (1 epoch(s))"), r.err());
        JsonNode after = JSON.readTree(dir.resolve("m.json").toFile());
        assertEquals(before.get("layers"), after.get("layers"), "the checkpoint still holds epoch 1's weights");
        assertEquals(1, after.at("/training/epochs_done").asInt());
    }

    @Test
    void mistakesExitTwoWithOneLine() throws Exception {
        assertEquals(0, Cli.run("train", "--config", conf.toString(), "--epochs", "1", "--save", p("m.json")).code());
        Path wide = dir.resolve("wide.conf");
        Files.writeString(wide, Files.readString(conf).replace("filters: 4", "filters: 5"));
        Cli r = Cli.run("train", "--config", wide.toString(), "--resume", p("m.json"));
        assertEquals(2, r.code());
        assertEquals("cnnbp: " + p("m.json") + ": a checkpoint of another network: it has 'layer 1 conv: filters 4,"
                + " kernel 3x3, stride 1x1, padding 1x1' where " + wide + " has 'layer 1 conv: filters 5, kernel 3x3,"
                + " stride 1x1, padding 1x1'\n", r.err());
        assertEquals("", r.out(), "checked before the data is loaded");

        Path noData = dir.resolve("nodata.conf");
        Files.writeString(noData, Files.readString(conf).replaceAll("data: .*\n", ""));
        r = Cli.run("train", "--config", noData.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("cnnbp: " + noData + ": no data: section to train on"), r.err());

        r = Cli.run("train", "--config", conf.toString(), "--resume", p("m.json"), "--weights", p("m.json"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--weights and --resume both give the weights"), r.err());

        r = Cli.run("evaluate", "--config", conf.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing required option: '--weights=W.json'"), r.err());

        Path other = dir.resolve("other");
        images(other, 1, 5);
        Files.move(other.resolve("diagonal"), other.resolve("slash"));
        r = Cli.run("evaluate", "--config", conf.toString(), "--weights", p("m.json"), "--data", other.toString());
        assertEquals(2, r.code());
        assertEquals("cnnbp: " + other + ": classes [horizontal, slash, vertical], but " + p("m.json") + " was trained on"
                + " [diagonal, horizontal, vertical]; label i must mean the same class in both\n", r.err());

        Path big = dir.resolve("big.png");
        ImageIO.write(new BufferedImage(9, 8, BufferedImage.TYPE_BYTE_GRAY), "png", big.toFile());
        r = Cli.run("predict", "--config", conf.toString(), "--weights", p("m.json"), big.toString());
        assertEquals(2, r.code());
        assertEquals("cnnbp: " + big + ": image is 8x9 (height x width), expected 8x8 (or set resize: true in data:)\n",
                r.err());
        r = Cli.run("predict", "--config", conf.toString(), "--weights", p("m.json"), "--resize", "--top", "3", big.toString());
        assertEquals(0, r.code(), r.err());
        List<String> top = r.out().lines().toList();
        assertTrue(top.get(0).matches("input +class +probability +class 2 +probability 2 +class 3 +probability 3"), top.get(0));
        String[] cells = top.get(1).trim().split(" +");
        assertEquals(7, cells.length, top.get(1));
        double p1 = Double.parseDouble(cells[2]), p2 = Double.parseDouble(cells[4]), p3 = Double.parseDouble(cells[6]);
        assertTrue(p1 >= p2 && p2 >= p3, top.get(1));
        assertEquals(1.0, p1 + p2 + p3, 1e-3, "three classes: the probabilities add up to 1");
        assertEquals(3, java.util.Set.of(cells[1], cells[3], cells[5]).size(), top.get(1));
    }

    /**
     * The Ctrl-C path for real: a child JVM trains with --save, gets SIGTERM (which runs the same
     * shutdown hook as SIGINT) once its first checkpoint is on disk, saves where it stood, and the
     * checkpoint resumes to exactly the weights of an uninterrupted run.
     */
    @Test
    void aSignalStopsAtABatchBoundarySavesAndResumesExactly() throws Exception {
        images(dir.resolve("data/train"), 200, 1);  // more examples: an epoch takes a while
        Path conf = config("lr: 0.05");
        Path model = dir.resolve("killed.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--config", conf.toString(), "--epochs", "1000", "--save", model.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (epochsDone(model) < 1) {
                assertTrue(child.isAlive() && System.nanoTime() < deadline, () -> "the child never saved: " + read("child.txt"));
                Thread.sleep(20);
            }
            child.destroy();  // SIGTERM
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertEquals(143, child.exitValue(), read("child.txt"));
        assertTrue(read("child.txt").contains("stopped after "), read("child.txt"));
        JsonNode saved = JSON.readTree(model.toFile());
        int epochs = saved.at("/training/epochs_done").asInt() + 1;
        // A SIGKILL in the middle of a save leaves the temporary file, named as AtomicFiles names it: the next
        // save of the same file removes it.
        Path leftover = dir.resolve(".killed.json.cnnbp-123456789.tmp");
        Files.writeString(leftover, "{\"format\": \"cnnbp-wei");
        assertEquals(List.of(leftover), cnnbp.io.AtomicFiles.leftovers(dir, "killed.json"));

        Cli resumed = Cli.run("train", "--config", conf.toString(), "--epochs", "" + epochs, "--resume", model.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertFalse(Files.exists(leftover), "the leftover of a killed save survived the next run");
        Cli whole = Cli.run("train", "--config", conf.toString(), "--epochs", "" + epochs, "--save", p("whole.json"));
        assertEquals(0, whole.code(), whole.err());
        assertEquals(JSON.readTree(dir.resolve("whole.json").toFile()).get("layers"), JSON.readTree(model.toFile()).get("layers"));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    /**
     * A command re-run from the shell's history must not throw a longer run away: an existing checkpoint or
     * log is replaced only by the run resumed from it or with --overwrite.
     */
    @Test
    void anExistingCheckpointOrLogIsReplacedOnlyOnResumeOrOverwrite() throws IOException {
        Path model = dir.resolve("m.json"), log = dir.resolve("m.csv");
        Cli first = Cli.run("train", "--config", conf.toString(), "--epochs", "2", "--save", model.toString(), "--log", log.toString());
        assertEquals(0, first.code(), first.err());
        String checkpoint = Files.readString(model), rows = Files.readString(log);

        Cli again = Cli.run("train", "--config", conf.toString(), "--epochs", "1", "--save", model.toString());
        assertEquals(2, again.code());
        assertEquals("cnnbp: " + model + ": checkpoint of an earlier run exists (--save); continue that run with --resume "
                + model + ", or replace it with --overwrite\n", again.err());
        Cli logAgain = Cli.run("train", "--config", conf.toString(), "--epochs", "1", "--log", log.toString());
        assertEquals(2, logAgain.code());
        assertTrue(logAgain.err().startsWith("cnnbp: " + log + ": log of an earlier run exists (--log)"), logAgain.err());
        assertEquals(checkpoint, Files.readString(model));
        assertEquals(rows, Files.readString(log));

        // A run that would stop on NaN in its first epoch is refused before it starts: no header-only log.
        Path nan = config("lr: 1e300");
        Cli diverged = Cli.run("train", "--config", nan.toString(), "--epochs", "1", "--log", log.toString());
        assertEquals(2, diverged.code(), diverged.err());
        assertEquals(rows, Files.readString(log));

        Cli resumed = Cli.run("train", "--config", conf.toString(), "--epochs", "3", "--resume", model.toString(), "--log", log.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(4, Files.readAllLines(log).size(), "the header and three epochs");
        Cli replaced = Cli.run("train", "--config", conf.toString(), "--epochs", "1", "--save", model.toString(), "--log",
                log.toString(), "--overwrite");
        assertEquals(0, replaced.code(), replaced.err());
        assertEquals(1, JSON.readTree(model.toFile()).at("/training/epochs_done").asInt());
        assertEquals(2, Files.readAllLines(log).size());
    }

    private static int epochsDone(Path model) {
        try {
            return JSON.readTree(model.toFile()).at("/training/epochs_done").asInt();
        } catch (IOException e) {  // not there yet
            return 0;
        }
    }

    private String read(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void outputIsTheSameOnEveryLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.ROOT);
            String expected = session("root");
            for (Locale l : List.of(Locale.GERMANY, Locale.forLanguageTag("ar-EG-u-nu-arab"), Locale.forLanguageTag("hi-IN-u-nu-deva"))) {
                Locale.setDefault(l);
                assertEquals(expected, session("root"), l.toString());
            }
        } finally {
            Locale.setDefault(saved);
        }
    }

    /** What train, a resumed train, evaluate and predict print, without the times, which vary. */
    private String session(String name) {
        String model = p(name + ".json");
        StringBuilder all = new StringBuilder();
        all.append(Cli.run("train", "--config", conf.toString(), "--epochs", "1", "--save", model, "--overwrite").out());
        all.append(Cli.run("train", "--config", conf.toString(), "--epochs", "2", "--resume", model).out());
        all.append(Cli.run("evaluate", "--config", conf.toString(), "--weights", model).out());
        all.append(Cli.run("predict", "--config", conf.toString(), "--weights", model, p("data/test/vertical/001.png")).out());
        return all.toString().replaceAll("\\(\\d+\\.\\d s\\)", "(time)").replaceAll("\\d+\\.\\d s, \\d+ img/s", "time");
    }

    @Test
    void theBarIsRedrawnAtMostTenTimesASecondAndOnlyOnATerminal() {
        for (boolean live : new boolean[] {true, false}) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            Progress p = new Progress(new PrintWriter(out), new PrintWriter(err), live);
            p.epochStart(1, 2, 5);
            double[] seconds = {0.01, 0.05, 0.12, 0.15, 0.16};  // drawn: the first, the one 0.1 s later, the last
            for (int b = 1; b <= 5; b++) p.batchEnd(1, b, 5, 0.5, 0.75, 4 * b, seconds[b - 1]);
            p.epochEnd(new EpochMetrics(1, 0.5, 0.75, 0.6, 0.7, 0.16, 0.05, 20));
            assertEquals("epoch 1/2: train loss 0.5000 acc 75.00% | test loss 0.6000 acc 70.00% | 0.2 s, 125 img/s, lr 0.05\n",
                    out.toString().replace(System.lineSeparator(), "\n"));
            if (!live) {
                assertEquals("", err.toString());
                continue;
            }
            String[] draws = err.toString().split("\r");
            assertEquals(5, draws.length, err.toString());  // "", three bars, then the blanks that clear the line
            assertTrue(draws[1].startsWith("epoch 1/2 [====>               ] 1/5 "), draws[1]);
            assertTrue(draws[2].startsWith("epoch 1/2 [============>       ] 3/5 "), draws[2]);
            assertTrue(draws[3].startsWith("epoch 1/2 [====================] 5/5 "), draws[3]);
            assertEquals("", draws[4].strip());
        }
    }

    @Test
    void theProgressBarAndTheEpochLine() {
        assertEquals("epoch 2/5 [==========>         ] 94/188  ETA 0:03  loss 0.5123  acc 81.30%  1000 img/s",
                Progress.bar(2, 5, 94, 188, 0.51234, 0.813, 3000, 3.0));
        assertEquals("epoch 1/1 [====================] 4/4  ETA 0:00  loss 2.0000", Progress.bar(1, 1, 4, 4, 2, Double.NaN, 10, 0));
        assertEquals("epoch 2/5: train loss 0.5000 acc 81.95% | test loss 0.5300 acc 80.70% | 6.1 s, 984 img/s, lr 0.05",
                Reports.epochLine(new EpochMetrics(2, 0.5, 0.8195, 0.53, 0.807, 6.1, 0.05, 6000), 5));
        assertEquals("epoch 1/1: train loss 0.5000 | 2.0 s, 5 img/s, lr 0.1", Reports.epochLine(
                new EpochMetrics(1, 0.5, Double.NaN, Double.NaN, Double.NaN, 2, 0.1, 10), 1), "a regression without a test set");
    }
}
