package cnnbp.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Conv2dTest {
    /** One convolution: batch N, input (C, H, W), F filters, kernel (kh, kw), stride (sh, sw), padding (ph, pw). */
    record Case(int n, int c, int h, int w, int f, int kh, int kw, int sh, int sw, int ph, int pw) {
        /** PyTorch's output size, floor((in + 2·pad − kernel) / stride) + 1. */
        int oh() {
            return Math.floorDiv(h + 2 * ph - kh, sh) + 1;
        }

        int ow() {
            return Math.floorDiv(w + 2 * pw - kw, sw) + 1;
        }

        Conv2d build(Random rnd, TensorAssert.Fill fill) {
            return new Conv2d(new int[] {c, h, w}, f, new int[] {kh, kw}, new int[] {sh, sw}, new int[] {ph, pw},
                    fill.of(rnd, -1, 1, f, c, kh, kw), fill.of(rnd, -1, 1, f));
        }

        long seed() {
            return toString().hashCode();
        }

        @Override
        public String toString() {
            return String.format("conv N%d C%d in %dx%d F%d kernel %dx%d stride %dx%d padding %dx%d",
                    n, c, h, w, f, kh, kw, sh, sw, ph, pw);
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0),
                new Case(3, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0),
                new Case(1, 3, 5, 7, 4, 3, 3, 1, 1, 1, 1),
                new Case(3, 3, 5, 7, 4, 2, 3, 1, 1, 0, 0),   // non-square kernel
                new Case(3, 3, 5, 7, 4, 3, 2, 2, 2, 1, 1),   // stride 2, floor mode in W
                new Case(1, 3, 5, 7, 1, 3, 3, 3, 3, 2, 2),   // stride 3, padding 2
                new Case(3, 1, 5, 7, 4, 2, 3, 1, 2, 0, 1),   // non-square kernel, stride and padding
                new Case(1, 1, 5, 7, 4, 2, 2, 1, 1, 2, 2),   // corner windows lie wholly in the padding
                new Case(3, 3, 5, 7, 4, 5, 7, 1, 1, 0, 0),   // kernel covers the input: 1x1 output
                new Case(1, 3, 5, 7, 4, 1, 1, 2, 3, 0, 1),   // 1x1 kernel skips inputs
                new Case(1, 1, 7, 5, 1, 3, 3, 2, 1, 1, 0),   // tall input
                new Case(3, 3, 6, 6, 4, 2, 2, 3, 3, 0, 0),   // stride larger than the kernel
                // stride 1 and an output as wide as the input: im2col and col2im as whole-plane shifts
                new Case(2, 3, 4, 5, 2, 1, 1, 1, 1, 0, 0),   // 1x1 kernel: shift 0
                new Case(1, 2, 3, 3, 2, 3, 5, 1, 1, 1, 2),   // 3x5 kernel, padding 1x2
                new Case(1, 2, 6, 4, 3, 5, 3, 1, 1, 0, 1),   // tall kernel, no padding in H: OH 2
                new Case(2, 2, 4, 1, 3, 5, 5, 1, 1, 2, 2),   // one column, padding 2: kernel columns wholly in it
                new Case(2, 1, 4, 2, 2, 5, 5, 1, 1, 2, 2));  // two columns, padding 2
    }

    /**
     * out[n, f, oh, ow] = bias[f] + Σ_c Σ_i Σ_j weight[f, c, i, j] · inp[n, c, oh·sh − ph + i, ow·sw − pw + j],
     * zero outside the input; straight from the definition. Returns {out, Σ|terms|} for the tolerance.
     */
    static double[][] naiveForward(Case k, Tensor inp, Tensor weight, Tensor bias) {
        int oh = k.oh(), ow = k.ow();
        double[] out = new double[k.n * k.f * oh * ow];
        double[] scale = new double[out.length];
        for (int n = 0; n < k.n; n++) {
            for (int f = 0; f < k.f; f++) {
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        double s = bias.data[f], abs = Math.abs(bias.data[f]);
                        for (int c = 0; c < k.c; c++) {
                            for (int i = 0; i < k.kh; i++) {
                                for (int j = 0; j < k.kw; j++) {
                                    int iy = y * k.sh - k.ph + i, ix = x * k.sw - k.pw + j;
                                    if (iy < 0 || iy >= k.h || ix < 0 || ix >= k.w) continue;
                                    double t = weight.data[((f * k.c + c) * k.kh + i) * k.kw + j]
                                            * inp.data[((n * k.c + c) * k.h + iy) * k.w + ix];
                                    s += t;
                                    abs += Math.abs(t);
                                }
                            }
                        }
                        int o = ((n * k.f + f) * oh + y) * ow + x;
                        out[o] = s;
                        scale[o] = abs;
                    }
                }
            }
        }
        return new double[][] {out, scale};
    }

    private static void assertForward(Case k, Conv2d conv, Tensor inp) {
        Tensor weight = conv.params().get(0).value, bias = conv.params().get(1).value;
        Tensor out = conv.forward(inp);
        int[] shape = {inp.n(), k.f, k.oh(), k.ow()};
        assertArrayEquals(shape, out.shape, k + ": out shape");
        double[][] naive = naiveForward(k, inp, weight, bias);
        TensorAssert.assertCloseScaled(k + " (N=" + inp.n() + "): out vs naive", shape, naive[0], out.data,
                naive[1], 1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardMatchesNaiveConvolution(Case k) {
        Random rnd = new Random(k.seed());
        Conv2d conv = k.build(rnd, TensorAssert::uniform);
        assertArrayEquals(new int[] {k.f, k.oh(), k.ow()}, conv.outShape(), k + ": outShape");
        assertForward(k, conv, TensorAssert.uniform(rnd, -1, 1, k.n, k.c, k.h, k.w));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardMatchesFiniteDifferences(Case k) {
        Random rnd = new Random(k.seed());
        Conv2d conv = k.build(rnd, TensorAssert::dyadic);
        GradientCheck.check(k.toString(), conv, TensorAssert.dyadic(rnd, -1, 1, k.n, k.c, k.h, k.w), rnd);
    }

    /** The layer reuses its buffers per batch size; a new batch size must not see stale ones. */
    @Test
    void forwardIsRightAfterTheBatchSizeChanges() {
        Case k = new Case(3, 3, 5, 7, 4, 3, 2, 2, 1, 1, 0);
        Random rnd = new Random(7);
        Conv2d conv = k.build(rnd, TensorAssert::uniform);
        for (int n : new int[] {3, 1, 2, 3}) {
            Case kn = new Case(n, k.c, k.h, k.w, k.f, k.kh, k.kw, k.sh, k.sw, k.ph, k.pw);
            assertForward(kn, conv, TensorAssert.uniform(rnd, -1, 1, n, k.c, k.h, k.w));
        }
    }
}
