package cnnbp.model;

import cnnbp.BadInputException;
import cnnbp.config.LayerSpec;
import cnnbp.config.LossKind;
import cnnbp.config.NetworkConfig;
import cnnbp.config.Values;
import cnnbp.layer.AvgPool2d;
import cnnbp.layer.Conv2d;
import cnnbp.layer.Dense;
import cnnbp.layer.Flatten;
import cnnbp.layer.Layer;
import cnnbp.layer.LeakyRelu;
import cnnbp.layer.MaxPool2d;
import cnnbp.layer.Relu;
import cnnbp.layer.Sigmoid;
import cnnbp.layer.Softmax;
import cnnbp.layer.Tanh;
import cnnbp.loss.Loss;
import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Builds a {@link Network} from a parsed config: follows the shapes layer by layer, checks that
 * each layer fits its input and that given weights have the right shape, and initialises the
 * weights the config leaves out. Every mistake is a {@link BadInputException} naming the layer.
 */
public final class NetworkBuilder {
    private NetworkBuilder() {}

    public static Network build(NetworkConfig config) {
        Sizes.check(config);
        List<Layer> layers = new ArrayList<>();
        int[] shape = config.input();
        List<LayerSpec> specs = config.layers();
        for (int i = 0; i < specs.size(); i++) {
            LayerSpec spec = specs.get(i);
            LayerSpec next = i + 1 < specs.size() ? specs.get(i + 1) : null;
            Layer layer = layer(spec, shape, next, config.seed());
            layers.add(layer);
            shape = layer.outShape();
        }
        checkLoss(config, layers);
        return new Network(config.input(), layers, Loss.of(config.loss()));
    }

    private static Layer layer(LayerSpec spec, int[] in, LayerSpec next, long seed) {
        if (spec instanceof LayerSpec.Conv s) {
            needImage(s, in);
            int[] k = s.kernel(), st = s.stride(), pad = s.padding();
            for (int d = 0; d < 2; d++) {
                if (Conv2d.outSize(in[d + 1], k[d], st[d], pad[d]) < 1) {
                    throw error(s, "kernel " + pair(k) + " is larger than its " + hw(in) + " input"
                            + (pad[0] + pad[1] > 0 ? " padded by " + pair(pad) : ""));
                }
            }
            int fanIn = in[0] * k[0] * k[1], fanOut = s.filters() * k[0] * k[1];
            int[] wShape = {s.filters(), in[0], k[0], k[1]};
            Tensor w = values(s, "weights", s.weights(), wShape, "[filters, in_channels, kernel_h, kernel_w]");
            if (w == null) w = Init.weights(wShape, fanIn, fanOut, next, seed, s.index());
            Tensor b = values(s, "bias", s.bias(), new int[] {s.filters()}, "[filters]");
            if (b == null) b = Tensor.zeros(s.filters());
            return new Conv2d(in, s.filters(), k, st, pad, w, b);
        }
        if (spec instanceof LayerSpec.Pool s) {
            needImage(s, in);
            int[] size = s.size();
            if (size[0] > in[1] || size[1] > in[2]) {
                throw error(s, "size " + pair(size) + " is larger than its " + hw(in) + " input");
            }
            return s.type().equals("maxpool") ? new MaxPool2d(in, size, s.stride())
                    : new AvgPool2d(in, size, s.stride());
        }
        if (spec instanceof LayerSpec.Flatten) {
            return new Flatten(in);
        }
        if (spec instanceof LayerSpec.Dense s) {
            needFlat(s, in);
            int[] wShape = {s.units(), in[0]};
            Tensor w = values(s, "weights", s.weights(), wShape, "[units, in_features]");
            if (w == null) w = Init.weights(wShape, in[0], s.units(), next, seed, s.index());
            Tensor b = values(s, "bias", s.bias(), new int[] {s.units()}, "[units]");
            if (b == null) b = Tensor.zeros(s.units());
            return new Dense(in[0], s.units(), w, b);
        }
        LayerSpec.Activation s = (LayerSpec.Activation) spec;
        return switch (s.type()) {
            case "relu" -> new Relu(in);
            case "leaky_relu" -> new LeakyRelu(in, s.alpha());
            case "sigmoid" -> new Sigmoid(in);
            case "tanh" -> new Tanh(in);
            case "softmax" -> {
                needFlat(s, in);
                yield new Softmax(in[0]);
            }
            default -> throw new IllegalStateException("no layer for " + s.type());
        };
    }

    /** The loss must fit the last layer: bce a sigmoid with one output, cross_entropy a softmax. */
    private static void checkLoss(NetworkConfig config, List<Layer> layers) {
        Layer last = layers.get(layers.size() - 1);
        LayerSpec lastSpec = config.layers().get(layers.size() - 1);
        int[] out = last.outShape();
        String where = config.file() + ": loss " + config.loss().key + ": ";
        if (out.length != 1) {
            throw new BadInputException(where + "needs a flat output (features), but layer " + lastSpec.index()
                    + " " + last.type() + " gives " + Shapes.toString(out) + "; add flatten and dense layers");
        }
        if (config.loss() == LossKind.BCE && !(last instanceof Sigmoid && out[0] == 1)) {
            throw new BadInputException(where + "needs one sigmoid output (dense {units: 1} then sigmoid), but the"
                    + " last layer is " + lastSpec.index() + " " + last.type() + " with " + out[0] + " output(s)");
        }
        if (config.loss() == LossKind.CROSS_ENTROPY && !(last instanceof Softmax)) {
            throw new BadInputException(where + "needs a softmax output layer, but the last layer is "
                    + lastSpec.index() + " " + last.type() + "; add '- softmax' after it");
        }
    }

    /** The config's values as a tensor of the expected shape (a flat list of the right length is fine). */
    private static Tensor values(LayerSpec s, String key, Values v, int[] shape, String layout) {
        if (v == null) return null;
        boolean flatFits = v.shape().length == 1 && v.data().length == Shapes.size(shape);
        if (!flatFits && !java.util.Arrays.equals(v.shape(), shape)) {
            throw new BadInputException(v.pos() + ": layer " + s.index() + " " + s.type() + ": " + key
                    + (key.equals("bias") ? " has" : " have") + " shape " + Shapes.toString(v.shape()) + ", expected " + Shapes.toString(shape)
                    + " " + layout);
        }
        return new Tensor(shape, v.data().clone());
    }

    private static void needImage(LayerSpec s, int[] in) {
        if (in.length != 3) {
            throw error(s, "needs a (channels, height, width) input, got " + Shapes.toString(in)
                    + " features; it cannot come after flatten or dense");
        }
    }

    private static void needFlat(LayerSpec s, int[] in) {
        if (in.length != 1) {
            throw error(s, "needs a flat input (features), got " + Shapes.toString(in) + "; add '- flatten' before it");
        }
    }

    static BadInputException error(LayerSpec s, String what) {
        return new BadInputException(s.pos() + ": layer " + s.index() + " " + s.type() + ": " + what);
    }

    private static String pair(int[] hw) {
        return hw[0] + "x" + hw[1];
    }

    private static String hw(int[] chw) {
        return chw[1] + "x" + chw[2];
    }

    /** Initial weights for the layers whose config gives none. */
    static final class Init {
        private Init() {}

        /**
         * He (Kaiming normal, fan-in) when the next layer is ReLU-family: N(0, 2 / ((1 + α²) fan_in));
         * Xavier (Glorot uniform) otherwise: U(−a, a), a = √(6 / (fan_in + fan_out)). Each layer has
         * its own stream seeded by (seed, layer index), so one layer's numbers do not depend on
         * whether another's are given.
         */
        static Tensor weights(int[] shape, int fanIn, int fanOut, LayerSpec next, long seed, int index) {
            RandomGenerator rng = new Well19937c(new int[] {(int) seed, (int) (seed >>> 32), index});
            Tensor w = Tensor.zeros(shape);
            if (next instanceof LayerSpec.Activation a && (a.type().equals("relu") || a.type().equals("leaky_relu"))) {
                double alpha = a.type().equals("relu") ? 0 : a.alpha();
                double std = Math.sqrt(2.0 / ((1 + alpha * alpha) * fanIn));
                for (int i = 0; i < w.size(); i++) w.data[i] = std * rng.nextGaussian();
            } else {
                double bound = Math.sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < w.size(); i++) w.data[i] = bound * (2 * rng.nextDouble() - 1);
            }
            return w;
        }
    }
}
