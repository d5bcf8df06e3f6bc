package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.exec.Python;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An exec layer in a config: gradcheck through the CLI, its command run in the config's folder. */
class ExecGradcheckCliTest {
    @TempDir
    Path dir;

    @BeforeEach
    void python() {
        Python.assumeNumpy();
    }

    /** A config whose first layer runs {@code script} (a file name in the config's folder) with given weights. */
    private Path config(String script) throws IOException {
        Path sub = Files.createDirectories(dir.resolve("net"));
        Files.move(Path.of(Python.variant(dir, "my_conv.py").split(" ", 2)[1]), sub.resolve("conv.py"));
        Files.copy(dir.resolve("cnnbp_layer.py"), sub.resolve("cnnbp_layer.py"));
        if (!script.equals("conv.py")) Files.copy(Path.of(script), sub.resolve(Path.of(script).getFileName()));
        Path conf = sub.resolve("net.conf");
        Files.writeString(conf, """
                input: [1, 4, 4]
                layers:
                  - exec: {command: "%s %s", options: {filters: 2, kernel: 2, stride: 1},
                           weights: {b: [0.1, -0.2]}, timeout: 20}
                  - relu
                  - flatten
                  - dense: {units: 3}
                  - softmax
                loss: cross_entropy
                """.formatted(Python.python(), Path.of(script).getFileName()));
        return conf;
    }

    @Test
    void aCorrectExecLayerPassesGradcheckRunInItsConfigsFolder() throws IOException {
        Path conf = config("conv.py");
        Cli r = Cli.run("gradcheck", "--config", conf.toString(), "--batch", "5", "--input-grad");
        assertEquals(List.of(), Python.children(), "gradcheck ends the program");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("    1  exec     W1     2x1x2x2"), r.out());
        assertTrue(r.out().contains("    1  exec     b1     2 "), r.out());
        assertTrue(r.out().startsWith(conf + ": 5 random examples (seed 1)"), r.out());
    }

    @Test
    void aBrokenOneFailsOnItsWeightsAndAMissingProgramIsOneLine() throws IOException {
        String broken = Python.variant(dir, "my_conv.py", "return dx, {\"W\": dW,", "return dx, {\"W\": dW[:, :, ::-1, ::-1],")
                .split(" ", 2)[1];
        Cli r = Cli.run("gradcheck", "--config", config(broken).toString(), "--batch", "5");
        assertEquals(List.of(), Python.children());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("FAIL W1["), r.out());
        assertTrue(!r.out().contains("FAIL b1["), r.out());

        Path conf = dir.resolve("net/net.conf");
        Files.writeString(conf, Files.readString(conf).replace(Path.of(broken).getFileName().toString(), "missing.py"));
        r = Cli.run("gradcheck", "--config", conf.toString());
        assertEquals(List.of(), Python.children());
        r.assertBadInput("cnnbp: " + conf + ":3:5: layer 1 exec (" + Python.python() + " missing.py): init: ",
                "the program closed its output (exit code 2); its stderr ends: ");
    }
}
