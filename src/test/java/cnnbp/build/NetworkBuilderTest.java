package cnnbp.build;

import cnnbp.model.Network;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.BadInputException;
import cnnbp.config.ConfigLoader;
import cnnbp.layer.Param;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkBuilderTest {
    private static final Path FILE = Path.of("net.conf");

    private static Network build(String yaml) {
        return NetworkBuilder.build(ConfigLoader.parse(yaml, FILE));
    }

    /** Configs that parse but do not build: each names the place, the layer and the shapes. */
    static Stream<Arguments> shapeMistakes() {
        return Stream.of(
                Arguments.of("maxpool larger than its input",
                        "input: [1, 4, 4]\nlayers:\n  - conv: {filters: 1, kernel: 3}\n  - maxpool: {size: 3}\n"
                                + "  - flatten\n  - dense: {units: 2}\n  - softmax\nloss: cross_entropy\n",
                        "net.conf:4:5: layer 2 maxpool: size 3x3 is larger than its 2x2 input"),
                Arguments.of("conv kernel larger than its input",
                        "input: [1, 2, 2]\nlayers:\n  - conv: {filters: 1, kernel: 3}\n  - flatten\n"
                                + "  - dense: {units: 1}\n  - sigmoid\nloss: bce\n",
                        "net.conf:3:5: layer 1 conv: kernel 3x3 is larger than its 2x2 input"),
                Arguments.of("conv kernel larger than its padded input",
                        "input: [1, 2, 2]\nlayers:\n  - conv: {filters: 1, kernel: 5, padding: 1}\n  - flatten\n"
                                + "  - dense: {units: 1}\n  - sigmoid\nloss: bce\n",
                        "net.conf:3:5: layer 1 conv: kernel 5x5 is larger than its 2x2 input padded by 1x1"),
                Arguments.of("conv weights of the wrong shape",
                        "input: [1, 5, 5]\nlayers:\n  - conv: {filters: 1, kernel: 2, weights: [[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]}\n"
                                + "  - flatten\n  - dense: {units: 1}\n  - sigmoid\nloss: bce\n",
                        "layer 1 conv: weights have shape 1x1x3x3, expected 1x1x2x2 [filters, in_channels, kernel_h, kernel_w]"),
                Arguments.of("dense weights of the wrong shape",
                        "input: [3]\nlayers:\n  - dense: {units: 2, weights: [[1, 2], [3, 4]]}\n  - softmax\nloss: cross_entropy\n",
                        "layer 1 dense: weights have shape 2x2, expected 2x3 [units, in_features]"),
                Arguments.of("bias of the wrong length",
                        "input: [3]\nlayers:\n  - dense: {units: 2, bias: [1, 2, 3]}\n  - softmax\nloss: cross_entropy\n",
                        "layer 1 dense: bias has shape 3, expected 2 [units]"),
                Arguments.of("dense on an image",
                        "input: [1, 4, 4]\nlayers:\n  - dense: {units: 2}\n  - softmax\nloss: cross_entropy\n",
                        "net.conf:3:5: layer 1 dense: needs a flat input (features), got 1x4x4; add '- flatten' before it"),
                Arguments.of("conv after flatten",
                        "input: [1, 4, 4]\nlayers:\n  - flatten\n  - conv: {filters: 1, kernel: 2}\nloss: mse\n",
                        "net.conf:4:5: layer 2 conv: needs a (channels, height, width) input, got 16 features"),
                Arguments.of("softmax on an image",
                        "input: [1, 4, 4]\nlayers:\n  - softmax\nloss: mse\n",
                        "layer 1 softmax: needs a flat input (features), got 1x4x4"),
                Arguments.of("bce without a sigmoid",
                        "input: [3]\nlayers:\n  - dense: {units: 1}\nloss: bce\n",
                        "net.conf: loss bce: needs one sigmoid output (dense {units: 1} then sigmoid), but the last layer is 1 dense"),
                Arguments.of("bce with two outputs",
                        "input: [3]\nlayers:\n  - dense: {units: 2}\n  - sigmoid\nloss: bce\n",
                        "loss bce: needs one sigmoid output (dense {units: 1} then sigmoid), but the last layer is 2 sigmoid with 2 output(s)"),
                Arguments.of("cross_entropy without a softmax",
                        "input: [3]\nlayers:\n  - dense: {units: 2}\nloss: cross_entropy\n",
                        "net.conf: loss cross_entropy: needs a softmax output layer, but the last layer is 1 dense; add '- softmax' after it"),
                Arguments.of("a loss on an image output",
                        "input: [1, 4, 4]\nlayers:\n  - relu\nloss: mse\n",
                        "net.conf: loss mse: needs a flat output (features), but layer 1 relu gives 1x4x4"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapeMistakes")
    void shapeMistakesNameTheLayer(String what, String yaml, String message) {
        BadInputException e = assertThrows(BadInputException.class, () -> build(yaml));
        assertTrue(e.getMessage().contains(message), "message was: " + e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line");
    }

    @Test
    void shapesFollowTheLayers() {
        Network net = build("input: [3, 7, 5]\nlayers:\n"
                + "  - conv: {filters: 4, kernel: [2, 3], stride: [2, 1], padding: [1, 0]}\n"
                + "  - leaky_relu\n  - avgpool: {size: 2, stride: 1}\n  - maxpool: {size: [3, 1], stride: 2}\n"
                + "  - flatten\n  - dense: {units: 3}\n  - tanh\n  - dense: {units: 2}\n  - softmax\nloss: cross_entropy\n");
        // conv: H (7 + 2 − 2) / 2 + 1 = 4, W (5 − 3) / 1 + 1 = 3; avgpool 2 stride 1: 3x2; maxpool [3,1] stride 2: 1x1
        assertArrayEquals(new int[] {4, 4, 3}, net.layer(0).outShape());
        assertArrayEquals(new int[] {4, 3, 2}, net.layer(2).outShape());
        assertArrayEquals(new int[] {4, 1, 1}, net.layer(3).outShape());
        assertArrayEquals(new int[] {4}, net.layer(4).outShape());
        assertEquals(4 * 3 * 2 * 3 + 4 + 3 * 4 + 3 + 2 * 3 + 2, net.paramCount());
    }

    @Test
    void initialisationIsSeededAndScaled() {
        String yaml = "input: [1, 28, 28]\nlayers:\n  - conv: {filters: 8, kernel: 3}\n  - relu\n"
                + "  - flatten\n  - dense: {units: 10}\n  - softmax\nloss: cross_entropy\n";
        Network a = build(yaml), b = build(yaml), c = build(yaml + "init: {seed: 2}\n");
        for (int i = 0; i < a.params().size(); i++) {
            assertArrayEquals(a.params().get(i).value.data, b.params().get(i).value.data, "same seed, same numbers");
        }
        Param w1 = a.params().get(0), w2 = a.params().get(2);
        assertNotEquals(w1.value.data[0], c.params().get(0).value.data[0], "another seed, other numbers");
        // He for the conv before ReLU: std √(2/9); Xavier uniform for the dense before softmax: bound √(6/(5408+10))
        assertEquals(Math.sqrt(2.0 / 9), std(w1.value.data), 0.1 * Math.sqrt(2.0 / 9));
        double bound = Math.sqrt(6.0 / (26 * 26 * 8 + 10));
        for (double v : w2.value.data) assertTrue(Math.abs(v) <= bound);
        assertEquals(bound / Math.sqrt(3), std(w2.value.data), 0.05 * bound);
        for (double v : a.params().get(1).value.data) assertEquals(0, v, "biases start at zero");
    }

    @Test
    void givenWeightsAreKept() {
        Network net = build("input: [2]\nlayers:\n  - dense: {units: 1, weights: [[0.5, -2]], bias: [0.25]}\n"
                + "  - sigmoid\nloss: bce\n");
        assertArrayEquals(new double[] {0.5, -2}, net.params().get(0).value.data);
        assertArrayEquals(new double[] {0.25}, net.params().get(1).value.data);
    }

    private static double std(double[] v) {
        double mean = 0, sq = 0;
        for (double x : v) mean += x / v.length;
        for (double x : v) sq += (x - mean) * (x - mean) / v.length;
        return Math.sqrt(sq);
    }
}
