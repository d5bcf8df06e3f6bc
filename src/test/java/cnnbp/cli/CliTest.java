package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CliTest {
    private static final String SEED002 = "configs/seed002.conf";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void versionAndHelp() {
        Cli v = Cli.run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("cnnbp 0."), v.out());

        Cli help = Cli.run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("trace") && help.out().contains("summary"), help.out());

        Cli traceHelp = Cli.run("help", "trace");
        assertEquals(0, traceHelp.code());
        assertTrue(traceHelp.out().contains("--digits"), traceHelp.out());
    }

    @Test
    void traceNamesEveryTensorInOrder() {
        Cli r = Cli.run("trace", "--config", SEED002);
        assertEquals(0, r.code(), r.err());
        List<String> heads = List.of("X, the input", "W1, weights", "b1, bias", "Z1 = W1 ⋆ X + b1", "A1 = max(0, Z1)",
                "P1 = ", "mask of P1", "F = ", "W2, weights", "b2, bias", "Z2 = W2 · F + b2", "A2 = softmax(Z2)",
                "Y = one-hot of label 1", "L = −log A2[1]", "dL/dA2 = −Y / A2", "dL/dZ2 = A2 − Y",
                "dL/dW2 = dL/dZ2 · Fᵀ", "dL/db2 = dL/dZ2", "dL/dF = W2ᵀ · dL/dZ2", "dL/dP1 = dL/dF reshaped to 1x2x2",
                "dL/dA1 = route dL/dP1 to each window's max", "dL/dZ1 = dL/dA1 ⊙ (Z1 > 0)", "dL/dW1 = X ⋆ dL/dZ1",
                "dL/db1 = Σ dL/dZ1");
        int at = 0;
        for (String h : heads) {
            int i = r.out().indexOf("\n" + h, at);
            assertTrue(i >= 0, "'" + h + "' after position " + at + " in:\n" + r.out());
            at = i + 1;
        }
        // By hand: Z1[0,0] = 0.1·1 − 0.2·2 + 0.3·6 + 0.4·7 = 4.3; P1 = [7.9, 9.1, 13.9, 15.1];
        // Z2 = ±(0.1·7.9 + 0.2·9.1 + 0.3·13.9 + 0.4·15.1) = ±12.82; L = log(1 + e^25.64) = 25.64 to 6 digits.
        assertTrue(r.out().contains("\n     4.3  4.9  5.5  6.1\n"), r.out());
        assertTrue(r.out().contains("\n     12.82 -12.82\n"), r.out());
        assertTrue(r.out().contains("L = −log A2[1] = 25.64\n"), r.out());
        // dL/dW1 = X ⋆ dL/dZ1 with dL/dZ1 = 0.2, 0.4, 0.6, 0.8 at (1,1), (1,3), (3,1), (3,3):
        // dW[0][0] = 0.2·7 + 0.4·9 + 0.6·17 + 0.8·19 = 30.4
        assertTrue(r.out().contains("\n    30.4 32.4\n    40.4 42.4\n"), r.out());
    }

    @Test
    void digitsRoundTheText() {
        Cli r = Cli.run("trace", "--config", SEED002, "--digits", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("L = −log A2[1] = 25.6\n"), r.out());
        assertTrue(r.out().contains("7.32e-12"), r.out());
    }

    @Test
    void outputIsTheSameOnEveryLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.ROOT);
            String text = Cli.run("trace", "--config", SEED002, "--digits", "3").out();
            String summary = Cli.run("summary", "--config", "configs/fashion.conf").out();
            for (Locale l : List.of(Locale.GERMANY, Locale.forLanguageTag("ar-EG-u-nu-arab"), Locale.forLanguageTag("hi-IN-u-nu-deva"))) {
                Locale.setDefault(l);
                assertEquals(text, Cli.run("trace", "--config", SEED002, "--digits", "3").out(), l.toString());
                assertEquals(summary, Cli.run("summary", "--config", "configs/fashion.conf").out(), l.toString());
            }
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void csvInputGivesTheSameTraceAsTheConfigExample() throws Exception {
        StringBuilder row = new StringBuilder("label");
        for (int i = 1; i <= 25; i++) row.append(",p").append(i);
        row.append("\n1");
        for (int i = 1; i <= 25; i++) row.append(',').append(i);
        Path csv = dir.resolve("example.csv");
        Files.writeString(csv, row + "\n");
        JsonNode fromConfig = json(Cli.run("trace", "--config", SEED002, "--format", "json"));
        JsonNode fromCsv = json(Cli.run("trace", "--config", SEED002, "--format", "json", "--input", csv.toString()));
        assertEquals(fromConfig.get("layers"), fromCsv.get("layers"));
        assertEquals(fromConfig.get("loss"), fromCsv.get("loss"));
    }

    @Test
    void imageInputIsScaledToUnitRange() throws Exception {
        BufferedImage img = new BufferedImage(5, 5, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 5; y++) for (int x = 0; x < 5; x++) img.getRaster().setSample(x, y, 0, 10 * (5 * y + x));
        Path png = dir.resolve("x.png");
        ImageIO.write(img, "png", png.toFile());
        JsonNode t = json(Cli.run("trace", "--config", SEED002, "--format", "json", "--input", png.toString(), "--label", "0"));
        JsonNode data = t.get("input").get("data");
        assertEquals(25, data.size());
        for (int i = 0; i < 25; i++) assertEquals(10 * i / 255.0, data.get(i).asDouble(), 1e-15);
        assertEquals(0, t.get("label").asInt());
    }

    @Test
    void jsonFollowsTheContract() throws Exception {
        JsonNode t = json(Cli.run("trace", "--config", SEED002, "--format", "json"));
        assertEquals("cnnbp-trace/1", t.get("format").asText());
        assertEquals(1, t.get("label").asInt());
        assertEquals("X", t.get("input").get("name").asText());
        assertEquals(6, t.get("layers").size());
        JsonNode conv = t.get("layers").get(0);
        assertEquals(1, conv.get("index").asInt());
        assertEquals("conv", conv.get("type").asText());
        assertEquals("Z1", conv.get("name").asText());
        assertEquals("[1,4,4]", conv.get("output").get("shape").toString());
        assertEquals("dL/dZ1", conv.get("grad_output").get("name").asText());
        assertEquals("W1", conv.get("params").get("W").get("name").asText());
        assertEquals("[1,1,2,2]", conv.get("params").get("W").get("shape").toString());
        assertEquals(4, conv.get("params").get("W").get("grad").size());
        assertFalse(t.get("layers").get(1).has("params"));
        assertEquals("[1,4,4]", t.get("layers").get(2).get("mask").get("shape").toString());
        // full precision: A2[1] = 1 / (1 + e^25.64) is printed with all its digits
        double a21 = t.get("layers").get(5).get("output").get("data").get(1).asDouble();
        assertEquals(1 / (1 + Math.exp(25.64)), a21, 1e-22);
    }

    @Test
    void summaryCountsParametersAndMultiplyAdds() {
        Cli r = Cli.run("summary", "--config", SEED002);
        assertEquals(0, r.code(), r.err());
        // conv: 4 weights + 1 bias, 16 positions x 4 taps; dense: 8 + 2, 8 multiply-adds
        assertTrue(r.out().matches("(?s).*\\n\\s+1\\s+conv\\s+1x4x4\\s+5\\s+64\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\n\\s+5\\s+dense\\s+2\\s+10\\s+8\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\n\\s+total\\s+15\\s+72\\n.*"), r.out());
    }

    static Stream<Arguments> badUsage() {
        return Stream.of(
                Arguments.of(new String[] {"trace", "--config", SEED002, "--bogus"}, "cnnbp trace: unknown option '--bogus' (see cnnbp trace --help)"),
                Arguments.of(new String[] {"trace"}, "Missing required option: '--config=FILE'"),
                Arguments.of(new String[] {"trace", "--config", SEED002, "--format", "xml"}, "--format"),
                Arguments.of(new String[] {"trace", "--config", SEED002, "--digits", "0"}, "--digits must be 1 to 17, got 0"),
                Arguments.of(new String[] {"trace", "--config", "no/such.conf"}, "no/such.conf: cannot read config: no such file"),
                Arguments.of(new String[] {"trace", "--config", SEED002, "--label", "5"},
                        "--label: label 5 is not a class index 0..1 for loss cross_entropy"),
                Arguments.of(new String[] {"trace", "--config", SEED002, "--input", "no/such.csv"}, "no/such.csv: no such file"),
                Arguments.of(new String[] {"trace", "--config", SEED002, "--weights", "no/such.json"},
                        "no/such.json: no such weights file"),
                Arguments.of(new String[] {"frobnicate"}, "cnnbp: unexpected argument 'frobnicate' (see cnnbp --help)"),
                Arguments.of(new String[] {}, "Missing subcommand"));
    }

    @ParameterizedTest
    @MethodSource("badUsage")
    void badUsageExitsWithCode2AndOneClearMessage(String[] args, String message) {
        Cli r = Cli.run(args);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(r.err().startsWith("cnnbp"), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void aConfigWithoutExampleAsksForInput() throws Exception {
        Path conf = dir.resolve("noexample.conf");
        Files.writeString(conf, "input: [3]\nlayers:\n  - dense: {units: 2}\n  - softmax\nloss: cross_entropy\n");
        Cli r = Cli.run("trace", "--config", conf.toString());
        assertEquals(2, r.code());
        assertEquals("cnnbp: " + conf + " has no example: give one with --input FILE (and --label N)\n",
                r.err().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void badInputMessagesAreOneLine() {
        Cli r = Cli.run("trace", "--config", "no/such.conf");
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("cnnbp: "), r.err());
    }

    private static JsonNode json(Cli r) throws Exception {
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }
}
