package cnnbp.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MaxPool2dTest {
    /**
     * The naive max pool: out[n, c, y, x] = max of inp[n, c, y·sh + i, x·sw + j] over the window,
     * and the flat input index of the first maximum in row-major window order (a later equal value
     * does not replace it). No NaN handling: used on finite inputs only.
     */
    static double[] naiveForward(PoolCase k, Tensor inp, int[] argmax) {
        int oh = k.oh(), ow = k.ow();
        double[] out = new double[k.n() * k.c() * oh * ow];
        for (int n = 0; n < k.n(); n++) {
            for (int c = 0; c < k.c(); c++) {
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        double max = Double.NEGATIVE_INFINITY;
                        int best = -1;
                        for (int i = 0; i < k.kh(); i++) {
                            for (int j = 0; j < k.kw(); j++) {
                                int at = ((n * k.c() + c) * k.h() + y * k.sh() + i) * k.w() + x * k.sw() + j;
                                if (best < 0 || inp.data[at] > max) {
                                    max = inp.data[at];
                                    best = at;
                                }
                            }
                        }
                        int o = ((n * k.c() + c) * oh + y) * ow + x;
                        out[o] = max;
                        argmax[o] = best;
                    }
                }
            }
        }
        return out;
    }

    private static Tensor tensor(int[] shape, double... data) {
        return new Tensor(shape, data);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cnnbp.layer.PoolCase#cases")
    void forwardMatchesNaiveMax(PoolCase k) {
        Random rnd = new Random(k.seed());
        MaxPool2d pool = new MaxPool2d(k.inShape(), k.size(), k.stride());
        int[] shape = {k.n(), k.c(), k.oh(), k.ow()};
        assertArrayEquals(new int[] {k.c(), k.oh(), k.ow()}, pool.outShape(), "maxpool " + k + ": outShape");
        Tensor inp = TensorAssert.uniform(rnd, -1, 1, k.n(), k.c(), k.h(), k.w());
        Tensor out = pool.forward(inp);
        assertArrayEquals(shape, out.shape, "maxpool " + k + ": out shape");
        int[] argmax = new int[out.size()];
        TensorAssert.assertClose("maxpool " + k + ": out vs naive", shape, naiveForward(k, inp, argmax), out.data,
                1e-12, 0);
        assertArrayEquals(argmax, pool.argmax(), "maxpool " + k + ": argmax vs naive");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cnnbp.layer.PoolCase#cases")
    void backwardMatchesFiniteDifferences(PoolCase k) {
        Random rnd = new Random(k.seed());
        // Distinct values 2^-7 ≈ 0.008 apart: h never changes which element is a window's maximum.
        GradientCheck.check("maxpool " + k, new MaxPool2d(k.inShape(), k.size(), k.stride()),
                TensorAssert.distinct(rnd, 0x1p-7, k.n(), k.c(), k.h(), k.w()), rnd);
    }

    /** Small integers make ties in most windows; each routes its gradient to the first maximum, as PyTorch. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cnnbp.layer.PoolCase#cases")
    void tiesRouteTheGradientToTheFirstMaximumAndMaskCountsWindows(PoolCase k) {
        Random rnd = new Random(k.seed());
        MaxPool2d pool = new MaxPool2d(k.inShape(), k.size(), k.stride());
        Tensor inp = Tensor.zeros(k.n(), k.c(), k.h(), k.w());
        for (int i = 0; i < inp.size(); i++) inp.data[i] = rnd.nextInt(3);
        Tensor out = pool.forward(inp);
        Tensor dout = TensorAssert.uniform(rnd, -1, 1, out.shape);
        int[] argmax = new int[out.size()];
        naiveForward(k, inp, argmax);
        double[] dinp = new double[inp.size()], mask = new double[inp.size()];
        for (int o = 0; o < argmax.length; o++) {
            dinp[argmax[o]] += dout.data[o];
            mask[argmax[o]] += 1;
        }
        TensorAssert.assertClose("maxpool " + k + " with ties: dinp", inp.shape, dinp,
                pool.backward(dout, true).data, 1e-15, 0);
        TensorAssert.assertExactly("maxpool " + k + " with ties: mask", inp.shape, mask, pool.mask().data);
    }

    @Test
    void aWindowOfEqualValuesRoutesEverythingToItsFirstElement() {
        MaxPool2d pool = new MaxPool2d(new int[] {1, 2, 2}, new int[] {2, 2}, new int[] {2, 2});
        Tensor inp = tensor(new int[] {1, 1, 2, 2}, 5, 5, 5, 5);
        assertEquals(5, pool.forward(inp).data[0], "maxpool 2x2 on all 5: out");
        Tensor dinp = pool.backward(tensor(new int[] {1, 1, 1, 1}, 1.5), true);
        TensorAssert.assertExactly("maxpool 2x2 on all 5: dinp", inp.shape, new double[] {1.5, 0, 0, 0}, dinp.data);
    }

    @Test
    void aTieInTheSecondRowGoesToItsLeftElement() {
        // Window 0 is [[1, 2], [3, 3]]: the first 3 in row-major order is (1, 0).
        // Window 1 is [[4, 0], [1, 4]]: the first 4 is (0, 0) of the window, input (0, 2).
        MaxPool2d pool = new MaxPool2d(new int[] {1, 2, 4}, new int[] {2, 2}, new int[] {2, 2});
        Tensor inp = tensor(new int[] {1, 1, 2, 4}, 1, 2, 4, 0, 3, 3, 1, 4);
        TensorAssert.assertExactly("maxpool ties: out", new int[] {1, 1, 1, 2}, new double[] {3, 4},
                pool.forward(inp).data);
        Tensor dinp = pool.backward(tensor(new int[] {1, 1, 1, 2}, 10, 20), true);
        TensorAssert.assertExactly("maxpool ties: dinp", inp.shape, new double[] {0, 0, 20, 0, 10, 0, 0, 0},
                dinp.data);
    }

    @Test
    void maskOfAConstantInputMarksEachWindowsFirstElement() {
        // size 3 stride 1 on a constant 5x5: window (y, x) starts at input (y, x), its first element, so
        // the 9 windows mark the top-left 3x3 block once each.
        MaxPool2d pool = new MaxPool2d(new int[] {1, 5, 5}, new int[] {3, 3}, new int[] {1, 1});
        Tensor inp = Tensor.zeros(1, 1, 5, 5);
        inp.fill(2);
        pool.forward(inp);
        double[] expected = new double[25];
        for (int y = 0; y < 3; y++) for (int x = 0; x < 3; x++) expected[y * 5 + x] = 1;
        TensorAssert.assertExactly("maxpool 3x3 stride 1 on a constant: mask", inp.shape, expected,
                pool.mask().data);
    }

    @Test
    void maskCountsOverlappingWindowsThatShareTheirMaximum() {
        // A plateau of 1s with a single 7 in the middle: all 9 windows of size 3 stride 1 pick the 7.
        MaxPool2d pool = new MaxPool2d(new int[] {1, 5, 5}, new int[] {3, 3}, new int[] {1, 1});
        Tensor inp = Tensor.zeros(1, 1, 5, 5);
        inp.fill(1);
        inp.data[2 * 5 + 2] = 7;
        pool.forward(inp);
        double[] expected = new double[25];
        expected[2 * 5 + 2] = 9;
        TensorAssert.assertExactly("maxpool 3x3 stride 1 with a central peak: mask", inp.shape, expected,
                pool.mask().data);
        Tensor dinp = pool.backward(TensorAssert.uniform(new Random(3), 1, 2, 1, 1, 3, 3), true);
        assertTrue(dinp.data[12] > 9, "maxpool central peak: dinp[0, 0, 2, 2] sums 9 gradients in [1, 2), got "
                + dinp.data[12]);
    }

    @Test
    void nanInAWindowIsItsMaximumAndTakesTheGradient() {
        // Window 0 [[1, NaN], [3, 4]]: NaN after a number. Window 1 [[NaN, 9], [9, 9]]: NaN first, then
        // larger-looking numbers. Window 2 [[5, 2], [0, 1]]: no NaN.
        MaxPool2d pool = new MaxPool2d(new int[] {1, 2, 6}, new int[] {2, 2}, new int[] {2, 2});
        double nan = Double.NaN;
        Tensor inp = tensor(new int[] {1, 1, 2, 6}, 1, nan, nan, 9, 5, 2, 3, 4, 9, 9, 0, 1);
        TensorAssert.assertExactly("maxpool with NaN: out", new int[] {1, 1, 1, 3}, new double[] {nan, nan, 5},
                pool.forward(inp).data);
        Tensor dinp = pool.backward(tensor(new int[] {1, 1, 1, 3}, 1, 2, 3), true);
        TensorAssert.assertExactly("maxpool with NaN: dinp", inp.shape,
                new double[] {0, 1, 2, 0, 3, 0, 0, 0, 0, 0, 0, 0}, dinp.data);
    }

    @Test
    void theLastNanOfAWindowTakesTheGradientAsInPyTorch() {
        // torch 1.13: max_pool2d([[nan, 1], [nan, 2]], 2, return_indices=True) gives index 2, the second NaN
        MaxPool2d pool = new MaxPool2d(new int[] {1, 2, 2}, new int[] {2, 2}, new int[] {2, 2});
        double nan = Double.NaN;
        pool.forward(tensor(new int[] {1, 1, 2, 2}, nan, 1, nan, 2));
        TensorAssert.assertExactly("maxpool with two NaNs: dinp", new int[] {1, 1, 2, 2},
                new double[] {0, 0, 1, 0}, pool.backward(tensor(new int[] {1, 1, 1, 1}, 1), true).data);
    }

    @Test
    void minusZeroThenZeroIsATieTheFirstWins() {
        // torch 1.13: max_pool2d([[-0., 0.], [0., 0.]], 2) is -0. (index 0): +0 is not greater than -0
        MaxPool2d pool = new MaxPool2d(new int[] {1, 2, 2}, new int[] {2, 2}, new int[] {2, 2});
        Tensor inp = tensor(new int[] {1, 1, 2, 2}, -0.0, 0.0, 0.0, 0.0);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(pool.forward(inp).data[0]),
                "maxpool on [-0, 0, 0, 0]: out is -0.0");
        TensorAssert.assertExactly("maxpool on [-0, 0, 0, 0]: dinp", inp.shape, new double[] {1, 0, 0, 0},
                pool.backward(tensor(new int[] {1, 1, 1, 1}, 1), true).data);
    }

    @Test
    void aWindowOfMinusInfinityRoutesToItsFirstElement() {
        double inf = Double.NEGATIVE_INFINITY;
        MaxPool2d pool = new MaxPool2d(new int[] {1, 2, 2}, new int[] {2, 2}, new int[] {2, 2});
        Tensor inp = tensor(new int[] {1, 1, 2, 2}, inf, inf, inf, inf);
        assertEquals(inf, pool.forward(inp).data[0], "maxpool on -Infinity: out");
        TensorAssert.assertExactly("maxpool on -Infinity: dinp", inp.shape, new double[] {1, 0, 0, 0},
                pool.backward(tensor(new int[] {1, 1, 1, 1}, 1), true).data);
    }
}
