package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A weights file train --save writes carries its network (the "architecture" key): predict, evaluate,
 * summary, gradcheck and export take it from there without --config, and give what they give with it.
 */
class WeightsArchitectureCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NETWORK = "input: [1, 8, 8]\nlayers:\n  - conv: {filters: 4, kernel: 3, padding: 1}\n"
            + "  - batchnorm\n  - relu\n  - maxpool: {size: 2}\n  - flatten\n  - dropout: {p: 0.25}\n  - dense: {units: 3}\n"
            + "  - softmax\nloss: cross_entropy\n";

    @TempDir
    Path dir;
    Path conf, weights, rows;

    @BeforeEach
    void trainATinyNet() throws IOException {
        TrainCommandTest.images(dir.resolve("data/train"), 8, 1);
        TrainCommandTest.images(dir.resolve("data/test"), 4, 2);
        conf = dir.resolve("lines.conf");
        // scale: 1/255 reaches the CSV rows predict reads: the weights file must carry it too.
        Files.writeString(conf, NETWORK + "data: {train: data/train, test: data/test, scale: 1/255}\n"
                + "train: {batch: 5, epochs: 2, lr: 0.1, seed: 3}\n");
        weights = dir.resolve("model.json");
        Cli t = Cli.run("train", "--config", conf.toString(), "--save", weights.toString());
        assertEquals(0, t.code(), t.err());
        rows = dir.resolve("rows.csv");
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 64; i++) csv.append(i == 0 ? "" : ",").append((r == 0 ? i % 8 == 2 : i / 8 == 5) ? 230 : 10);
            csv.append('\n');
        }
        Files.writeString(rows, csv.toString());
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void theFileKeepsTheNetworkItWasTrainedAs() throws IOException {
        JsonNode a = JSON.readTree(weights.toFile()).get("architecture");
        assertEquals("[1,8,8]", a.get("input").toString());
        assertEquals("{\"type\":\"conv\",\"options\":{\"filters\":4,\"kernel\":[3,3],\"stride\":[1,1],\"padding\":[1,1]}}",
                a.get("layers").get(0).toString());
        assertEquals("{\"type\":\"dropout\",\"options\":{\"p\":0.25}}", a.get("layers").get(5).toString());
        assertEquals(8, a.get("layers").size());
        assertEquals("cross_entropy", a.get("loss").asText());
        assertEquals(1 / 255.0, a.get("data").get("scale").asDouble());
        assertEquals(false, a.get("data").get("resize").asBoolean());
        assertTrue(a.get("data").path("train").isMissingNode(), "no data paths: " + a);
    }

    @Test
    void predictAndEvaluateWithTheWeightsAloneGiveWhatTheConfigGives() {
        String[] inputs = {p("data/test/diagonal/000.png"), p("data/test/vertical/003.png"), rows.toString()};
        Cli with = Cli.run(concat(List.of("predict", "--config", conf.toString(), "--weights", weights.toString(),
                "--format", "json", "--top", "2"), inputs));
        Cli alone = Cli.run(concat(List.of("predict", "--weights", weights.toString(), "--format", "json", "--top", "2"),
                inputs));
        assertEquals(0, with.code(), with.err());
        assertEquals(0, alone.code(), alone.err());
        assertTrue(with.out().contains("rows.csv:2"), with.out());
        assertEquals(with.out(), alone.out());

        Cli e1 = Cli.run("evaluate", "--config", conf.toString(), "--weights", weights.toString(), "--data", p("data/test"));
        Cli e2 = Cli.run("evaluate", "--weights", weights.toString(), "--data", p("data/test"));
        assertEquals(0, e1.code(), e1.err());
        assertEquals(0, e2.code(), e2.err());
        assertTrue(e1.out().startsWith(weights + " on "), e1.out());
        assertTrue(e1.out().contains("\n2 vertical "), e1.out());
        assertEquals(e1.out(), e2.out());
        Cli.run("evaluate", "--weights", weights.toString())
                .assertBadInput("cnnbp: " + weights + ": no test set to evaluate on; give --data PATH", "PATH");
    }

    @Test
    void summaryGradcheckAndExportTakeTheNetworkFromTheWeights() throws IOException {
        Cli s1 = Cli.run("summary", "--config", conf.toString()), s2 = Cli.run("summary", "--weights", weights.toString());
        assertEquals(0, s2.code(), s2.err());
        assertEquals(weights + ": input 1x8x8, loss cross_entropy", s2.out().lines().findFirst().orElseThrow());
        assertEquals(s1.out().lines().skip(1).toList(), s2.out().lines().skip(1).toList());

        Cli g1 = Cli.run("gradcheck", "--config", conf.toString(), "--weights", weights.toString(), "--batch", "2",
                "--format", "json");
        Cli g2 = Cli.run("gradcheck", "--weights", weights.toString(), "--batch", "2", "--format", "json");
        assertEquals(0, g2.code(), g2.err() + g2.out());
        JsonNode n2 = JSON.readTree(g2.out()).get("networks").get(0);
        assertEquals(weights.toString(), n2.get("name").asText());
        assertEquals("cnnbp gradcheck --weights " + weights + " --batch 2 --seed 1", n2.get("command").asText());
        assertEquals(0, g1.code(), g1.err() + g1.out());

        Cli x1 = Cli.run("export", "--config", conf.toString(), "--weights", weights.toString(), "--format", "onnx",
                "-o", p("with.onnx"));
        Cli x2 = Cli.run("export", "--weights", weights.toString(), "--format", "onnx", "-o", p("alone.onnx"));
        assertEquals(0, x1.code(), x1.err());
        assertEquals(0, x2.code(), x2.err());
        assertTrue(Files.size(dir.resolve("alone.onnx")) > 1000);
        Cli.run("export", "--weights", weights.toString(), "--format", "pytorch", "-o", p("pt"))
                .assertBadInput("cnnbp export: --format pytorch writes the config's training settings", "give --config");
    }

    @Test
    void aConfigOfAnotherNetworkIsRefusedNamingTheFirstDifference() throws IOException {
        // Dropout's p changes no shape: without the architecture these weights would load without a word.
        Path other = dir.resolve("other.conf");
        Files.writeString(other, Files.readString(conf).replace("p: 0.25", "p: 0.5"));
        Cli.run("predict", "--config", other.toString(), "--weights", weights.toString(), rows.toString())
                .assertBadInput("cnnbp: " + weights + ": trained as another network than " + other
                        + ": layer 6 dropout: p 0.5 in " + other + ", 0.25 in " + weights, "");
        Files.writeString(other, Files.readString(conf).replace("loss: cross_entropy", "loss: mse"));
        Cli.run("evaluate", "--config", other.toString(), "--weights", weights.toString())
                .assertBadInput("cnnbp: " + weights + ": trained as another network than " + other + ": loss mse in "
                        + other + ", cross_entropy in " + weights, "");
        Files.writeString(other, Files.readString(conf).replace("  - batchnorm\n", ""));
        Cli.run("export", "--config", other.toString(), "--weights", weights.toString(), "--format", "onnx",
                "-o", p("x.onnx")).assertBadInput("cnnbp: " + weights + ": trained as another network than " + other
                + ": layer 2 is relu in " + other + ", batchnorm in " + weights, "");
    }

    @Test
    void aFileFromBeforeTheArchitectureWorksWithTheConfigAndSaysSoWithout() throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(weights.toFile());
        root.remove("architecture");
        Path old = dir.resolve("old.json");
        Files.writeString(old, JSON.writeValueAsString(root));
        Cli with = Cli.run("predict", "--config", conf.toString(), "--weights", old.toString(), rows.toString());
        assertEquals(0, with.code(), with.err());
        assertEquals(Cli.run("predict", "--weights", weights.toString(), rows.toString()).out(), with.out());
        String message = "cnnbp: " + old + ": written before weights files carried their network; give the network with"
                + " --config FILE";
        Cli.run("predict", "--weights", old.toString(), rows.toString()).assertBadInput(message, "");
        Cli.run("evaluate", "--weights", old.toString(), "--data", p("data/test")).assertBadInput(message, "");
        Cli.run("summary", "--weights", old.toString()).assertBadInput(message, "");
        Cli.run("gradcheck", "--weights", old.toString()).assertBadInput(message, "");
    }

    private static String[] concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }
}
