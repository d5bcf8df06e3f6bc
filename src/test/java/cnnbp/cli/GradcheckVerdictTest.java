package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What gradcheck's verdict says about elements it could not judge, and a saturated output it can. */
class GradcheckVerdictTest {
    /**
     * An all-zero image: every Z1 is exactly 0, every ReLU on its kink and every pool window tied at
     * 0, so moving b1 or most of X crosses kinks on both sides. Worked out: 15 of the 40 elements.
     */
    private static final String FLAT = """
            input: [1, 5, 5]
            layers:
              - conv: {filters: 1, kernel: 2, weights: [[[[1, -1], [2, 1]]]], bias: [0]}
              - relu
              - maxpool: {size: 2}
              - flatten
              - dense: {units: 2, weights: [[1, 2, 3, 4], [-1, 0, 1, 0]], bias: [0, 0]}
              - softmax
            loss: cross_entropy
            example: {input: [[[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]], label: 0}
            """;

    @TempDir
    Path dir;

    @Test
    void aPassSaysFirstHowManyElementsWereNotJudged() throws IOException {
        Path cfg = write("flat.conf", FLAT);
        Cli r = Cli.run("gradcheck", "--config", cfg.toString(), "--input-grad");
        assertEquals(0, r.code(), r.out() + r.err());
        String last = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.startsWith("passed (15 of 40 not judged: kinks on both sides): 40 elements"), last);

        JsonNode json = new ObjectMapper().readTree(Cli.run("gradcheck", "--config", cfg.toString(), "--input-grad",
                "--format", "json").out());
        assertEquals(15, json.get("unjudged").asInt());
        assertEquals(40, json.get("checked").asInt());
        assertTrue(json.get("passed").asBoolean());
        assertTrue(json.get("summary").asText().startsWith("passed (15 of 40 not judged"));
    }

    @Test
    void maxUnjudgedFailsARunThatJudgedTooLittle() throws IOException {
        Path cfg = write("flat.conf", FLAT);
        Cli r = Cli.run("gradcheck", "--config", cfg.toString(), "--input-grad", "--max-unjudged", "0.1");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("FAILED: 15 of 40 not judged: kinks on both sides (38%), more than the 10% allowed"),
                r.out());
        assertEquals(0, Cli.run("gradcheck", "--config", cfg.toString(), "--input-grad", "--max-unjudged", "0.4").code());

        String junit = Cli.run("gradcheck", "--config", cfg.toString(), "--input-grad", "--max-unjudged", "0.1",
                "--format", "junit").out();
        assertTrue(junit.contains("name=\"elements judged (15 of 40 not judged: kinks on both sides)\""), junit);
        assertTrue(junit.contains("type=\"TooLittleJudged\""), junit);

        Cli bad = Cli.run("gradcheck", "--config", cfg.toString(), "--max-unjudged", "1.5");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--max-unjudged must be 0 to 1, got 1.5"), bad.err());
    }

    /**
     * The network: z = 2·2 + 12.375 = 16.375, A = σ(z) ≈ 1 − 7.7e-8, label 0. The difference
     * of −log(1 − A) loses its digits in 1 − A (it used to fail W1 and b1 at rel 2e-4..5e-4); from the
     * logit, dL/db1 = σ(16.375) = 0.99999992296 and dL/dW1 = 2·σ(16.375) exactly as backprop says.
     */
    @Test
    void aSaturatedSigmoidWithBceIsJudgedFromItsLogit() throws IOException {
        Path cfg = write("sat.conf", """
                input: [1]
                layers:
                  - dense: {units: 1, weights: [[2.0]], bias: [12.375]}
                  - sigmoid
                loss: bce
                example: {input: [2], label: 0}
                """);
        Cli r = Cli.run("gradcheck", "--config", cfg.toString(), "--format", "json");
        assertEquals(0, r.code(), r.out());
        JsonNode b1 = new ObjectMapper().readTree(r.out()).get("networks").get(0).get("tensors").get(1);
        assertEquals("b1", b1.get("name").asText());
        double sigma = 1 / (1 + Math.exp(-16.375));
        JsonNode e = b1.get("elements").get(0);
        assertEquals(sigma, e.get("analytic").asDouble(), 1e-15);
        assertEquals(sigma, e.get("numeric").asDouble(), 1e-8);
    }

    /** The self-test's X of its first network passes at max rel 7.04e-06 > rtol 1e-6: on the absolute floor. */
    @Test
    void anOkAboveRtolSaysItPassedOnTheFloor() {
        Cli r = Cli.run("gradcheck");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains(" 7.04e-06 ") && l.endsWith("ok, |a − n| ≤ 2.84e-08")), r.out());
        assertTrue(r.out().lines().filter(l -> l.matches("\\s+\\d+\\s.*")).allMatch(l -> !l.endsWith(" ok")
                || !l.matches(".* [0-9.]+e-0[0-5] .*")), "an ok with max rel above 1e-6 must say so:\n" + r.out());
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
