package cnnbp.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What the gradient checker asks of the layers: output shifts of conv and dense, and the pieces of the kinked ones. */
class GradcheckHooksTest {
    /**
     * For every element of every parameter: shiftOutput(δ) equals forward recomputed with the
     * element δ larger, and shiftOutput(0) gives back the base output bit for bit.
     */
    static void shiftMatchesRecompute(String name, AffineInParams layer, Tensor inp) {
        Tensor base = layer.forward(inp).copy();
        double delta = 0.37;
        for (Param p : layer.params()) {
            for (int e = 0; e < p.value.size(); e++) {
                Tensor out = layer.forward(inp);  // the layer's output buffer, at θ
                layer.shiftOutput(p, e, delta, base);
                double[] shifted = out.data.clone();
                double saved = p.value.data[e];
                p.value.data[e] = saved + delta;
                double[] recomputed = layer.forward(inp).data.clone();
                p.value.data[e] = saved;
                TensorAssert.assertClose(name + " " + p.key + "[" + e + "] + " + delta, base.shape, recomputed, shifted,
                        1e-12, 1e-12);
                layer.forward(inp);
                layer.shiftOutput(p, e, delta, base);
                layer.shiftOutput(p, e, 0, base);
                assertArrayEquals(base.data, out.data, name + " " + p.key + "[" + e + "]: a shift of 0 restores the output");
            }
        }
    }

    @Test
    void convShiftOutputMatchesRecomputing() {
        Random rnd = new Random(3);
        Conv2d conv = new Conv2d(new int[] {2, 5, 6}, 3, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0},
                TensorAssert.uniform(rnd, -1, 1, 3, 2, 3, 2), TensorAssert.uniform(rnd, -1, 1, 3));
        shiftMatchesRecompute("conv", conv, TensorAssert.uniform(rnd, -1, 1, 2, 2, 5, 6));
    }

    @Test
    void denseShiftOutputMatchesRecomputing() {
        Random rnd = new Random(4);
        Dense dense = new Dense(5, 3, TensorAssert.uniform(rnd, -1, 1, 3, 5), TensorAssert.uniform(rnd, -1, 1, 3));
        shiftMatchesRecompute("dense", dense, TensorAssert.uniform(rnd, -1, 1, 2, 5));
    }

    @Test
    void reluAndLeakyReluPiecesAreTheSignOfTheInput() {
        Tensor inp = new Tensor(new int[] {1, 5}, new double[] {-1, 0, 2, -0.0, 1e-300});
        int[] expected = {0, 0, 1, 0, 1};  // 0 at 0: its derivative there is 0 (relu) or alpha (leaky), the negative piece
        Relu relu = new Relu(new int[] {5});
        relu.forward(inp);
        assertArrayEquals(expected, relu.pieces(null));
        LeakyRelu leaky = new LeakyRelu(new int[] {5}, 0.1);
        leaky.forward(inp);
        int[] dst = new int[5];
        assertEquals(dst, leaky.pieces(dst), "written into dst when it fits");
        assertArrayEquals(expected, dst);
    }

    @Test
    void maxPoolPiecesAreTheArgmax() {
        MaxPool2d pool = new MaxPool2d(new int[] {1, 2, 4}, new int[] {2, 2}, new int[] {2, 2});
        pool.forward(new Tensor(new int[] {1, 1, 2, 4}, new double[] {1, 3, 5, 5, 2, 0, 5, 4}));
        assertArrayEquals(new int[] {1, 2}, pool.pieces(null), "the first maximum on a tie");
        assertArrayEquals(pool.argmax(), pool.pieces(new int[7]), "a dst of the wrong length is replaced");
    }
}
