package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18 item 3 through the command line: tied max-pool windows in the trace, trace --check, compare. */
class TeachTraceCliTest {
    /** A1 (4x4 after ReLU) of this config: window (1,1) is [[0, 0], [0, 0]] after ReLU; no other window is tied. */
    private static final String TIES = "src/test/resources/teach/ties.conf";
    private static final String RULE = "the gradient goes to the first maximum in row-major window order, as PyTorch";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyFormatMarksTheTiedWindowAndStatesTheRule() throws Exception {
        String note = "Tied maximum in window (1,1) of A1: " + RULE + ".";
        Cli text = Cli.run("trace", "--config", TIES);
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("\n" + note + "\n\n-- layer 4: flatten"), text.out());
        Cli md = Cli.run("trace", "--config", TIES, "--format", "markdown", "--blank", "backward");
        assertTrue(md.out().contains("\n*" + note + "*\n"), md.out());
        Cli tex = Cli.run("trace", "--config", TIES, "--format", "latex");
        assertTrue(tex.out().contains("\n\\emph{" + note + "}\n"), tex.out());
        Cli json = Cli.run("trace", "--config", TIES, "--format", "json");
        JsonNode pool = JSON.readTree(json.out()).at("/layers/2");
        assertEquals("maxpool", pool.get("type").asText());
        assertEquals("[{\"channel\":0,\"window\":[1,1],\"maxima\":[[2,2],[2,3],[3,2],[3,3]]}]", pool.get("ties").toString());
        assertEquals(RULE, pool.get("tie_rule").asText());

        Cli seed002 = Cli.run("trace", "--config", "configs/seed002.conf");
        assertTrue(!seed002.out().contains("Tied"), "no tie, no note");
    }

    @Test
    void checkWarnsAboutTiesAndReluZerosWithExitCode1() {
        Cli r = Cli.run("trace", "--config", TIES, "--check");
        assertEquals(1, r.code(), r.err());
        assertEquals("""
                warning: layer 2 relu: input exactly 0 at Z1[0,0,1], Z1[0,2,2], Z1[0,2,3]: ReLU's derivative there is taken as 0, as PyTorch
                warning: layer 3 maxpool: tied maximum in window (1,1) of A1: %s
                2 warning(s): say the rule in the handout, or change the weights or the input
                """.formatted(RULE), r.out());
        Cli ok = Cli.run("trace", "--config", "configs/seed002.conf", "--check");
        assertEquals(0, ok.code(), ok.err());
        assertEquals("ok: no tied max-pool window, no ReLU input exactly 0\n", ok.out());
    }

    @Test
    void compareExplainsATieBrokenTheOtherWay() throws Exception {
        Cli ref = Cli.run("trace", "--config", TIES, "--format", "json");
        Path refFile = Files.writeString(dir.resolve("ref.json"), ref.out());
        JsonNode da1 = JSON.readTree(ref.out()).at("/layers/1/grad_output/data");
        double[] other = new double[16];
        for (int i = 0; i < 16; i++) other[i] = da1.get(i).asDouble();
        assertTrue(Math.abs(other[10]) > 1e-3, "window (1,1)'s gradient goes to A1[2,2]: " + da1);
        other[11] = other[10];  // the student picks A1[2,3], the second of the four tied zeros
        other[10] = 0;
        StringBuilder answers = new StringBuilder("dL/dA1: [");
        for (int i = 0; i < 16; i++) answers.append(i > 0 ? ", " : "").append(other[i]);
        Path file = Files.writeString(dir.resolve("a.yaml"), answers.append("]\n").toString());
        Cli r = Cli.run("compare", refFile.toString(), file.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains(". Looks like window (1,1)'s gradient sent to another tied maximum; the rule: " + RULE
                + "; it needed dL/dA1 = route dL/dP1 to each window's max (the mask)\n"), r.out());
    }
}
