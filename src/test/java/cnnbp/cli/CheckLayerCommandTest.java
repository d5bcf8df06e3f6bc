package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.exec.Python;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * check-layer on Python layers: the example conv passes; each deliberately broken copy of it fails
 * naming the tensor (and the cases that expose it), or, when it breaks the protocol, is one line and
 * exit code 2; no program outlives the command.
 */
class CheckLayerCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void python() {
        Python.assumeNumpy();
    }

    private static Cli check(String command, String... more) {
        List<String> args = new ArrayList<>(List.of("check-layer", "--exec", command, "--as", "conv"));
        args.addAll(List.of(more));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(List.of(), Python.children(), "no program may outlive check-layer");
        return r;
    }

    @Test
    void theExampleConvPassesOnBatchesAboveFourAndNotMultiplesOfIt() throws Exception {
        Cli r = check(Python.variant(dir, "my_conv.py"), "--format", "json");
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode j = JSON.readTree(r.out());
        assertTrue(j.get("passed").asBoolean());
        assertEquals(20, j.get("cases").size());
        List<Integer> batches = new ArrayList<>();
        j.get("cases").forEach(c -> batches.add(c.get("batch").asInt()));
        assertTrue(batches.contains(5) && batches.contains(9) && batches.contains(33), batches.toString());
        for (JsonNode c : j.get("cases")) {
            assertEquals(4, c.get("compared").size(), "y, dx, grads.W, grads.b");
            assertTrue(c.get("finite_differences").get(0).get("checked").asInt() > 0);
        }
    }

    @Test
    void dxMissingAFactorFailsOnDxAloneAndShowsTheFactor() throws Exception {
        Cli r = check(Python.variant(dir, "my_conv.py", "dx = dxp[", "dx = 0.5 * dxp["), "--cases", "4", "--format", "json");
        assertEquals(1, r.code(), r.err());
        JsonNode j = JSON.readTree(r.out());
        for (JsonNode c : j.get("cases")) {
            for (JsonNode t : c.get("compared")) {
                boolean dx = t.get("name").asText().equals("dx");
                assertEquals(dx, t.get("failed").asInt() > 0, t.toString());
                for (JsonNode m : t.get("first_mismatches")) {
                    assertEquals(0.5 * m.get("cnnbp").asDouble(), m.get("program").asDouble(), 1e-12);
                }
            }
            // its backward no longer matches its own forward either
            assertTrue(c.get("finite_differences").get(0).get("failed").asInt() > 0);
        }
    }

    @Test
    void aFlippedKernelGradientFailsOnGradsWAndTheTextNamesTheElement() {
        Cli r = check(Python.variant(dir, "my_conv.py", "return dx, {\"W\": dW,", "return dx, {\"W\": dW[:, :, ::-1, ::-1],"),
                "--cases", "6");
        assertEquals(1, r.code(), r.err());
        String last = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.matches("FAILED: \\d of 6 cases; first: case \\d \\(in_shape .*\\): grads\\.W\\[\\d,\\d,\\d,\\d\\]: program .*, cnnbp .*"),
                last);
        assertFalse(r.out().contains("  dx "), r.out());
        assertFalse(r.out().contains("  y "), r.out());
    }

    @Test
    void aWeightGradientThatIgnoresTheStrideFailsOnlyWhereTheStrideIsNotOne() throws Exception {
        String cmd = Python.variant(dir, "my_conv.py",
                "dW += np.tensordot(d, window, axes=([0], [0]))",
                "dW += np.tensordot(d, xp[:, :, i:i + kh, j:j + kw], axes=([0], [0]))");
        JsonNode j = JSON.readTree(check(cmd, "--format", "json", "--cases", "8", "--fd-elements", "2").out());
        assertFalse(j.get("passed").asBoolean());
        int failing = 0, unitStride = 0;
        for (JsonNode c : j.get("cases")) {
            JsonNode stride = c.get("options").get("stride");
            boolean unit = stride.get(0).asInt() == 1 && stride.get(1).asInt() == 1;
            if (unit) unitStride++;
            for (JsonNode t : c.get("compared")) {
                if (t.get("failed").asInt() == 0) continue;
                failing++;
                assertEquals("grads.W", t.get("name").asText());
                assertFalse(unit, "stride 1 cases must pass: " + c);
            }
        }
        assertTrue(failing > 0 && unitStride > 0, failing + " failing, " + unitStride + " with stride 1");
    }

    @Test
    void paddingCroppedFromTheWrongCornerFailsOnDxWherePaddingIsNotZero() throws Exception {
        String cmd = Python.variant(dir, "my_conv.py", "dx = dxp[:, :, ph:ph + x.shape[2], pw:pw + x.shape[3]]",
                "dx = dxp[:, :, :x.shape[2], :x.shape[3]]");
        JsonNode j = JSON.readTree(check(cmd, "--format", "json", "--cases", "8", "--fd-elements", "2").out());
        assertFalse(j.get("passed").asBoolean());
        for (JsonNode c : j.get("cases")) {
            JsonNode pad = c.get("options").get("padding");
            boolean none = pad.get(0).asInt() == 0 && pad.get(1).asInt() == 0;
            for (JsonNode t : c.get("compared")) {
                if (t.get("failed").asInt() > 0) {
                    assertEquals("dx", t.get("name").asText());
                    assertFalse(none, "unpadded cases must pass: " + c);
                }
            }
        }
    }

    @Test
    void anOutShapeThatIgnoresPaddingIsAFailedCaseNamingBothShapes() {
        Cli r = check(Python.variant(dir, "my_conv.py", "(h + 2 * ph - kh)", "(h - kh)"), "--options", "{\"padding\": 1}",
                "--cases", "2");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("init answered out_shape ["), r.out());
        assertTrue(r.out().contains("but cnnbp's conv gives ["), r.out());
    }

    @Test
    void fixedOptionsAreKeptInEveryCase() throws Exception {
        Cli r = check(Python.variant(dir, "my_conv.py"), "--cases", "3", "--format", "json", "stride=1", "kernel=[3,2]");
        assertEquals(0, r.code(), r.err());
        for (JsonNode c : JSON.readTree(r.out()).get("cases")) {
            assertEquals("[1,1]", c.get("options").get("stride").toString());
            assertEquals("[3,2]", c.get("options").get("kernel").toString());
        }
    }

    /** A program that breaks the protocol: exit code 2 and one line naming the program and the request. */
    private void brokenProtocol(String command, String op, String phrase, String... more) {
        Cli r = check(command, more);
        r.assertBadInput("cnnbp: check-layer --exec (" + command + "): " + op + ": ", phrase);
    }

    @Test
    void aMissingGradsKey() {
        brokenProtocol(Python.variant(dir, "my_conv.py", "{\"W\": dW, \"b\": dy.sum(axis=(0, 2, 3))}", "{\"W\": dW}"),
                "backward", "grads has no \"b\" (it needs W, b)");
    }

    @Test
    void aWrongShape() {
        brokenProtocol(Python.variant(dir, "my_conv.py", "    return y\n", "    return y[:1]\n"), "forward",
                "y has shape [1, ");
    }

    @Test
    void aNaNWhereTheInputHadNone() {
        brokenProtocol(Python.variant(dir, "my_conv.py", "    return y\n", "    y[0, 0, 0, 0] = np.nan\n    return y\n"),
                "forward", "y has NaN at [0, 0, 0, 0] where the request had none");
    }

    @Test
    void anErrorAnswerIsReportedWithItsText() {
        brokenProtocol(Python.variant(dir, "my_conv.py", "    W = params[\"W\"]\n",
                "    raise ValueError(\"not written yet\")\n"), "backward",
                "the program answered error: ValueError: not written yet");
    }

    @Test
    void aCrashMidRunIncludesTheLastLinesOfItsStderr() {
        brokenProtocol(Python.variant(dir, "my_conv.py", "    W = params[\"W\"]\n",
                "    import sys; sys.stderr.write('about to fail\\n'); sys.exit(3)\n"), "backward",
                "the program closed its output (exit code 3); its stderr ends: about to fail");
    }

    @Test
    void aHangBeyondTheTimeoutIsEnded() {
        // a shell program, so that starting it takes no part of the one second even on a busy machine
        String cmd = "read request; sleep 60";
        Cli r = Cli.run("check-layer", "--exec", cmd, "--as", "relu", "--timeout", "1");
        assertEquals(List.of(), Python.children(), "no program may outlive check-layer");
        r.assertBadInput("cnnbp: check-layer --exec (" + cmd + "): init: ", "no answer within 1 s");
    }

    @Test
    void aNonNumber() {
        String cmd = Python.program(dir, "strings.py", """
                import json, sys
                for line in sys.stdin:
                    req = json.loads(line)
                    if req["op"] == "init":
                        print(json.dumps({"out_shape": req["in_shape"], "params": {}}), flush=True)
                    else:
                        x = req["x"]
                        print(json.dumps({"y": {"shape": x["shape"], "data": ["1.5"] * len(x["data"])}}), flush=True)
                """);
        Cli r = Cli.run("check-layer", "--exec", cmd, "--as", "sigmoid");
        assertEquals(List.of(), Python.children());
        r.assertBadInput("cnnbp: check-layer --exec (" + cmd + "): forward: ",
                "y has a value that is not a number at flat index 0: \"1.5\"");
    }

    @Test
    void aGarbageLine() {
        brokenProtocol(Python.variant(dir, "my_conv.py", "def forward(x, params, options):\n",
                "def forward(x, params, options):\n    print('debug: in forward', flush=True)\n"), "forward",
                "answered a line that is not one JSON object: debug: in forward");
    }

    @Test
    void aCommandThatDoesNotExist() {
        brokenProtocol(Python.python() + " " + dir.resolve("nothing.py"), "init", "the program closed its output (exit code 2);"
                + " its stderr ends: ");
    }

    @Test
    void usageMistakes() {
        Cli r = Cli.run("check-layer", "--exec", "true", "--as", "convolution");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--as convolution: check-layer knows conv, dense, maxpool"), r.err());
        r = Cli.run("check-layer", "--exec", "true", "--as", "relu", "alpha=0.1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("option alpha: relu takes no options"), r.err());
    }
}
