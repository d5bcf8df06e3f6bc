package cnnbp.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvgPool2dTest {
    /** out[n, c, y, x] = (1 / (kh·kw)) Σ_i Σ_j inp[n, c, y·sh + i, x·sw + j]. Returns {out, Σ|terms|}. */
    static double[][] naiveForward(PoolCase k, Tensor inp) {
        int oh = k.oh(), ow = k.ow();
        double[] out = new double[k.n() * k.c() * oh * ow];
        double[] scale = new double[out.length];
        for (int n = 0; n < k.n(); n++) {
            for (int c = 0; c < k.c(); c++) {
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        double s = 0, abs = 0;
                        for (int i = 0; i < k.kh(); i++) {
                            for (int j = 0; j < k.kw(); j++) {
                                double v = inp.data[((n * k.c() + c) * k.h() + y * k.sh() + i) * k.w() + x * k.sw() + j];
                                s += v;
                                abs += Math.abs(v);
                            }
                        }
                        int o = ((n * k.c() + c) * oh + y) * ow + x;
                        out[o] = s / (k.kh() * k.kw());
                        scale[o] = abs / (k.kh() * k.kw());
                    }
                }
            }
        }
        return new double[][] {out, scale};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cnnbp.layer.PoolCase#cases")
    void forwardMatchesNaiveAverage(PoolCase k) {
        Random rnd = new Random(k.seed());
        AvgPool2d pool = new AvgPool2d(k.inShape(), k.size(), k.stride());
        int[] shape = {k.n(), k.c(), k.oh(), k.ow()};
        assertArrayEquals(new int[] {k.c(), k.oh(), k.ow()}, pool.outShape(), "avgpool " + k + ": outShape");
        Tensor inp = TensorAssert.uniform(rnd, -1, 1, k.n(), k.c(), k.h(), k.w());
        Tensor out = pool.forward(inp);
        assertArrayEquals(shape, out.shape, "avgpool " + k + ": out shape");
        double[][] naive = naiveForward(k, inp);
        TensorAssert.assertCloseScaled("avgpool " + k + ": out vs naive", shape, naive[0], out.data, naive[1], 1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cnnbp.layer.PoolCase#cases")
    void backwardMatchesFiniteDifferences(PoolCase k) {
        Random rnd = new Random(k.seed());
        GradientCheck.check("avgpool " + k, new AvgPool2d(k.inShape(), k.size(), k.stride()),
                TensorAssert.dyadic(rnd, -1, 1, k.n(), k.c(), k.h(), k.w()), rnd);
    }
}
