package cnnbp.build;

import cnnbp.model.Network;
import cnnbp.BadInputException;
import cnnbp.config.LayerSpec;
import cnnbp.config.NetworkConfig;
import cnnbp.kind.Options;
import cnnbp.layer.Layer;
import cnnbp.tensor.Shapes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Sizes checked before anything is allocated. {@link #check} follows the config's shapes in {@code long}
 * arithmetic (the built-in kinds'; a plugin's kind ends the check, its build checks itself), so a typo such as {@code dense: {units: 1000000000}} or {@code padding: 100000} is an
 * error naming the layer ("layer 3 dense: 1,000,000,000 units x 784 inputs is 5.8 TiB of weights")
 * instead of an integer overflow or an OutOfMemoryError. {@link #estimate} adds up what training a
 * built network holds, for {@code summary} to show and {@code train} to check against the heap.
 */
public final class Sizes {
    /** The most elements one tensor may have: a Java array's limit. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** The built-in kinds whose output has their input's shape. */
    private static final Set<String> SAME_SHAPE = Set.of("relu", "leaky_relu", "sigmoid", "tanh", "softmax", "batchnorm",
            "dropout");

    private Sizes() {}

    /**
     * Follows the config's shapes and refuses a layer whose output or parameters cannot be held: more
     * elements than one array holds, or weights larger than the heap. A layer that does not fit its
     * input (a kernel larger than the image) is left for the builder to name.
     */
    public static void check(NetworkConfig config) {
        long[] shape = new long[config.input().length];
        for (int i = 0; i < shape.length; i++) shape[i] = config.input()[i];
        String where = config.file() + ": input " + Shapes.toString(config.input());
        tensor(where + ": ", "", product(shape), "values per example");
        long heap = heap();
        long weights = 0;
        for (LayerSpec spec : config.layers()) {
            String at = spec.pos() + ": layer " + spec.index() + " " + spec.type() + ": ";
            long params = 0;
            Options o = spec.options();
            String type = spec.type();
            if (type.equals("conv") && shape.length == 3) {
                int filters = o.integer("filters");
                int[] k = o.pair("kernel"), st = o.pair("stride");
                int[] pad = "same".equals(o.get("padding")) ? new int[] {(k[0] - 1) / 2, (k[1] - 1) / 2} : o.pair("padding");
                long oh = outSize(shape[1], k[0], st[0], pad[0]);
                long ow = outSize(shape[2], k[1], st[1], pad[1]);
                if (oh < 1 || ow < 1) return;
                String kernel = shape[0] + " channels x " + k[0] + "x" + k[1] + " kernel";
                tensor(at, "output " + filters + "x" + oh + "x" + ow, safeProduct(filters, oh, ow), "values per example");
                params = tensor(at, filters + " filters x " + kernel,
                        safeProduct(safeProduct(filters, shape[0], k[0]), k[1], 1), "weights");
                tensor(at, kernel + " x " + oh + "x" + ow + " positions", safeProduct(shape[0] * k[0],
                        k[1], safeProduct(oh, ow, 1)), "values of the unfolded input (im2col) per example");
                shape = new long[] {filters, oh, ow};
            } else if ((type.equals("maxpool") || type.equals("avgpool")) && shape.length == 3) {
                int[] size = o.pair("size"), st = o.pair("stride");
                long oh = outSize(shape[1], size[0], st[0], 0);
                long ow = outSize(shape[2], size[1], st[1], 0);
                if (oh < 1 || ow < 1) return;
                shape = new long[] {shape[0], oh, ow};
            } else if (type.startsWith("global_") && shape.length == 3) {
                shape = new long[] {shape[0]};
            } else if (type.equals("flatten")) {
                shape = new long[] {product(shape)};
            } else if (type.equals("dense") && shape.length == 1) {
                int units = o.integer("units");
                params = tensor(at, String.format(Locale.ROOT, "%,d units x %,d inputs", units, shape[0]),
                        safeProduct(units, shape[0], 1), "weights");
                shape = new long[] {units};
            } else if (!SAME_SHAPE.contains(type)) {
                return;  // a layer that does not fit its input, or a plugin's kind: the builder checks it
            }
            tensor(at, "output " + join(shape), product(shape), "values per example");
            weights += params;
            if (8 * 3 * (double) weights > heap) {  // weights, their gradients, momentum
                throw new BadInputException(at + String.format(Locale.ROOT, "the network has %,d parameters up to here,"
                        + " %s with their gradients, more than the %s the Java heap may grow to", weights,
                        bytes(8 * 3 * (double) weights), bytes(heap)));
            }
        }
    }

    /** Checks that a tensor of {@code count} elements can be one array; returns the count. */
    private static long tensor(String at, String what, long count, String kind) {
        if (count > MAX_ELEMENTS) {
            throw new BadInputException(at + (what.isEmpty() ? "" : what + " is ")
                    + (count == Long.MAX_VALUE ? "more than 2^63" : String.format(Locale.ROOT, "%,d", count)) + " " + kind + " ("
                    + (count == Long.MAX_VALUE ? "exabytes" : bytes(8 * (double) count)) + "); one tensor holds at most "
                    + String.format(Locale.ROOT, "%,d", MAX_ELEMENTS));
        }
        return count;
    }

    private static long outSize(long in, long kernel, long stride, long pad) {
        return Math.floorDiv(in + 2 * pad - kernel, stride) + 1;
    }

    private static long product(long[] shape) {
        long n = 1;
        for (long d : shape) n = safeProduct(n, d, 1);
        return n;
    }

    /** a·b·c, or Long.MAX_VALUE when it would overflow. */
    private static long safeProduct(long a, long b, long c) {
        try {
            return Math.multiplyExact(Math.multiplyExact(a, b), c);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String join(long[] shape) {
        StringBuilder sb = new StringBuilder();
        for (long d : shape) sb.append(sb.length() == 0 ? "" : "x").append(d);
        return sb.toString();
    }

    /** "6.0 GB", "512.0 KB": bytes in powers of 1024, as the JVM's -Xmx counts them. */
    public static String bytes(double b) {
        String[] units = {"bytes", "KB", "MB", "GB", "TB", "PB", "EB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f bytes", b) : String.format(Locale.ROOT, "%.1f %s", b, units[u]);
    }

    /** One tensor of the estimate: its name and bytes. */
    public record Part(String name, long bytes) {}

    /** What training holds, roughly: the total and its largest parts, largest first. */
    public record Estimate(long bytes, List<Part> largest) {
        /** "about 12.3 MB (largest: layer 1 conv activations 4.1 MB, ...)". */
        public String describe() {
            StringBuilder sb = new StringBuilder("about " + Sizes.bytes(bytes) + " (largest:");
            for (int i = 0; i < Math.min(3, largest.size()); i++) {
                sb.append(i == 0 ? " " : ", ").append(largest.get(i).name()).append(" ").append(Sizes.bytes(largest.get(i).bytes()));
            }
            return sb.append(')').toString();
        }
    }

    /**
     * What training {@code net} with batches of {@code batch} holds, roughly: each parameter three times
     * (value, gradient, momentum), each layer's output twice (the output and its gradient) for the whole
     * batch, and the input batch. The data set and the JVM's own needs come on top.
     */
    public static Estimate estimate(Network net, int batch) {
        List<Part> parts = new ArrayList<>();
        parts.add(new Part("input batch", 8L * batch * Shapes.size(net.inShape())));
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layer(i);
            String name = "layer " + (i + 1) + " " + l.type();
            long params = l.params().stream().mapToLong(p -> p.value.size()).sum();
            if (params > 0) parts.add(new Part(name + " parameters", 8 * 3 * params));
            parts.add(new Part(name + " activations", 8 * 2 * (long) batch * Shapes.size(l.outShape())));
        }
        long total = parts.stream().mapToLong(Part::bytes).sum();
        return new Estimate(total, parts.stream().sorted(Comparator.comparingLong(Part::bytes).reversed()).toList());
    }

    /** The most memory the Java heap may grow to. */
    public static long heap() {
        return Runtime.getRuntime().maxMemory();
    }
}
