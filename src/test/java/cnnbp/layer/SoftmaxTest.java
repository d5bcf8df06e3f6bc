package cnnbp.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SoftmaxTest {
    /** softmax(x)[n, k] = e^x[n, k] / Σ_j e^x[n, j], as defined (no shift): for moderate x only. */
    static double[] naive(Tensor x) {
        int n = x.n(), k = x.perExample();
        double[] out = new double[x.size()];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < k; j++) sum += Math.exp(x.data[i * k + j]);
            for (int j = 0; j < k; j++) out[i * k + j] = Math.exp(x.data[i * k + j]) / sum;
        }
        return out;
    }

    @ParameterizedTest(name = "N{0} K{1}")
    @CsvSource({"1, 1", "1, 2", "3, 5", "2, 10"})
    void forwardMatchesDefinitionAndRowsSumToOne(int n, int k) {
        Softmax softmax = new Softmax(k);
        assertArrayEquals(new int[] {k}, softmax.outShape(), "softmax: outShape");
        Tensor inp = TensorAssert.uniform(new Random(n * 31 + k), -3, 3, n, k);
        Tensor out = softmax.forward(inp);
        assertArrayEquals(inp.shape, out.shape, "softmax N" + n + " K" + k + ": out shape");
        TensorAssert.assertClose("softmax N" + n + " K" + k + ": out vs definition", inp.shape, naive(inp),
                out.data, 1e-12, 0);
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < k; j++) sum += out.data[i * k + j];
            assertTrue(Math.abs(sum - 1) <= 1e-12, "softmax N" + n + " K" + k + ": row " + i + " sums to " + sum);
        }
    }

    @ParameterizedTest(name = "c = {0}")
    @ValueSource(doubles = {3.7, -250, 1000, -1000})
    void addingAConstantToARowChangesNothing(double c) {
        Softmax softmax = new Softmax(4);
        Tensor inp = TensorAssert.uniform(new Random(5), -3, 3, 3, 4);
        double[] expected = naive(inp);
        Tensor shifted = inp.copy();
        for (int i = 0; i < shifted.size(); i++) shifted.data[i] += c;
        double[] out = softmax.forward(shifted).data;
        for (double v : out) assertTrue(Double.isFinite(v), "softmax of inputs shifted by " + c + ": got " + v);
        // x + c rounds x to ulp(c) ≈ 1e-13 for |c| = 1000, which moves the output by as much relatively.
        TensorAssert.assertClose("softmax of inputs shifted by " + c, inp.shape, expected, out, 1e-12, 0);
    }

    @Test
    void largeInputsDoNotOverflow() {
        Softmax softmax = new Softmax(3);
        Tensor inp = new Tensor(new int[] {3, 3}, new double[] {1000, 999, 998, 1000, -1000, 0, 800, 800, 800});
        double e1 = Math.exp(-1), e2 = Math.exp(-2), third = 1.0 / 3;
        double[] expected = {1 / (1 + e1 + e2), e1 / (1 + e1 + e2), e2 / (1 + e1 + e2), 1, 0, 0, third, third, third};
        TensorAssert.assertClose("softmax of {1000, 999, 998}, {1000, -1000, 0}, {800, 800, 800}", inp.shape,
                expected, softmax.forward(inp).data, 1e-12, 0);
    }

    @ParameterizedTest(name = "N{0} K{1}")
    @CsvSource({"1, 1", "1, 2", "3, 5", "2, 10"})
    void backwardMatchesFiniteDifferences(int n, int k) {
        Random rnd = new Random(n * 17 + k);
        GradientCheck.check("softmax N" + n + " K" + k, new Softmax(k), TensorAssert.dyadic(rnd, -3, 3, n, k), rnd);
    }
}
