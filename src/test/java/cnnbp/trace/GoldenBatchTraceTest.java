package cnnbp.trace;

import cnnbp.text.Numbers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.cli.Main;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Batches against PyTorch: {@code cnnbp trace --format json} on every batch config (its {@code examples:}
 * are one batch of M) must give the batch size, the mean loss, each example's loss, the labels, X and Y,
 * every layer's output, output gradient and max-pool or dropout mask (all with the batch dimension first),
 * every parameter and its gradient (summed over the batch), and batchnorm's mu and var (per channel, the
 * batch's) and xhat with its gradient, of the reference written by {@code scripts/make-golden} from the
 * whole batch at once. A dropout mask is cnnbp's (the script reads it as an input); every number made
 * from it is PyTorch's.
 *
 * <p>Each {@code NAME.trace.json} in {@code src/test/resources/golden/batch/} belongs to {@code NAME.conf}
 * beside it, except {@code configs-NAME.trace.json}, which belongs to {@code configs/NAME.conf}. Numbers
 * agree as in {@link GoldenTraceTest}: |cnnbp − reference| ≤ 1e-9 · max(1, |reference|); masks exactly.
 */
public class GoldenBatchTraceTest {
    private static final Path BATCH = Path.of("src", "test", "resources", "golden", "batch");
    private static final String TRACE_SUFFIX = ".trace.json";
    private static final String SEED_PREFIX = "configs-";
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    public static Stream<String> batches() throws IOException {
        try (Stream<Path> files = Files.list(BATCH)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(TRACE_SUFFIX))
                    .map(f -> f.substring(0, f.length() - TRACE_SUFFIX.length())).sorted().toList();
            assertFalse(names.size() < 14, "expected the batch references of scripts/make-golden in " + BATCH.toAbsolutePath());
            return names.stream();
        }
    }

    static Path configOf(String network) {
        if (network.startsWith(SEED_PREFIX)) return Path.of("configs", network.substring(SEED_PREFIX.length()) + ".conf");
        return BATCH.resolve(network + ".conf");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("batches")
    void cnnbpBatchTraceMatchesPyTorch(String network) throws IOException {
        Path conf = configOf(network);
        assertTrue(Files.isRegularFile(conf), network + ": no config " + conf.toAbsolutePath());
        JsonNode ref = JSON.readTree(BATCH.resolve(network + TRACE_SUFFIX).toFile());
        JsonNode got = trace(network, conf);

        GoldenTraceTest.Mismatches m = new GoldenTraceTest.Mismatches(network);
        int batch = ref.get("batch").asInt();
        assertTrue(batch >= 2, network + ": a batch reference has M >= 2");
        if (!ref.get("batch").equals(got.get("batch"))) m.add("batch: cnnbp " + got.get("batch") + ", PyTorch " + batch);
        m.number("loss", got.get("loss"), ref.get("loss"));
        numbers(m, "losses", got.get("losses"), ref.get("losses"));
        numbers(m, "label", got.get("label"), ref.get("label"));
        m.tensor("input", got.get("input"), ref.get("input"), "data", false);
        m.tensor("target", got.get("target"), ref.get("target"), "data", false);
        JsonNode gl = got.path("layers"), rl = ref.path("layers");
        if (gl.size() != rl.size()) m.add("cnnbp has " + gl.size() + " layers, PyTorch " + rl.size());
        for (int i = 0; i < Math.min(gl.size(), rl.size()); i++) {
            JsonNode g = gl.get(i), r = rl.get(i);
            String layer = "layer " + r.get("index") + " (" + r.path("type").asText() + ")";
            m.tensor(layer + " output", g.get("output"), r.get("output"), "data", false);
            m.tensor(layer + " grad_output", g.get("grad_output"), r.get("grad_output"), "data", false);
            assertEquals(batch, r.get("output").get("shape").get(0).asInt(), network + ": " + layer + " output starts with M");
            for (String group : List.of("params", "tensors")) {  // W and b, gamma and beta; batchnorm's mu, var, xhat
                JsonNode gp = g.path(group), rp = r.path(group);
                for (String key : GoldenTraceTest.union(GoldenTraceTest.names(gp), GoldenTraceTest.names(rp))) {
                    String what = layer + " " + group + " " + key;
                    if (!gp.has(key) || !rp.has(key)) {
                        m.add(what + (rp.has(key) ? " is missing from cnnbp's trace" : " is not in the reference"));
                        continue;
                    }
                    m.tensor(what, gp.get(key), rp.get(key), "data", false);
                    if (rp.get(key).has("grad") || gp.get(key).has("grad")) {
                        m.tensor(what + " grad", gp.get(key), rp.get(key), "grad", false);
                    }
                }
            }
            if (r.has("mask") != g.has("mask")) m.add(layer + " mask: " + (r.has("mask") ? "missing from cnnbp's trace" : "not in the reference"));
            if (r.has("mask")) m.tensor(layer + " mask", g.get("mask"), r.get("mask"), "data", true);
        }
        m.assertNone();
    }

    private static JsonNode trace(String network, Path conf) throws IOException {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute("trace", "--config", conf.toString(), "--format", "json");
        assertEquals(0, code, network + ": cnnbp trace exited with " + code + "; stderr: " + err);
        return JSON.readTree(out.toString());
    }

    private static void numbers(GoldenTraceTest.Mismatches m, String what, JsonNode got, JsonNode ref) {
        if (got == null || !got.isArray() || got.size() != ref.size()) {
            m.add(what + ": cnnbp gives " + got + ", PyTorch " + ref);
            return;
        }
        for (int i = 0; i < ref.size(); i++) m.number(what + "[" + i + "]", got.get(i), ref.get(i));
    }
}
