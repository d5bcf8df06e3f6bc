package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code cnnbp trace} on a batch: where the examples come from, the batch forms, and compare on a batch reference. */
class BatchTraceCliTest {
    private static final String BATCH = "configs/seed000-batch.conf";
    private static final String SEED000 = "configs/seed000.conf";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** seed000-batch's two examples as a two-row CSV: label, then the 36 values. */
    private Path twoRows() throws Exception {
        JsonNode t = json(Cli.run("trace", "--config", BATCH, "--format", "json"));
        JsonNode x = t.get("input").get("data");
        StringBuilder csv = new StringBuilder();
        for (int m = 0; m < 2; m++) {
            csv.append(t.get("label").get(m).asInt());
            for (int i = 0; i < 36; i++) csv.append(',').append(x.get(m * 36 + i).asDouble());
            csv.append('\n');
        }
        return Files.writeString(dir.resolve("two.csv"), csv);
    }

    @Test
    void theConfigsExamplesAndACsvOfTheirRowsGiveTheSameBatch() throws Exception {
        JsonNode fromConfig = json(Cli.run("trace", "--config", BATCH, "--format", "json"));
        JsonNode fromCsv = json(Cli.run("trace", "--config", SEED000, "--format", "json", "--input", twoRows().toString()));
        assertEquals(2, fromConfig.get("batch").asInt());
        for (String key : new String[] {"batch", "loss", "losses", "label", "input", "target", "layers"}) {
            assertEquals(fromConfig.get(key), fromCsv.get(key), key);
        }
    }

    @Test
    void eachExampleOfTheBatchIsTheOneExampleTraceScaledByOneOverM() throws Exception {
        JsonNode batch = json(Cli.run("trace", "--config", BATCH, "--format", "json"));
        JsonNode one = json(Cli.run("trace", "--config", SEED000, "--format", "json"));  // the batch's example 0
        assertEquals(one.get("loss").asDouble(), batch.get("losses").get(0).asDouble(), 1e-15);
        assertEquals((batch.get("losses").get(0).asDouble() + batch.get("losses").get(1).asDouble()) / 2,
                batch.get("loss").asDouble(), 1e-15);
        for (int l = 0; l < 6; l++) {
            JsonNode o1 = one.get("layers").get(l), ob = batch.get("layers").get(l);
            int per = o1.get("output").get("data").size();
            assertEquals(o1.get("output").get("shape").size() + 1, ob.get("output").get("shape").size());
            for (int i = 0; i < per; i++) {
                assertEquals(o1.get("output").get("data").get(i).asDouble(), ob.get("output").get("data").get(i).asDouble(), 1e-15);
                assertEquals(o1.get("grad_output").get("data").get(i).asDouble() / 2,
                        ob.get("grad_output").get("data").get(i).asDouble(), 1e-15, "layer " + (l + 1) + " grad_output");
            }
        }
        JsonNode w = batch.get("layers").get(4).get("params").get("W");
        assertEquals("[1,4]", w.get("shape").toString());
    }

    @Test
    void textShowsTheBatchFormsAndPerExampleContributions() {
        Cli r = Cli.run("trace", "--config", BATCH, "--per-example");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        for (String s : new String[] {"a batch of M = 2 examples, labels 1, 0, loss bce", "X[m], the input    [2x1x6x6]",
                "  X[1]\n", "Z1[m] = W1 ⋆ X[m] + b1    [2x1x4x4]", "L[m] = −(Y[m] log A2[m] + (1 − Y[m]) log(1 − A2[m]))    [2]",
                "L = (1/M) Σ_m L[m] = 0.710293", "dL/dZ2[m] = (A2[m] − Y[m]) / M    [2x1]",
                "dL/dW2[m] = dL/dZ2[m] · F[m]ᵀ    [2x1x4]", "dL/dW2 = Σ_m dL/dZ2[m] · F[m]ᵀ    [1x4]",
                "dL/db1 = Σ_m Σ dL/dZ1[m] over each filter's positions    [1]", "mask of P1[m]: 1 where a window's maximum of A1[m] sits"}) {
            assertTrue(out.contains(s), s + "\n" + out);
        }
        assertFalse(Cli.run("trace", "--config", BATCH).out().contains("dL/dW2[m]"), "contributions only with --per-example");
    }

    @Test
    void compareGradesABatchWithErrorCarriedForward() throws Exception {
        Path ref = Files.writeString(dir.resolve("ref.json"), Cli.run("trace", "--config", BATCH, "--format", "json").out());
        // dL/dZ2 without the 1/M (twice the right values); dL/dW2 right given it
        Path answers = Files.writeString(dir.resolve("a.yaml"), """
                A2: [[0.558974], [0.567829]]
                L: 0.710293
                dL/dZ2: [[-0.441026], [0.567829]]
                dL/dW2: [[0.0702366, -0.0514878, -0.0825268, 0.0342926]]
                """);
        Cli r = Cli.run("compare", ref.toString(), answers.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("a batch of 2, labels 1, 0"), r.out());
        assertTrue(r.out().matches("(?s).*✗\\s+dL/dZ2\\s+2 of 2 wrong: \\[0,0] expected -0.220513, got -0.441026.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\(✓\\)\\s+dL/dW2\\s+correct given your dL/dZ2.*"), r.out());
        Path oneExampleShape = Files.writeString(dir.resolve("b.yaml"), "Z1: [[[0.17, 0.3], [0.09, 0.33]]]\n");
        Cli bad = Cli.run("compare", ref.toString(), oneExampleShape.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("expected shape 2x1x4x4 (the batch's, M = 2 first)"), bad.err());
    }

    @Test
    void theTemplateAndBlanksCarryTheBatch() {
        Cli t = Cli.run("trace", "--config", BATCH, "--answers-template", "--blank", "dL/dZ2");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("# dL/dZ2[m] = (A2[m] − Y[m]) / M    [2x1]\ndL/dZ2: [[null],\n         [null]]"), t.out());
        Cli md = Cli.run("trace", "--config", BATCH, "--format", "markdown", "--blank", "backward");
        assertEquals(0, md.code(), md.err());
        assertTrue(md.out().contains("**dL/dW2 = Σ_m dL/dZ2[m] · F[m]ᵀ** · 1x4\n\n|   | 0 | 1 | 2 | 3 |\n|--:|--:|--:|--:|--:|\n| **0** |  |  |  |  |"),
                md.out());
        assertTrue(md.out().contains("*dL/dZ1[1]*"), md.out());
    }

    @Test
    void oneExampleIsTheOneExampleTrace() throws Exception {
        Path conf = Files.writeString(dir.resolve("one.conf"), Files.readString(Path.of(SEED000))
                .replace("example:", "examples:\n  -").replace("\n  label: 1", "\n    label: 1")
                .replaceAll("\n  input: ", "\n    input: ").replaceAll("\n           \\[", "\n             ["));
        for (String format : new String[] {"text", "json", "markdown", "latex"}) {
            String one = Cli.run("trace", "--config", SEED000, "--format", format).out();
            Cli r = Cli.run("trace", "--config", conf.toString(), "--format", format);
            assertEquals(0, r.code(), r.err());
            assertEquals(one.replace(SEED000, conf.toString()).replace("seed000.conf", "one.conf"), r.out(), format);
        }
    }

    static Stream<Arguments> badBatches() {
        return Stream.of(
                Arguments.of(new String[] {"trace", "--config", BATCH, "--label", "1,0,1"},
                        "--label: 3 label(s) for 2 example(s); give one per example, comma-separated"),
                Arguments.of(new String[] {"trace", "--config", BATCH, "--label", "1,2"},
                        "--label: label 2 is not 0 or 1"),
                Arguments.of(new String[] {"trace", "--config", BATCH, "--batch", "2"},
                        "configs/seed000-batch.conf has no data: section for --batch to take examples from"),
                Arguments.of(new String[] {"trace", "--config", BATCH, "--batch", "0"}, "--batch must be 1 to 1000, got 0"),
                Arguments.of(new String[] {"trace", "--config", BATCH, "--batch", "2", "--input", "x.csv"},
                        "give --input or --batch, not both"),
                Arguments.of(new String[] {"trace", "--config", BATCH, "--format", "json", "--per-example"},
                        "--per-example is for text, markdown and latex"));
    }

    @ParameterizedTest
    @MethodSource("badBatches")
    void badBatchUsageSaysWhatOnItsFirstLineWithCode2(String[] args, String message) {
        Cli r = Cli.run(args);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().lines().findFirst().orElse("").contains(message), r.err());  // usage mistakes add the help
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void batchTakesTheFirstExamplesOfTheTrainingData() throws Exception {
        Path train = Files.writeString(dir.resolve("train.csv"), "1,0.5,0.25,0.1\n0,0.2,0.3,0.4\n1,1,1,1\n");
        Path conf = Files.writeString(dir.resolve("d.conf"), """
                input: [3]
                layers:
                  - dense: {units: 1, weights: [[0.5, -0.4, 0.3]], bias: [0.1]}
                  - sigmoid
                loss: bce
                data: {train: train.csv}
                """);
        JsonNode t = json(Cli.run("trace", "--config", conf.toString(), "--format", "json", "--batch", "2"));
        assertEquals(2, t.get("batch").asInt());
        assertEquals("[1,0]", t.get("label").toString());
        double[] x = new double[6];
        for (int i = 0; i < 6; i++) x[i] = t.get("input").get("data").get(i).asDouble();
        assertArrayEquals(new double[] {0.5, 0.25, 0.1, 0.2, 0.3, 0.4}, x, 0);
        assertEquals("[2,3]", t.get("input").get("shape").toString());
    }

    @Test
    void gradcheckChecksTheConfigsExamplesAsOneBatch() {
        Cli r = Cli.run("gradcheck", "--config", BATCH, "--input-grad");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("the config's 2 examples"), r.out());
    }

    private static JsonNode json(Cli r) throws Exception {
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }
}
