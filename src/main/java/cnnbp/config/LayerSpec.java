package cnnbp.config;

/**
 * One entry of a config's {@code layers:} list, as written, before shapes are known. {@code index}
 * is 1-based as in the config; {@code pos} is where the entry starts. Pairs of ints are (h, w).
 */
public sealed interface LayerSpec {
    int index();

    Pos pos();

    /** The config's name for the layer type. */
    String type();

    /** {@code weights} and {@code bias} are null when the config leaves them to initialisation. */
    record Conv(int index, Pos pos, int filters, int[] kernel, int[] stride, int[] padding,
                Values weights, Values bias) implements LayerSpec {
        public String type() {
            return "conv";
        }
    }

    /** {@code type} is "maxpool" or "avgpool". */
    record Pool(int index, Pos pos, String type, int[] size, int[] stride) implements LayerSpec {}

    record Flatten(int index, Pos pos) implements LayerSpec {
        public String type() {
            return "flatten";
        }
    }

    record Dense(int index, Pos pos, int units, Values weights, Values bias) implements LayerSpec {
        public String type() {
            return "dense";
        }
    }

    /** {@code type} is relu, leaky_relu, sigmoid, tanh or softmax; {@code alpha} is leaky_relu's slope. */
    record Activation(int index, Pos pos, String type, double alpha) implements LayerSpec {}
}
