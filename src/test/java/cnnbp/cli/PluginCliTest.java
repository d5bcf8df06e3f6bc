package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.testplugin.BrokenSquarePlugin;
import cnnbp.testplugin.ClashingPlugin;
import cnnbp.testplugin.PluginJars;
import cnnbp.testplugin.SquarePlugin;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin jar's layer kind (square, x²) through the command line: trace, gradcheck, summary, train, checkpoints. */
class PluginCliTest {
    private static final String LAYERS = "layers:\n  - conv: {filters: 2, kernel: 3, padding: 1}\n  - square: {scale: 0.5}\n"
            + "  - maxpool: {size: 2}\n  - flatten\n  - dense: {units: 3}\n  - softmax\nloss: cross_entropy\n";

    @TempDir
    Path dir;
    Path good, broken, conf;

    @BeforeEach
    void setUp() throws IOException {
        good = PluginJars.jar(dir.resolve("square.jar"), SquarePlugin.class);
        broken = PluginJars.jar(dir.resolve("broken.jar"), BrokenSquarePlugin.class);
        TrainCommandTest.images(dir.resolve("data/train"), 8, 1);
        conf = dir.resolve("net.conf");
        Files.writeString(conf, "input: [1, 8, 8]\n" + LAYERS + "data: {train: data/train}\n"
                + "train: {batch: 8, epochs: 2, lr: 0.05, seed: 3}\n"
                + "example: {input: [" + "0.5, -0.25, 1, 0.75, ".repeat(16).replaceAll(", $", "") + "], label: 2}\n");
    }

    @Test
    void traceSummaryAndGradcheckUseThePluginsKind() {
        Cli trace = Cli.run("trace", "--config", conf.toString(), "--plugin", good.toString());
        assertEquals(0, trace.code(), trace.err());
        assertTrue(trace.out().contains("A1 = square(Z1)"), trace.out());
        assertTrue(trace.out().contains("dL/dZ1 = square's backward of dL/dA1"), trace.out());
        assertTrue(trace.out().contains("square, scale 0.5"), trace.out());

        Cli summary = Cli.run("summary", "--config", conf.toString(), "--plugin", good.toString());
        assertEquals(0, summary.code(), summary.err());
        assertTrue(summary.out().contains("square"), summary.out());

        Cli check = Cli.run("gradcheck", "--config", conf.toString(), "--plugin", good.toString(), "--batch", "3");
        assertEquals(0, check.code(), check.out() + check.err());
    }

    @Test
    void gradcheckNamesTheLayerWhoseBackwardIsWrong() {
        Cli check = Cli.run("gradcheck", "--config", conf.toString(), "--plugin", broken.toString(), "--batch", "3");
        assertEquals(1, check.code(), check.out() + check.err());
        assertTrue(check.out().contains("\nlayer 2 square: backward's dL/dinput disagrees with finite differences at ["),
                check.out());
        String reproduce = check.out().lines().filter(l -> l.contains("reproduce: ")).findFirst().orElseThrow();
        assertTrue(reproduce.contains("cnnbp gradcheck --config " + conf + " --plugin " + broken + " --batch 3"),
                reproduce);
        // The reproduce line runs as it reads (without the leading "cnnbp" and with the shell's quotes undone).
        String[] args = reproduce.substring(reproduce.indexOf("cnnbp gradcheck ") + 6).replace("'", "").split(" ");
        Cli again = Cli.run(args);
        assertEquals(1, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("1 of 1 elements disagree") || again.out().contains("FAIL"), again.out());
    }

    @Test
    void configListsPluginsRelativeToItsFolder() throws IOException {
        Path listed = dir.resolve("listed.conf");
        Files.writeString(listed, "input: [1, 8, 8]\nplugins: [square.jar]\n" + LAYERS);
        assertEquals(0, Cli.run("summary", "--config", listed.toString()).code());
    }

    @Test
    void trainSavesACheckpointThatResumesWithThePlugin() throws IOException {
        Path model = dir.resolve("m.json");
        Cli first = Cli.run("train", "--config", conf.toString(), "--plugin", good.toString(), "--epochs", "1",
                "--save", model.toString(), "-q");
        assertEquals(0, first.code(), first.err());
        JsonNode training = new ObjectMapper().readTree(model.toFile()).path("training");
        assertEquals("layer 2 square: scale 0.5", training.path("network").get(2).asText());
        assertEquals(good.toString(), training.path("plugins").path("square").asText());
        Cli second = Cli.run("train", "--config", conf.toString(), "--plugin", good.toString(), "--resume",
                model.toString(), "-q");
        assertEquals(0, second.code(), second.err());

        Path other = dir.resolve("relu.conf");
        Files.writeString(other, Files.readString(conf).replace("square: {scale: 0.5}", "relu"));
        Cli without = Cli.run("train", "--config", other.toString(), "--resume", model.toString(), "-q");
        without.assertBadInput("cnnbp: " + model + ": layer kind 'square' comes from the plugin " + good,
                "which is not loaded; give it with --plugin " + good);
    }

    @Test
    void theWeightsFileNamesThePluginItsNetworkNeeds() throws IOException {
        Path model = dir.resolve("m.json");
        assertEquals(0, Cli.run("train", "--config", conf.toString(), "--plugin", good.toString(), "--epochs", "1",
                "--save", model.toString(), "-q").code());
        JsonNode arch = new ObjectMapper().readTree(model.toFile()).path("architecture");
        assertEquals("{\"type\":\"square\",\"options\":{\"scale\":0.5}}", arch.path("layers").get(1).toString());
        assertEquals(good.toString(), arch.path("plugins").path("square").asText());
        String image = dir.resolve("data/train/vertical/000.png").toString();
        Cli with = Cli.run("predict", "--config", conf.toString(), "--plugin", good.toString(), "--weights",
                model.toString(), image);
        Cli alone = Cli.run("predict", "--plugin", good.toString(), "--weights", model.toString(), image);
        assertEquals(0, alone.code(), alone.err());
        assertEquals(with.out(), alone.out());
        Cli.run("predict", "--weights", model.toString(), image).assertBadInput("cnnbp: " + model
                + ": layer 2 is of kind 'square' from the plugin " + good + ", which is not loaded", "--plugin " + good);
    }

    @Test
    void aBadPluginIsOneLine() throws IOException {
        Cli missing = Cli.run("summary", "--config", conf.toString(), "--plugin", dir.resolve("none.jar").toString());
        missing.assertBadInput("cnnbp: " + dir.resolve("none.jar") + ": cannot read plugin: no such file", "no such file");

        Path corrupt = Files.writeString(dir.resolve("corrupt.jar"), "not a zip");
        Cli bad = Cli.run("summary", "--config", conf.toString(), "--plugin", corrupt.toString());
        bad.assertBadInput("cnnbp: " + corrupt + ": cannot read plugin: not a jar file", "not a jar");

        Path clash = PluginJars.jar(dir.resolve("clash.jar"), ClashingPlugin.class);
        Cli clashing = Cli.run("summary", "--config", conf.toString(), "--plugin", clash.toString());
        clashing.assertBadInput("cnnbp: " + clash + ": layer kind 'relu' is already a built-in kind", "built-in");

        Cli unknown = Cli.run("summary", "--config", conf.toString());
        unknown.assertBadInput("cnnbp: " + conf + ":4:5: layer 2: unknown layer type 'square'", "expected one of conv");

        Path listed = dir.resolve("listed.conf");
        Files.writeString(listed, "input: [1, 8, 8]\nplugins: [nowhere.jar]\n" + LAYERS);
        Cli badList = Cli.run("summary", "--config", listed.toString());
        badList.assertBadInput("cnnbp: " + listed + ":2:11: plugins: " + dir.resolve("nowhere.jar"), "no such file");
    }
}
