package cnnbp.homework;

import cnnbp.BadInputException;
import cnnbp.config.ConfigLoader;
import cnnbp.loss.LossKind;
import cnnbp.config.NetworkConfig;
import cnnbp.model.Network;
import cnnbp.build.NetworkBuilder;
import cnnbp.tensor.Shapes;
import cnnbp.trace.Trace;
import cnnbp.trace.Trace.Step;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Each student's variant of a homework config: the same network, with X, every W and b, and the
 * label drawn from the {@link VariantSpec}'s ranges by a generator seeded with a hash of (seed,
 * student id) — so a student's variant depends on nothing else, not the roster's order nor who else
 * is on it — and drawn again until the problem is {@link WellPosed}.
 */
public final class Variants {
    private final Map<String, Object> base;
    private final int[] input;
    private final List<Step> params;
    private final List<Double> labels;
    private final VariantSpec spec;
    private final long seed;

    /** A student's problem: the config text, and the trace of it, as {@code cnnbp trace} makes it. */
    public record Variant(String id, String configText, NetworkConfig config, Trace trace, int draws) {}

    /** Prepares variants of the config text read from {@code file}. */
    public Variants(String configYaml, Path file, long seed) {
        NetworkConfig cfg = ConfigLoader.parse(configYaml, file);
        Network net = NetworkBuilder.build(cfg);
        int k = net.outShape()[0];
        Trace shapes = Trace.of(net, new double[Shapes.size(cfg.input())], 0,
                file.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(configYaml);
        this.base = root;
        this.input = cfg.input();
        this.params = shapes.layers().stream().filter(s -> !s.params().isEmpty()).toList();
        this.spec = VariantSpec.of(configYaml, file);
        this.labels = spec.labels() != null ? spec.labels() : defaultLabels(cfg.loss(), k);
        for (double label : labels) {
            String problem = net.loss().checkLabel(label, k);
            if (problem != null) throw new BadInputException(file + ": variants: labels: " + problem + " for loss " + cfg.loss().key);
        }
        this.seed = seed;
    }

    private static List<Double> defaultLabels(LossKind loss, int k) {
        List<Double> labels = new ArrayList<>();
        int n = loss == LossKind.BCE || k == 1 ? 2 : k;
        for (int i = 0; i < n; i++) labels.add((double) i);
        return labels;
    }

    /** The student's variant; {@code path} is where its config will be, the trace's source. */
    public Variant of(String id, Path path) {
        Random rng = new Random(studentSeed(seed, id));
        String last = null;
        for (int draw = 1; draw <= spec.tries(); draw++) {
            String text = configText(id, rng);
            NetworkConfig cfg = ConfigLoader.parse(text, path);
            Network net = NetworkBuilder.build(cfg);
            Trace t = Trace.of(net, cfg.example().input(), new double[] {cfg.example().label()},
                    path.toString(), new Trace.RandomKey(cfg.seed(), 0, 0));  // as cnnbp trace of the student's config
            last = WellPosed.problem(t, spec.allowTies(), spec.allowReluZero());
            if (last == null) return new Variant(id, text, cfg, t, draw);
        }
        throw new BadInputException("student " + id + ": no well-posed variant in " + spec.tries() + " draws (the last had "
                + last + "); widen the variants: ranges, or allow_ties / allow_relu_zero, or raise tries");
    }

    /** The generator's seed: the first 8 bytes of SHA-256("seed/id"). */
    static long studentSeed(long seed, String id) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((seed + "/" + id).getBytes(StandardCharsets.UTF_8));
            long s = 0;
            for (int i = 0; i < 8; i++) s = s << 8 | (h[i] & 0xff);
            return s;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The config with drawn numbers, as YAML: input, layers, loss, example (data:, train:, init: left out). */
    private String configText(String id, Random rng) {
        List<Object> layers = new ArrayList<>((List<?>) base.get("layers"));
        for (Step s : params) {
            Object entry = layers.get(s.index() - 1);
            @SuppressWarnings("unchecked")
            Map.Entry<String, Object> e = ((Map<String, Object>) entry).entrySet().iterator().next();
            Map<String, Object> options = new LinkedHashMap<>();
            if (e.getValue() instanceof Map<?, ?> m) m.forEach((key, v) -> options.put(String.valueOf(key), v));
            for (Trace.ParamItem p : s.params()) {  // W under weights:, b under bias:, a plugin's own under its key
                boolean bias = p.key().equals("b");
                String key = p.key().equals("W") ? "weights" : bias ? "bias" : p.key();
                options.put(key, nest(draw(rng, bias ? spec.bias() : spec.weights(), p.value().data().length), p.value().shape()));
            }
            layers.set(s.index() - 1, Map.of(e.getKey(), options));
        }
        List<String> x = draw(rng, spec.input(), Shapes.size(input));
        double label = labels.get(rng.nextInt(labels.size()));
        StringBuilder sb = new StringBuilder();
        sb.append("# Homework variant for student ").append(id).append(" (cnnbp homework make, seed ").append(seed).append(")\n");
        if (base.get("plugins") != null) sb.append("plugins: ").append(flow(base.get("plugins"))).append('\n');
        sb.append("input: ").append(flow(base.get("input"))).append('\n');
        sb.append("layers:\n");
        for (Object l : layers) sb.append("  - ").append(flow(l)).append('\n');
        sb.append("loss: ").append(flow(base.get("loss"))).append('\n');
        sb.append("example:\n  input: ").append(flow(nest(x, input))).append('\n');
        sb.append("  label: ").append(number(new BigDecimal(Double.toString(label)))).append('\n');
        return sb.toString();
    }

    private static List<String> draw(Random rng, VariantSpec.Range r, int n) {
        List<String> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) values.add(number(r.value(rng.nextInt(r.count()))));
        return values;
    }

    private static String number(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    /** The flat row-major values as nested lists of {@code shape}. */
    private static Object nest(List<String> flat, int[] shape) {
        return nest(flat, shape, 0, 0);
    }

    private static Object nest(List<String> flat, int[] shape, int depth, int offset) {
        if (depth == shape.length) return new Raw(flat.get(offset));
        int inner = 1;
        for (int d = depth + 1; d < shape.length; d++) inner *= shape[d];
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < shape[depth]; i++) list.add(nest(flat, shape, depth + 1, offset + i * inner));
        return list;
    }

    /** A number already written out. */
    private record Raw(String text) {}

    /** YAML flow style: {a: 1, b: [1, 2]}. */
    private static String flow(Object o) {
        if (o instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> flow(e.getKey()) + ": " + flow(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (o instanceof List<?> l) return l.stream().map(Variants::flow).collect(Collectors.joining(", ", "[", "]"));
        if (o instanceof Raw r) return r.text();
        if (o instanceof Double d) return number(new BigDecimal(Double.toString(d)));
        if (o instanceof Number || o instanceof Boolean) return o.toString();
        if (o == null) return "null";
        String s = o.toString();
        return s.matches("[A-Za-z_][A-Za-z0-9_]*") ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
