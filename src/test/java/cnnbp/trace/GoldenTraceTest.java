package cnnbp.trace;

import cnnbp.text.Numbers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cnnbp.cli.Main;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Whole networks against PyTorch: {@code cnnbp trace --format json} on every golden config must give
 * the loss, every layer's output and output gradient, every parameter gradient and every max-pool
 * routing mask of the reference trace written by {@code scripts/make-golden}.
 *
 * <p>Each {@code NAME.trace.json} in {@code src/test/resources/golden/} belongs to {@code NAME.conf}
 * beside it, except {@code configs-seed00N.trace.json}, which belongs to {@code configs/seed00N.conf}.
 * Numbers agree when |cnnbp − reference| ≤ 1e-9 · max(1, |reference|); masks agree exactly.
 */
public class GoldenTraceTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    private static final String TRACE_SUFFIX = ".trace.json";
    private static final String SEED_PREFIX = "configs-";
    private static final double TOLERANCE = 1e-9;
    /** Mismatches listed per network before the rest are only counted. */
    private static final int MAX_REPORTED = 20;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // a NaN from cnnbp fails the comparison, not the parse
            .build();

    public static Stream<String> networks() throws IOException {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(TRACE_SUFFIX))
                    .map(f -> f.substring(0, f.length() - TRACE_SUFFIX.length()))
                    .sorted()
                    .toList();
            assertFalse(names.isEmpty(), "no *" + TRACE_SUFFIX + " in " + GOLDEN.toAbsolutePath());
            return names.stream();
        }
    }

    public static Path configOf(String network) {
        if (network.startsWith(SEED_PREFIX)) {
            return Path.of("configs", network.substring(SEED_PREFIX.length()) + ".conf");
        }
        return GOLDEN.resolve(network + ".conf");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void cnnbpTraceMatchesPyTorch(String network) throws IOException {
        Path conf = configOf(network);
        assertTrue(Files.isRegularFile(conf), network + ": no config " + conf.toAbsolutePath());
        JsonNode ref = JSON.readTree(GOLDEN.resolve(network + TRACE_SUFFIX).toFile());

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute("trace", "--config", conf.toString(), "--format", "json");
        assertEquals(0, code, network + ": cnnbp trace exited with " + code + "; stderr: " + err);
        JsonNode got = JSON.readTree(out.toString());

        Mismatches m = new Mismatches(network);
        m.number("loss", got.get("loss"), ref.get("loss"));
        m.number("label", got.get("label"), ref.get("label"));
        m.tensor("input", got.get("input"), ref.get("input"), "data", false);

        Map<Integer, JsonNode> gotLayers = byIndex(network, "cnnbp", got);
        Map<Integer, JsonNode> refLayers = byIndex(network, "reference", ref);
        for (Integer index : union(gotLayers.keySet(), refLayers.keySet())) {
            JsonNode g = gotLayers.get(index);
            JsonNode r = refLayers.get(index);
            if (g == null || r == null) {
                m.add("layer " + index + (r == null ? " is in cnnbp's trace but not in the reference"
                        : " (" + r.path("type").asText() + ") is in the reference but not in cnnbp's trace"));
                continue;
            }
            String type = r.path("type").asText();
            String layer = "layer " + index + " (" + type + ")";
            if (!type.equals(g.path("type").asText())) {
                m.add(layer + ": cnnbp says type " + g.get("type"));
                continue;
            }
            m.tensor(layer + " output", g.get("output"), r.get("output"), "data", false);
            m.tensor(layer + " grad_output", g.get("grad_output"), r.get("grad_output"), "data", false);
            JsonNode gp = g.path("params");
            JsonNode rp = r.path("params");
            for (String param : union(names(gp), names(rp))) {
                String what = layer + " param " + param;
                if (!gp.has(param) || !rp.has(param)) {
                    m.add(what + (rp.has(param) ? " is missing from cnnbp's trace" : " is not in the reference"));
                    continue;
                }
                m.tensor(what, gp.get(param), rp.get(param), "data", false);
                m.tensor(what + " grad", gp.get(param), rp.get(param), "grad", false);
            }
            if (r.has("mask")) {
                m.tensor(layer + " mask", g.get("mask"), r.get("mask"), "data", true);
            }
        }
        m.assertNone();
    }

    private static Map<Integer, JsonNode> byIndex(String network, String source, JsonNode trace) {
        Map<Integer, JsonNode> layers = new TreeMap<>();
        JsonNode list = trace.path("layers");
        if (!list.isArray()) {
            fail(network + ": " + source + " trace has no \"layers\" array");
        }
        for (JsonNode layer : list) {
            if (layers.put(layer.path("index").asInt(), layer) != null) {
                fail(network + ": " + source + " trace has layer " + layer.get("index") + " twice");
            }
        }
        return layers;
    }

    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    static <T extends Comparable<T>> TreeSet<T> union(Iterable<T> a, Iterable<T> b) {
        TreeSet<T> all = new TreeSet<>();
        a.forEach(all::add);
        b.forEach(all::add);
        return all;
    }

    /** Collects every difference of one network so a failure shows them all, not just the first. */
    static final class Mismatches {
        private final String network;
        private final List<String> found = new ArrayList<>();

        Mismatches(String network) {
            this.network = network;
        }

        void add(String message) {
            found.add(message);
        }

        static boolean close(double got, double ref) {
            return Math.abs(got - ref) <= TOLERANCE * Math.max(1.0, Math.abs(ref)); // false for NaN
        }

        void number(String what, JsonNode got, JsonNode ref) {
            if (got == null || !got.isNumber()) {
                add(what + ": cnnbp gives " + got + ", expected the number " + ref);
            } else if (!close(got.doubleValue(), ref.doubleValue())) {
                add(what + ": cnnbp " + got.doubleValue() + ", PyTorch " + ref.doubleValue());
            }
        }

        /**
         * Compares {@code got.shape} with {@code ref.shape} and {@code got[key]} with {@code ref[key]}
         * element by element; reports the first differing flat index and how many differ.
         */
        void tensor(String what, JsonNode got, JsonNode ref, String key, boolean exact) {
            String name = key.equals("data") ? what : what.substring(0, what.length() - key.length() - 1);
            if (got == null || !got.isObject()) {
                add(what + ": missing from cnnbp's trace");
                return;
            }
            if (!Objects.equals(got.get("shape"), ref.get("shape"))) {
                if (key.equals("data")) { // a param's grad shares its shape with the data: say it once
                    add(name + ": shape " + got.get("shape") + ", PyTorch " + ref.get("shape"));
                }
                return;
            }
            JsonNode g = got.get(key);
            JsonNode r = ref.get(key);
            if (g == null || !g.isArray() || g.size() != r.size()) {
                add(what + ": cnnbp gives " + (g == null ? "no " + key
                        : g.isArray() ? g.size() + " numbers" : g.getNodeType() + "")
                        + ", PyTorch " + r.size());
                return;
            }
            int first = -1;
            int differing = 0;
            for (int i = 0; i < r.size(); i++) {
                double a = g.get(i).asDouble(Double.NaN);
                double b = r.get(i).asDouble();
                boolean same = exact ? a == b : close(a, b);
                if (!g.get(i).isNumber() || !same) {
                    differing++;
                    if (first < 0) {
                        first = i;
                    }
                }
            }
            if (first >= 0) {
                add(what + ": at flat index " + first + " cnnbp " + g.get(first) + ", PyTorch " + r.get(first)
                        + " (" + differing + " of " + r.size() + " differ"
                        + (exact ? ", exact match required)" : ", tolerance 1e-9 relative)"));
            }
        }

        void assertNone() {
            if (found.isEmpty()) {
                return;
            }
            StringBuilder msg = new StringBuilder(network + ": " + found.size()
                    + " mismatch(es) with the PyTorch reference");
            found.stream().limit(MAX_REPORTED).forEach(s -> msg.append("\n  ").append(s));
            if (found.size() > MAX_REPORTED) {
                msg.append("\n  ... and ").append(found.size() - MAX_REPORTED).append(" more");
            }
            fail(msg.toString());
        }
    }
}
