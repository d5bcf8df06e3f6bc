package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 18 item 6's big traces through the command line: trace --only NAMES, and text rows wrapped past --width. */
class TraceOnlyWidthCliTest {
    private static final String SEED002 = "configs/seed002.conf";
    /** W1 is 2x12 of 9-character values: rows of 123 characters. */
    private static final String WIDE = "src/test/resources/teach/wide.conf";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void onlyPrintsTheNamedTensorsUnderTheirLayers() {
        Cli r = Cli.run("trace", "--config", SEED002, "--only", "Z1,dL/dW1,L");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("Z1 = W1 ⋆ X + b1    [1x4x4]", "L = −log A2[1] = 25.64", "dL/dW1 = X ⋆ dL/dZ1    [1x1x2x2]"),
                heads(r.out()));
        assertTrue(r.out().contains("\n-- layer 1: conv 2x2, stride 1, padding 0, 1 filter(s)\nZ1 = W1 ⋆ X + b1    [1x4x4]\n"
                + "     4.3  4.9  5.5  6.1\n"), r.out());
        assertTrue(r.out().contains("\ndL/dW1 = X ⋆ dL/dZ1    [1x1x2x2]\n    30.4 32.4\n    40.4 42.4\n"), r.out());
        assertFalse(r.out().contains("-- layer 2"), "a layer without a named tensor is left out: " + r.out());

        Cli w = Cli.run("trace", "--config", SEED002, "--only", "W2,Y");
        assertEquals(List.of("W2, weights    [2x4]", "Y = one-hot of label 1    [2]"), heads(w.out()));
        assertFalse(w.out().contains("Backward pass"), w.out());
    }

    @Test
    void onlyInMarkdownLatexAndBatchTraces() {
        Cli md = Cli.run("trace", "--config", SEED002, "--format", "markdown", "--only", "P1");
        assertTrue(md.out().contains("\n**P1 = the maximum of each window of A1** · 1x2x2\n"), md.out());
        assertTrue(md.out().contains("**mask of P1"), "a pool output keeps its mask: " + md.out());
        assertFalse(md.out().contains("**Z1"), md.out());
        Cli tex = Cli.run("trace", "--config", SEED002, "--format", "latex", "--only", "dL/dZ2");
        assertTrue(tex.out().contains("$\\partial L/\\partial Z_{2} = A_{2} - Y$"), tex.out());
        assertFalse(tex.out().contains("$Z_{1} ="), tex.out());
        Cli batch = Cli.run("trace", "--config", "configs/seed000-batch.conf", "--only", "dL/dW1", "--per-example");
        assertEquals(List.of("dL/dW1[m] = X[m] ⋆ dL/dZ1[m]    [2x1x1x3x3]", "dL/dW1 = Σ_m X[m] ⋆ dL/dZ1[m]    [1x1x3x3]"),
                heads(batch.out()));
    }

    @Test
    void aLayersExtrasComeWithItsOutputAndItsGradient() throws Exception {
        Cli z2 = Cli.run("trace", "--config", "configs/batchnorm-batch.conf", "--only", "Z2");
        assertEquals(0, z2.code(), z2.err());
        List<String> heads = heads(z2.out());
        assertEquals(4, heads.size(), z2.out());
        assertTrue(heads.get(0).startsWith("Z2[m] = gamma2 ⊙ Xhat2[m] + beta2") && heads.get(1).startsWith("mu2 = ")
                && heads.get(2).startsWith("var2 = ") && heads.get(3).startsWith("Xhat2[m] = "), heads.toString());
        assertEquals(z2.out(), Cli.run("trace", "--config", "configs/batchnorm-batch.conf", "--only", "Xhat2").out(),
                "Xhat2 is shown with Z2");
        Cli grad = Cli.run("trace", "--config", "configs/batchnorm-batch.conf", "--only", "dL/dXhat2");
        assertEquals(List.of("dL/dZ2[m] = dL/dA2[m] ⊙ (Z2[m] > 0)    [2x1x2x2]", "dL/dXhat2[m] = dL/dZ2[m] ⊙ gamma2    [2x1x2x2]"),
                heads(grad.out()));
        JsonNode json = JSON.readTree(Cli.run("trace", "--config", "configs/batchnorm-batch.conf", "--only", "Z2", "--format",
                "json").out());
        JsonNode xhat = json.at("/layers/1/tensors/xhat");
        assertTrue(xhat.has("data") && !xhat.has("grad"), json.at("/layers/1").toString());
        Cli pool = Cli.run("trace", "--config", SEED002, "--only", "mask of P1");
        assertEquals(List.of("P1 = the maximum of each window of A1    [1x2x2]", "mask of P1: 1 where a window's maximum of A1 sits    [1x4x4]"),
                heads(pool.out()));
    }

    @Test
    void onlyInJsonKeepsTheLayoutAndCompareRefusesIt() throws Exception {
        Cli r = Cli.run("trace", "--config", SEED002, "--format", "json", "--only", "Z1,dL/dW1");
        assertEquals(0, r.code(), r.err());
        JsonNode only = JSON.readTree(r.out());
        JsonNode full = JSON.readTree(Cli.run("trace", "--config", SEED002, "--format", "json").out());
        assertEquals("cnnbp-trace/1", only.get("format").asText());
        assertEquals("[\"Z1\",\"dL/dW1\"]", only.get("only").toString());
        assertFalse(only.has("input") || only.has("target") || only.has("loss"), r.out());
        assertEquals(full.at("/layers/0/output"), only.at("/layers/0/output"));
        assertEquals(full.at("/layers/0/params/W/grad"), only.at("/layers/0/params/W/grad"));
        assertFalse(only.at("/layers/0/params/W").has("data"), "W1 was not asked for");
        assertFalse(only.at("/layers/0").has("grad_output"), "nor dL/dZ1");
        assertFalse(only.at("/layers/4").has("params") || only.at("/layers/4").has("output"), r.out());
        assertEquals(full.get("layers").size(), only.get("layers").size());
        for (int i = 0; i < full.get("layers").size(); i++) {
            assertEquals(full.at("/layers/" + i + "/options"), only.at("/layers/" + i + "/options"));
        }

        Path file = Files.writeString(dir.resolve("only.json"), r.out());
        Path answers = Files.writeString(dir.resolve("a.yaml"), "Z1: [4.3, 4.9, 5.5, 6.1, 7.3, 7.9, 8.5, 9.1, 10.3, 10.9, 11.5,"
                + " 12.1, 13.3, 13.9, 14.5, 15.1]\n");
        Cli.run("compare", file.toString(), answers.toString())
                .assertBadInput("cnnbp: " + file + ": holds only [\"Z1\",\"dL/dW1\"] (trace --only)", "the whole trace");
    }

    @Test
    void anUnknownNameIsOneLineWithASuggestion() {
        Cli.run("trace", "--config", SEED002, "--only", "Z1,dl/dW1").assertBadInput(
                "cnnbp: --only: unknown tensor 'dl/dW1' (did you mean 'dL/dW1'?); the trace prints X, W1, b1, W2, b2, Y, Z1, A1,",
                ", dL/dW1, dL/db1");
        Cli.run("trace", "--config", SEED002, "--only", "Z7").assertBadInput("cnnbp: --only: unknown tensor 'Z7'", "the trace prints X,");
        Cli.run("trace", "--config", SEED002, "--only", "Z1,").assertBadInput("cnnbp: --only: an empty name in 'Z1,'", "the trace prints");
        Cli.run("trace", "--config", SEED002, "--only", "Z1", "--format", "html")
                .assertBadInput("cnnbp trace: --only is for text, json, markdown and latex", "links every tensor");
    }

    @Test
    void aLongRowWrapsWithEachContinuationIndented() {
        Cli r = Cli.run("trace", "--config", WIDE);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("""
                W1, weights    [2x12]
                    -0.731059  0.268941 -0.119203  0.880797 -0.952574  0.047426 -0.982014  0.017986 -0.993307
                        0.006693 -0.997527  0.002473
                     0.731059 -0.268941  0.119203 -0.880797  0.952574 -0.047426  0.982014 -0.017986  0.993307
                       -0.006693  0.997527 -0.002473
                b1, bias    [2]
                """), r.out());
        assertTrue(r.out().lines().filter(l -> l.startsWith(" ")).allMatch(l -> l.length() <= 100), r.out());

        Cli narrow = Cli.run("trace", "--config", WIDE, "--width", "40");
        assertTrue(narrow.out().contains("""
                W1, weights    [2x12]
                    -0.731059  0.268941 -0.119203
                        0.880797 -0.952574  0.047426
                """), narrow.out());
        assertTrue(narrow.out().lines().filter(l -> l.startsWith(" ")).allMatch(l -> l.length() <= 40), narrow.out());

        Cli never = Cli.run("trace", "--config", WIDE, "--width", "0");
        assertTrue(never.out().contains("\n    -0.731059  0.268941 -0.119203  0.880797 -0.952574  0.047426 -0.982014  0.017986"
                + " -0.993307  0.006693 -0.997527  0.002473\n"), never.out());
    }

    @Test
    void aBlankHandoutWrapsToo() {
        Cli r = Cli.run("trace", "--config", WIDE, "--blank", "backward", "--width", "30");
        assertTrue(r.out().contains("\ndL/dF = W1ᵀ · dL/dZ1    [12]\n    ____ ____ ____ ____\n       ____ ____ ____ ____\n"
                + "       ____ ____ ____ ____\n"), r.out());
    }

    /** The seed configs' rows are short: wrapping leaves their traces as they were. */
    @ParameterizedTest
    @ValueSource(strings = {"configs/seed000.conf", "configs/seed001.conf", "configs/seed002.conf", "configs/seed000-batch.conf",
            "src/test/resources/teach/ties.conf"})
    void theSeedTracesDoNotWrap(String config) {
        Cli wrapped = Cli.run("trace", "--config", config, "--per-example");
        assertEquals(0, wrapped.code(), wrapped.err());
        assertEquals(Cli.run("trace", "--config", config, "--per-example", "--width", "0").out(), wrapped.out());
    }

    @Test
    void aBadWidthIsOneLine() {
        Cli.run("trace", "--config", SEED002, "--width", "-1").assertBadInput("cnnbp trace: --width must be 0 (never wrap) or more", "-1");
        Cli.run("trace", "--config", SEED002, "--width", "80", "--format", "markdown")
                .assertBadInput("cnnbp trace: --width wraps the rows of text", "--format markdown");
    }

    /** The heads of the tensors printed: the lines with a shape in brackets or L's value. */
    private static List<String> heads(String out) {
        List<String> heads = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.matches("\\S.*    \\[[0-9x]*]") || line.matches("L = .* = [-0-9.e]+")) heads.add(line);
        }
        return heads;
    }
}
