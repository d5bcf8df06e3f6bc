package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A trace of a network with dropout keeps the random key its masks were drawn from ("random_key"), so that
 * compare, reading it back, runs the network with the same masks: the trace's own numbers as the answers
 * are all correct, for one example and for a batch.
 */
class TraceRandomKeyCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NETWORK = "input: [4]\nlayers:\n  - dense: {units: 6}\n  - relu\n  - dropout: {p: 0.5}\n"
            + "  - dense: {units: 2}\n  - softmax\nloss: cross_entropy\ninit: {seed: 7}\n";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"example: {input: [0.5, -1.0, 2.0, 0.25], label: 1}",
            "examples:\n  - {input: [0.5, -1.0, 2.0, 0.25], label: 1}\n  - {input: [1.5, 0.5, -0.75, 1.0], label: 0}"})
    void aDropoutTraceReadBackDrawsItsOwnMasks(String examples) throws IOException {
        Path conf = dir.resolve("drop.conf"), ref = dir.resolve("ref.json"), answers = dir.resolve("answers.json");
        Files.writeString(conf, NETWORK + examples + "\n");
        Cli t = Cli.run("trace", "--config", conf.toString(), "--format", "json");
        assertEquals(0, t.code(), t.err());
        Files.writeString(ref, t.out());
        JsonNode root = JSON.readTree(t.out());
        assertEquals("{\"seed\":7,\"epoch\":0,\"batch\":0}", root.get("random_key").toString(), "the config's init seed");
        JsonNode mask = root.get("layers").get(2).get("mask").get("data");
        int dropped = 0;
        for (JsonNode v : mask) dropped += v.asInt() == 0 ? 1 : 0;
        assertTrue(dropped > 0 && dropped < mask.size(), "some dropped, some kept: " + mask);

        Files.writeString(answers, answersOf(root));
        Cli c = Cli.run("compare", ref.toString(), answers.toString());
        assertEquals(0, c.code(), c.err() + c.out());
        assertTrue(c.out().contains(" 0 wrong, 0 not answered"), c.out());

        // Another key draws other masks: the file no longer agrees with itself and is refused, naming the place.
        ((ObjectNode) root.get("random_key")).put("seed", 8);
        Files.writeString(ref, JSON.writeValueAsString(root));
        Cli other = Cli.run("compare", ref.toString(), answers.toString());
        assertEquals(2, other.code(), other.out());
        assertTrue(other.err().contains("but the network the file describes gives"), other.err());
        ((ObjectNode) root).putArray("random_key").add(7);
        Files.writeString(ref, JSON.writeValueAsString(root));
        Cli.run("compare", ref.toString(), answers.toString()).assertBadInput("cnnbp: " + ref + ": \"random_key\" must be"
                + " {\"seed\": S, \"epoch\": E, \"batch\": B}", "got [7]");
    }

    /** Every tensor the trace computes, under its name, with the trace's own values: an answers file. */
    private static String answersOf(JsonNode trace) throws IOException {
        ObjectNode a = JSON.createObjectNode();
        for (JsonNode l : trace.get("layers")) {
            a.set(l.get("name").asText(), l.get("output").get("data"));
            a.set(l.get("grad_output").get("name").asText(), l.get("grad_output").get("data"));
            for (JsonNode p : l.path("params")) a.set("dL/d" + p.get("name").asText(), p.get("grad"));
        }
        a.set("L", trace.get("loss"));
        return JSON.writeValueAsString(a);
    }
}
