package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18 items 1 and 2 through the command line: the slip to fix listed first, and a named mistake. */
class TeachCompareCliTest {
    private static final String CONF = "src/test/resources/teach/sign-flip.conf";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The reference trace of the config, written to ref.json. */
    private Path reference() throws Exception {
        Cli r = Cli.run("trace", "--config", CONF, "--format", "json");
        assertEquals(0, r.code(), r.err());
        return Files.writeString(dir.resolve("ref.json"), r.out());
    }

    /** Every computed tensor of the reference, name to values (nested arrays as the trace writes them flat). */
    private static ObjectNode perfect(JsonNode ref) {
        ObjectNode a = JSON.createObjectNode();
        a.set("L", ref.get("loss"));
        for (JsonNode l : ref.get("layers")) {
            a.set(l.get("name").asText(), l.at("/output/data").deepCopy());
            a.set(l.at("/grad_output/name").asText(), l.at("/grad_output/data").deepCopy());
            for (Iterator<Map.Entry<String, JsonNode>> it = l.path("params").fields(); it.hasNext(); ) {
                JsonNode p = it.next().getValue();
                a.set("dL/d" + p.get("name").asText(), p.get("grad").deepCopy());
            }
        }
        return a;
    }

    private static void negate(ObjectNode answers, String name) {
        ArrayNode data = (ArrayNode) answers.get(name);
        for (int i = 0; i < data.size(); i++) data.set(i, DoubleNode.valueOf(-data.get(i).asDouble()));
    }

    @Test
    void aSlipUnderACarriedSignFlipIsListedFirst() throws Exception {
        Path ref = reference();
        JsonNode trace = JSON.readTree(ref.toFile());
        ObjectNode answers = perfect(trace);
        // The student flips the sign of dL/dZ2 and carries it through every gradient below it...
        for (String name : List.of("dL/dZ2", "dL/dW2", "dL/db2", "dL/dF", "dL/dA1", "dL/dZ1", "dL/dW1", "dL/db1")) {
            negate(answers, name);
        }
        // ...and, like the 2.9 for 2.92423, rounds the largest element too early: 0.82 where their
        // chain gives 0.822736 (at --digits 3, 0.823).
        ArrayNode dw1 = (ArrayNode) answers.get("dL/dW1");
        int slip = 0, nonzero = 0;
        for (int i = 0; i < dw1.size(); i++) {
            if (Math.abs(dw1.get(i).asDouble()) > Math.abs(dw1.get(slip).asDouble())) slip = i;
            if (dw1.get(i).asDouble() != 0) nonzero++;
        }
        assertEquals(0.822736, dw1.get(slip).asDouble(), 5e-7);
        dw1.set(slip, DoubleNode.valueOf(0.82));
        Path file = Files.writeString(dir.resolve("answers.json"), answers.toString());

        Cli r = Cli.run("compare", ref.toString(), file.toString(), "--digits", "3");
        assertEquals(1, r.code(), r.err());
        String line = r.out().lines().filter(l -> l.startsWith("✗    dL/dW1")).findFirst().orElseThrow();
        String index = "[" + slip / 9 + ",0," + slip % 9 / 3 + "," + slip % 3 + "]";
        assertTrue(line.startsWith("✗    dL/dW1  1 of 18 not what your dL/dZ1 gives (the slip to fix): " + index
                + " that gives 0.822736, got 0.82. " + nonzero + " of 18 wrong: "), line);
        assertFalse(line.contains("Looks like"), "no known slip fits a sign flip with one more slip: " + line);
        String dz2 = r.out().lines().filter(l -> l.startsWith("✗    dL/dZ2")).findFirst().orElseThrow();
        assertTrue(dz2.endsWith(". Looks like the sign flipped; it needed dL/dZ2 = A2 − Y"), dz2);
        assertTrue(r.out().contains("(✓)  dL/dZ1  correct given your dL/dA1\n"), r.out());

        Cli json = Cli.run("compare", ref.toString(), file.toString(), "--digits", "3", "--format", "json");
        JsonNode t = null;
        for (JsonNode n : JSON.readTree(json.out()).get("tensors")) if (n.get("name").asText().equals("dL/dW1")) t = n;
        assertEquals(1, t.get("slips").size(), t.toString());
        assertEquals(index.replace(" ", ""), t.at("/slips/0/index").toString());
        assertEquals(0.82, t.at("/slips/0/got").asDouble());
        assertEquals(0.822736, t.at("/slips/0/expected").asDouble(), 5e-7);
        assertEquals(nonzero, t.get("wrong").size());
    }
}
