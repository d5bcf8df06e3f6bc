package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** cnnbp explain: the expansion of an element in the terminal, text or JSON; the mistakes it names. */
class ExplainCommandTest {
    private static final String SEED002 = "configs/seed002.conf";

    @Test
    void printsTheSumOfProductsWithTheNumbers() {
        Cli r = Cli.run("explain", "--config", SEED002, "dL/dW1[0,0,0,1]");
        assertEquals(0, r.code(), r.err());
        // X[0,i,j+1]·dL/dZ1[0,i,j]: dL/dZ1 is 0.2, 0.4, 0.6, 0.8 at [1,1], [1,3], [3,1], [3,3], under X = 8, 10, 18, 20
        assertEquals("""
                dL/dW1[0,0,0,1] = Σ_{i,j} X[0,i,j+1]·dL/dZ1[0,i,j]
                  = 2·0 + 3·0 + 4·0 + 5·0 + 7·0 + 8·0.2 + 9·0 + 10·0.4 + 12·0 + 13·0 + 14·0 + 15·0 + 17·0 + 18·0.6 + 19·0 + 20·0.8
                  = 32.4
                """, r.out());
    }

    @Test
    void severalElementsAndDigits() {
        Cli r = Cli.run("explain", "--config", SEED002, "--digits", "3", "A2[1]", "L");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                A2[1] = e^Z2[1] / Σ_k e^Z2[k]
                  = e^-12.8 / (e^12.8 + e^-12.8)
                  = 7.32e-12

                L = −log A2[1]
                  = −log(7.32e-12)
                  = 25.6
                  the label is 1
                """, r.out());
    }

    @Test
    void jsonHasTheTermsAtFullPrecision() throws Exception {
        Cli r = Cli.run("explain", "--config", SEED002, "--format", "json", "dL/dA1[0,1,1]");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("cnnbp-explain/1", j.get("format").asText());
        assertEquals("dL/dA1", j.get("element").get("tensor").asText());
        assertEquals(0.2, j.get("result").asDouble(), 1e-9);  // 0.2·(1 − A2[1]), A2[1] = 7.3e-12
        assertEquals(j.get("result").asDouble(), j.get("element").get("value").asDouble(), 1e-15);
        JsonNode ref = j.get("terms").get(0).get("factors").get(0).get("refs").get(0);
        assertEquals("dL/dP1", ref.get("tensor").asText());
        assertEquals("[0,0,0]", ref.get("index").toString());
        assertTrue(j.get("note").asText().contains("route"), j.toString());
        assertEquals(r.out(), Cli.run("explain", "--config", SEED002, "--format=json", "dL/dA1[0, 1, 1]").out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "dW1[0,0,1,1]   | unknown tensor 'dW1' (did you mean 'dL/dW1'?)",
            "Z1[0,4,0]      | Z1[0,4,0]: index 2 is 4, expected 0 to 3",
    })
    void aBadElementIsOneLine(String element, String phrase) {
        Cli.run("explain", "--config", SEED002, element).assertBadInput("", phrase);
    }

    @Test
    void badDigitsAreAUsageError() {
        Cli r = Cli.run("explain", "--config", SEED002, "--digits", "0", "L");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--digits must be 1 to 17, got 0"), r.err());
    }

    @Test
    void theHtmlHandoutLeavesTheBlanksOut() {
        Cli r = Cli.run("trace", "--config", SEED002, "--format", "html", "--blank", "backward");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("<!DOCTYPE html>"), r.out().substring(0, 40));
        Cli full = Cli.run("trace", "--config", SEED002, "--format", "html");
        assertTrue(r.out().length() < full.out().length(), "the handout carries less than the full page");
    }
}
