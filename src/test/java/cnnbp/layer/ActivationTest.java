package cnnbp.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The element-wise activations: ReLU, leaky ReLU, sigmoid, tanh. */
class ActivationTest {
    /** An activation: how to build it for a shape, its definition, and whether it has a kink at 0. */
    record Activation(String name, Function<int[], Layer> build, DoubleUnaryOperator definition, boolean kinkAtZero) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Activation RELU = new Activation("relu", Relu::new, x -> Math.max(0, x), true);
    static final Activation LEAKY_001 =
            new Activation("leaky_relu 0.01", s -> new LeakyRelu(s, 0.01), x -> x >= 0 ? x : 0.01 * x, true);
    static final Activation LEAKY_02 =
            new Activation("leaky_relu 0.2", s -> new LeakyRelu(s, 0.2), x -> x >= 0 ? x : 0.2 * x, true);
    static final Activation SIGMOID =
            new Activation("sigmoid", Sigmoid::new, x -> Math.exp(x) / (1 + Math.exp(x)), false);
    static final Activation TANH = new Activation("tanh", Tanh::new, x -> Math.sinh(x) / Math.cosh(x), false);

    /** Every activation on a batch of 3 (2, 3, 4) images and on a single 5-vector. */
    static Stream<Arguments> cases() {
        return Stream.of(RELU, LEAKY_001, LEAKY_02, SIGMOID, TANH).flatMap(a -> Stream.of(
                Arguments.of(a, new int[] {3, 2, 3, 4}),
                Arguments.of(a, new int[] {1, 5})));
    }

    private static Tensor input(Activation a, Random rnd, int[] shape) {
        // Kinked activations: |x| > 1e-3, so x ± h stays on one side of the kink.
        return a.kinkAtZero ? TensorAssert.awayFromZero(rnd, -3, 3, 1e-3, shape) : TensorAssert.dyadic(rnd, -3, 3, shape);
    }

    private static Layer build(Activation a, int[] batchShape) {
        Layer layer = a.build.apply(Arrays.copyOfRange(batchShape, 1, batchShape.length));
        assertArrayEquals(layer.inShape(), layer.outShape(), a + ": outShape equals inShape");
        return layer;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void forwardMatchesDefinition(Activation a, int[] shape) {
        Random rnd = new Random(a.name.hashCode() + shape.length);
        Layer layer = build(a, shape);
        Tensor inp = input(a, rnd, shape);
        double[] expected = new double[inp.size()];
        for (int i = 0; i < expected.length; i++) expected[i] = a.definition.applyAsDouble(inp.data[i]);
        Tensor out = layer.forward(inp);
        assertArrayEquals(shape, out.shape, a + ": out shape");
        TensorAssert.assertClose(a + " on " + Shapes.toString(shape) + ": out vs definition", shape, expected,
                out.data, 1e-12, 0);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void backwardMatchesFiniteDifferences(Activation a, int[] shape) {
        Random rnd = new Random(a.name.hashCode() + shape.length);
        GradientCheck.check(a + " on " + Shapes.toString(shape), build(a, shape), input(a, rnd, shape), rnd);
    }

    @Test
    void reluHasGradientZeroAtZero() {
        Relu relu = new Relu(new int[] {3});
        Tensor inp = new Tensor(new int[] {1, 3}, new double[] {0, 2, -2});
        TensorAssert.assertExactly("relu at {0, 2, -2}: out", inp.shape, new double[] {0, 2, 0},
                relu.forward(inp).data);
        Tensor dinp = relu.backward(new Tensor(new int[] {1, 3}, new double[] {3, 5, 7}), true);
        TensorAssert.assertExactly("relu at {0, 2, -2}: dinp", inp.shape, new double[] {0, 5, 0}, dinp.data);
    }

    @Test
    void leakyReluHasGradientAlphaAtZero() {
        double alpha = 0.1;
        LeakyRelu leaky = new LeakyRelu(new int[] {3}, alpha);
        Tensor inp = new Tensor(new int[] {1, 3}, new double[] {0, 2, -2});
        TensorAssert.assertExactly("leaky_relu 0.1 at {0, 2, -2}: out", inp.shape, new double[] {0, 2, alpha * -2},
                leaky.forward(inp).data);
        Tensor dinp = leaky.backward(new Tensor(new int[] {1, 3}, new double[] {3, 5, 7}), true);
        TensorAssert.assertExactly("leaky_relu 0.1 at {0, 2, -2}: dinp", inp.shape,
                new double[] {alpha * 3, 5, alpha * 7}, dinp.data);
    }

    @Test
    void sigmoidAndTanhSaturateWithoutNaN() {
        Tensor inp = new Tensor(new int[] {1, 4}, new double[] {-1000, 1000, -40, 40});
        Tensor dout = new Tensor(new int[] {1, 4}, new double[] {1, 1, 1, 1});

        Sigmoid sigmoid = new Sigmoid(new int[] {4});
        TensorAssert.assertClose("sigmoid at ±1000, ±40: out", inp.shape, new double[] {0, 1, Math.exp(-40), 1},
                sigmoid.forward(inp).data, 1e-12, 0);
        TensorAssert.assertClose("sigmoid at ±1000, ±40: dinp", inp.shape, new double[] {0, 0, Math.exp(-40), 0},
                sigmoid.backward(dout, true).data, 1e-12, 0);

        Tanh tanh = new Tanh(new int[] {4});
        TensorAssert.assertExactly("tanh at ±1000, ±40: out", inp.shape, new double[] {-1, 1, -1, 1},
                tanh.forward(inp).data);
        TensorAssert.assertExactly("tanh at ±1000, ±40: dinp", inp.shape, new double[] {0, 0, 0, 0},
                tanh.backward(dout, true).data);
    }

    /**
     * torch 1.13: x = [nan, 1, -1, 0, -0.0, inf, -nan], relu(x).backward([5, 6, 7, 8, 9, 10, 11]) gives
     * x.grad [5, 6, 0, 0, 0, 10, 11]: threshold_backward zeroes the gradient only where the output is ≤ 0, so a NaN
     * passes it on.
     */
    @Test
    void reluPassesTheGradientThroughNaNAndInfinityAndStopsItAtZero() {
        double nan = Double.NaN, inf = Double.POSITIVE_INFINITY;
        Tensor inp = new Tensor(new int[] {1, 7}, new double[] {nan, 1, -1, 0, -0.0, inf, -nan});
        Relu relu = new Relu(new int[] {7});
        TensorAssert.assertExactly("relu with NaN, ±0, inf: out", inp.shape, new double[] {nan, 1, 0, 0, 0, inf, nan},
                relu.forward(inp).data);
        Tensor dout = new Tensor(inp.shape, new double[] {5, 6, 7, 8, 9, 10, 11});
        TensorAssert.assertExactly("relu with NaN, ±0, inf: dinp", inp.shape, new double[] {5, 6, 0, 0, 0, 10, 11},
                relu.backward(dout, true).data);
    }
}
