package cnnbp.kind;

import cnnbp.BadInputException;
import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalDouble;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * What {@link LayerKind#build} knows besides the options and the input shape: the layer's place in
 * the config (for messages), the seed, and the next layer (whose kind decides He or Xavier
 * initialisation). Its helpers give every kind the same messages and the same initial weights.
 */
public final class BuildContext {
    private final int index;
    private final String place;
    private final String label;
    private final long seed;
    private final Path folder;
    private final LayerKind next;
    private final Options nextOptions;

    /**
     * @param index       the layer's 1-based index in the config
     * @param place       where the layer is written: "file:line:column"
     * @param seed        the config's seed
     * @param folder      the config's folder, which relative paths in options resolve against
     * @param next        the next layer's kind, or null for the last layer
     * @param nextOptions the next layer's options, or null
     */
    public BuildContext(int index, String place, LayerKind kind, long seed, Path folder, LayerKind next,
                        Options nextOptions) {
        this.index = index;
        this.place = place;
        this.label = "layer " + index + " " + kind.key() + ": ";
        this.seed = seed;
        this.folder = folder;
        this.next = next;
        this.nextOptions = nextOptions;
    }

    /** The folder of the config file (the working folder when there is none): relative paths are against it. */
    public Path folder() {
        return folder;
    }

    /** Where and which the layer is, as messages start: "file:line:column: layer 1 conv". */
    public String where() {
        return place + ": " + label.substring(0, label.length() - 2);
    }

    /** The layer's 1-based index in the config. */
    public int index() {
        return index;
    }

    public long seed() {
        return seed;
    }

    /** A path an option gives ("my_conv.py"), resolved against the config's folder. */
    public Path resolve(String path) {
        return folder.resolve(path).normalize();
    }

    /** A mistake in the config about this layer: "file:line:column: layer 1 conv: " + {@code what}. */
    public BadInputException error(String what) {
        return new BadInputException(place + ": " + label + what);
    }

    /** Fails unless the input is an image, (C, H, W). */
    public void requireImage(int[] in) {
        if (in.length != 3) {
            throw error("needs a (channels, height, width) input, got " + Shapes.toString(in)
                    + " features; it cannot come after flatten or dense");
        }
    }

    /** Fails unless the input is flat, (features). */
    public void requireFlat(int[] in) {
        if (in.length != 1) {
            throw error("needs a flat input (features), got " + Shapes.toString(in) + "; add '- flatten' before it");
        }
    }

    /**
     * The values option {@code key} as a tensor of {@code shape} (a flat list of the right length is
     * fine too), or null when the config does not give it. {@code layout} names the dimensions for
     * the message: "[units, in_features]".
     */
    public Tensor given(Options options, String key, int[] shape, String layout) {
        Tensor v = options.tensor(key);
        if (v == null) return null;
        boolean flatFits = v.shape.length == 1 && v.size() == Shapes.size(shape);
        if (!flatFits && !Arrays.equals(v.shape, shape)) {
            String at = options.place(key) == null ? place : options.place(key);
            throw new BadInputException(at + ": " + label + key + (key.equals("weights") ? " have" : " has") + " shape "
                    + Shapes.toString(v.shape) + ", expected " + Shapes.toString(shape) + " " + layout);
        }
        return new Tensor(shape, v.data);
    }

    /**
     * Initial weights of {@code shape}: He (Kaiming normal, fan-in) when the next layer is
     * ReLU-family, N(0, 2 / ((1 + α²) fan_in)); Xavier (Glorot uniform) otherwise, U(−a, a),
     * a = √(6 / (fan_in + fan_out)). Each layer has its own stream seeded by (seed, layer index), so
     * one layer's numbers do not depend on whether another's are given.
     */
    public Tensor initWeights(int[] shape, int fanIn, int fanOut) {
        RandomGenerator rng = new Well19937c(new int[] {(int) seed, (int) (seed >>> 32), index});
        Tensor w = Tensor.zeros(shape);
        OptionalDouble slope = next == null ? OptionalDouble.empty() : next.reluSlope(nextOptions);
        if (slope.isPresent()) {
            double alpha = slope.getAsDouble();
            double std = Math.sqrt(2.0 / ((1 + alpha * alpha) * fanIn));
            for (int i = 0; i < w.size(); i++) w.data[i] = std * rng.nextGaussian();
        } else {
            double bound = Math.sqrt(6.0 / (fanIn + fanOut));
            for (int i = 0; i < w.size(); i++) w.data[i] = bound * (2 * rng.nextDouble() - 1);
        }
        return w;
    }
}
