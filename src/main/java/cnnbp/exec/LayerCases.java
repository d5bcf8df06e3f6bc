package cnnbp.exec;

import cnnbp.BadInputException;
import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.LayerKinds;
import cnnbp.kind.Options;
import cnnbp.layer.Layer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The random cases check-layer runs for each built-in layer kind, and the built-in layer a case is
 * checked against. A case draws an input shape, the kind's options (pairs as [h, w]) and a batch
 * size; options the user fixed replace the drawn ones. Batch sizes cycle through {@link #BATCHES},
 * which has sizes above conv's chunk of 4 that are not multiples of it.
 */
public final class LayerCases {
    /** The kinds check-layer can compare with, as their config keys. */
    public static final List<String> KINDS = List.of("conv", "dense", "maxpool", "avgpool", "relu", "leaky_relu", "sigmoid",
            "tanh", "softmax");
    /** Batch sizes, in the order cases use them. */
    static final int[] BATCHES = {1, 5, 2, 9, 3, 6, 13, 4, 7, 33};

    private LayerCases() {}

    /** One case: what init sends (in_shape, options) and the batch size. */
    public record Case(int number, int[] inShape, Map<String, Object> options, int batch) {}

    /** The options each kind takes; a fixed option outside these is a usage error. */
    public static List<String> optionNames(String kind) {
        return switch (kind) {
            case "conv" -> List.of("filters", "kernel", "stride", "padding");
            case "dense" -> List.of("units");
            case "maxpool", "avgpool" -> List.of("size", "stride");
            case "leaky_relu" -> List.of("alpha");
            default -> List.of();
        };
    }

    /** Case {@code number} (1-based) of a run seeded with {@code seed}: the same case for the same seed. */
    static Case draw(String kind, int number, long seed, Map<String, Object> fixed) {
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + number);
        Map<String, Object> o = new LinkedHashMap<>();
        int batch = BATCHES[(number - 1) % BATCHES.length];
        int[] in;
        switch (kind) {
            case "conv" -> {
                o.put("filters", fixedInt(fixed, "filters", 1 + rnd.nextInt(4)));
                int[] k = fixedPair(fixed, "kernel", new int[] {1 + rnd.nextInt(3), 1 + rnd.nextInt(3)}, rnd);
                int[] s = fixedPair(fixed, "stride", new int[] {1 + rnd.nextInt(3), 1 + rnd.nextInt(3)}, rnd);
                int[] p = fixedPair(fixed, "padding", new int[] {rnd.nextInt(3), rnd.nextInt(3)}, rnd);
                in = new int[] {1 + rnd.nextInt(3), Math.max(1, k[0] - 2 * p[0]) + rnd.nextInt(7),
                        Math.max(1, k[1] - 2 * p[1]) + rnd.nextInt(7)};
                o.put("kernel", k);
                o.put("stride", s);
                o.put("padding", p);
            }
            case "dense" -> {
                o.put("units", fixedInt(fixed, "units", 1 + rnd.nextInt(6)));
                in = new int[] {1 + rnd.nextInt(12)};
            }
            case "maxpool", "avgpool" -> {
                int[] size = fixedPair(fixed, "size", new int[] {1 + rnd.nextInt(3), 1 + rnd.nextInt(3)}, rnd);
                int[] s = fixedPair(fixed, "stride", new int[] {1 + rnd.nextInt(3), 1 + rnd.nextInt(3)}, rnd);
                in = new int[] {1 + rnd.nextInt(3), size[0] + rnd.nextInt(6), size[1] + rnd.nextInt(6)};
                o.put("size", size);
                o.put("stride", s);
            }
            case "softmax" -> in = new int[] {2 + rnd.nextInt(9)};
            default -> {
                in = rnd.nextBoolean() ? new int[] {1 + rnd.nextInt(12)}
                        : new int[] {1 + rnd.nextInt(3), 1 + rnd.nextInt(5), 1 + rnd.nextInt(5)};
                if (kind.equals("leaky_relu")) {
                    double[] alphas = {0.01, 0.1, 0.2, 0.5};
                    o.put("alpha", fixed.containsKey("alpha") ? ((Number) fixed.get("alpha")).doubleValue()
                            : alphas[rnd.nextInt(alphas.length)]);
                }
            }
        }
        return new Case(number, in, o, batch);
    }

    private static int fixedInt(Map<String, Object> fixed, String key, int drawn) {
        Object v = fixed.get(key);
        if (v == null) return drawn;
        if (!(v instanceof Integer n) || n < 1) throw new BadInputException("--options: " + key + " must be a positive integer, got " + v);
        return n;
    }

    /** A fixed pair (n or [h, w]) as [h, w], else the drawn one (square one time in three). */
    private static int[] fixedPair(Map<String, Object> fixed, String key, int[] drawn, SplittableRandom rnd) {
        Object v = fixed.get(key);
        if (v == null) return rnd.nextInt(3) == 0 ? new int[] {drawn[0], drawn[0]} : drawn;
        if (v instanceof Integer n) return new int[] {n, n};
        if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Integer h && l.get(1) instanceof Integer w) {
            return new int[] {h, w};
        }
        throw new BadInputException("--options: " + key + " must be an integer or [h, w], got " + v);
    }

    /**
     * cnnbp's own layer for a case, built by its kind in the registry from the case's options, as a
     * config's layer is (its parameters are then overwritten by the check).
     */
    static Layer reference(String kind, Case c) {
        LayerKind k = LayerKinds.builtIn().get(kind);
        String where = "check-layer case " + c.number() + ": " + kind + ": ";
        BuildContext context = new BuildContext(1, "check-layer case " + c.number(), k, 1, java.nio.file.Path.of(""), null, null);
        return k.build(Options.of(k, c.options(), where), c.inShape(), context);
    }
}
