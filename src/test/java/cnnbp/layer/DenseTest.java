package cnnbp.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DenseTest {
    /** One fully connected layer: batch N, I inputs, U units. */
    record Case(int n, int in, int units) {
        Dense build(Random rnd, TensorAssert.Fill fill) {
            return new Dense(in, units, fill.of(rnd, -1, 1, units, in), fill.of(rnd, -1, 1, units));
        }

        @Override
        public String toString() {
            return "dense N" + n + " in " + in + " units " + units;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(1, 1, 1),
                new Case(3, 7, 4),
                new Case(3, 17, 3),    // I not a multiple of 4: the unrolled dot product's tail
                new Case(1, 4, 5),
                new Case(2, 5, 1));
    }

    /** out[n, u] = bias[u] + Σ_i inp[n, i] · weight[u, i]. Returns {out, Σ|terms|}. */
    static double[][] naiveForward(Case k, Tensor inp, Tensor weight, Tensor bias) {
        double[] out = new double[k.n * k.units], scale = new double[out.length];
        for (int n = 0; n < k.n; n++) {
            for (int u = 0; u < k.units; u++) {
                double s = bias.data[u], abs = Math.abs(bias.data[u]);
                for (int i = 0; i < k.in; i++) {
                    double t = inp.data[n * k.in + i] * weight.data[u * k.in + i];
                    s += t;
                    abs += Math.abs(t);
                }
                out[n * k.units + u] = s;
                scale[n * k.units + u] = abs;
            }
        }
        return new double[][] {out, scale};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardMatchesNaiveMatrixProduct(Case k) {
        Random rnd = new Random(k.toString().hashCode());
        Dense dense = k.build(rnd, TensorAssert::uniform);
        assertArrayEquals(new int[] {k.units}, dense.outShape(), k + ": outShape");
        Tensor inp = TensorAssert.uniform(rnd, -1, 1, k.n, k.in);
        Tensor out = dense.forward(inp);
        int[] shape = {k.n, k.units};
        assertArrayEquals(shape, out.shape, k + ": out shape");
        double[][] naive = naiveForward(k, inp, dense.params().get(0).value, dense.params().get(1).value);
        TensorAssert.assertCloseScaled(k + ": out vs naive", shape, naive[0], out.data, naive[1], 1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardMatchesFiniteDifferences(Case k) {
        Random rnd = new Random(k.toString().hashCode());
        Dense dense = k.build(rnd, TensorAssert::dyadic);
        GradientCheck.check(k.toString(), dense, TensorAssert.dyadic(rnd, -1, 1, k.n, k.in), rnd);
    }
}
