package cnnbp.layer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.BadInputException;
import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Batch normalization at batch sizes 1 (per channel only), 5, 9 and 33: the forward and running
 * statistics against a naive reference (each channel's values gathered into a list, then the
 * textbook mean and variances), dinp and dγ, dβ against finite differences of the whole batch's
 * forward (every output depends on every example of the batch), in training and in evaluation, and
 * dinp against the step-by-step chain rule through σ² and μ (CS231n's staged backward) at every size.
 * At N = 33 the finite differences of Σ out ⊙ G (800 terms of order 1) carry rounding noise of about
 * 1e-9 absolute, more than 1e-6 of the smallest elements of dinp: there the staged reference (to
 * 1e-10) stands in for them; PyTorch's numbers are in LayerGoldenTest.
 */
class BatchNormTest {
    static final int[] IMAGE = {2, 3, 4};
    static final int[] FEATURES = {5};

    /** Channel ch's values over the batch, example by example, position by position. */
    static double[] channel(Tensor x, int ch) {
        int c = x.shape[1], hw = x.perExample() / c;
        double[] v = new double[x.n() * hw];
        for (int e = 0; e < x.n(); e++) System.arraycopy(x.data, (e * c + ch) * hw, v, e * hw, hw);
        return v;
    }

    static BatchNorm make(int[] shape, Random r, boolean affine) {
        BatchNorm bn = new BatchNorm(shape, 1e-5, 0.1, affine);
        if (affine) {
            bn.params().get(0).value.data[0] = 0.75;
            for (int ch = 0; ch < shape[0]; ch++) {
                bn.params().get(0).value.data[ch] = 0.5 + r.nextInt(8) / 8.0;
                bn.params().get(1).value.data[ch] = r.nextInt(8) / 8.0 - 0.5;
            }
        }
        return bn;
    }

    @ParameterizedTest(name = "N = {0}")
    @ValueSource(ints = {1, 5, 9, 33})
    void perChannelMatchesTheNaiveReferenceAndFiniteDifferences(int n) {
        check(IMAGE, n);
    }

    @ParameterizedTest(name = "N = {0}")
    @ValueSource(ints = {5, 9, 33})
    void perFeatureMatchesTheNaiveReferenceAndFiniteDifferences(int n) {
        check(FEATURES, n);
    }

    private static void check(int[] shape, int n) {
        Random r = new Random(n * 7919L + shape.length);
        BatchNorm bn = make(shape, r, true);
        Tensor x = TensorAssert.dyadic(r, -2, 3, Shapes.prepend(n, shape));
        Tensor out = bn.forward(x).copy();
        int c = shape[0];
        for (int ch = 0; ch < c; ch++) {
            double[] v = channel(x, ch), o = channel(out, ch);
            double mean = java.util.Arrays.stream(v).average().orElseThrow(), ss = 0;
            for (double a : v) ss += (a - mean) * (a - mean);
            double biased = ss / v.length, unbiased = ss / (v.length - 1);
            double g = bn.params().get(0).value.data[ch], b = bn.params().get(1).value.data[ch];
            double[] expected = new double[v.length];
            for (int i = 0; i < v.length; i++) expected[i] = g * (v[i] - mean) / Math.sqrt(biased + 1e-5) + b;
            TensorAssert.assertClose("out of channel " + ch, new int[] {v.length}, expected, o, 1e-12, 1e-12);
            TensorAssert.assertClose("running mean " + ch, new int[] {1}, new double[] {0.1 * mean},
                    new double[] {bn.buffers().get("running_mean").data[ch]}, 1e-12, 1e-15);
            TensorAssert.assertClose("running var " + ch, new int[] {1}, new double[] {0.9 + 0.1 * unbiased},
                    new double[] {bn.buffers().get("running_var").data[ch]}, 1e-12, 1e-15);
        }
        naiveBackward(make(shape, new Random(1), true), x, n);
        if (n > 9) return;  // see the class comment
        GradientCheck.check("batchnorm " + Shapes.toString(shape) + " training N=" + n, make(shape, new Random(1), true),
                x, new Random(n));
        GradientCheck.check("batchnorm without affine, N=" + n, make(shape, new Random(1), false), x, new Random(n + 1));
        BatchNorm eval = make(shape, new Random(2), true);
        eval.forward(TensorAssert.dyadic(new Random(3), -1, 2, Shapes.prepend(Math.max(n, 2), shape)));  // running stats ≠ 0, 1
        eval.setTraining(false);
        GradientCheck.check("batchnorm evaluation N=" + n, eval, x, new Random(n + 2));
    }

    /**
     * dinp by the staged chain rule: dX̂ = dout ⊙ γ, dσ² = Σ dX̂ ⊙ (x − μ) · (−½)(σ² + ε)^(−3/2),
     * dμ = −Σ dX̂ / √(σ² + ε) + dσ² · Σ −2(x − μ) / m, dx = dX̂ / √(σ² + ε) + dσ² · 2(x − μ) / m + dμ / m.
     */
    private static void naiveBackward(BatchNorm bn, Tensor x, int n) {
        bn.forward(x);
        Tensor g = TensorAssert.dyadic(new Random(n + 5), -1, 1, x.shape);
        bn.zeroGrad();
        Tensor dinp = bn.backward(g, true);
        int c = x.shape[1];
        for (int ch = 0; ch < c; ch++) {
            double[] v = channel(x, ch), d = channel(g, ch), got = channel(dinp, ch);
            int m = v.length;
            double mean = java.util.Arrays.stream(v).average().orElseThrow(), ss = 0;
            for (double a : v) ss += (a - mean) * (a - mean);
            double var = ss / m, gamma = bn.params().get(0).value.data[ch], dvar = 0, dmean = 0, sumDiff = 0;
            for (int i = 0; i < m; i++) {
                dvar += d[i] * gamma * (v[i] - mean) * -0.5 * Math.pow(var + 1e-5, -1.5);
                dmean += -d[i] * gamma / Math.sqrt(var + 1e-5);
                sumDiff += -2 * (v[i] - mean);
            }
            dmean += dvar * sumDiff / m;
            double[] expected = new double[m];
            for (int i = 0; i < m; i++) {
                expected[i] = d[i] * gamma / Math.sqrt(var + 1e-5) + dvar * 2 * (v[i] - mean) / m + dmean / m;
            }
            TensorAssert.assertClose("dinp of channel " + ch + " vs the staged chain rule, N=" + n, new int[] {m},
                    expected, got, 1e-10, 1e-12);
        }
    }

    /** Evaluation uses the running statistics and leaves them alone; training moves them. */
    @Test
    void evaluationNormalizesByTheRunningStatistics() {
        BatchNorm bn = new BatchNorm(FEATURES, 1e-5, 0.1, false);
        bn.buffers().get("running_mean").fill(2);
        bn.buffers().get("running_var").fill(4 - 1e-5);
        bn.setTraining(false);
        Tensor out = bn.forward(new Tensor(new int[] {1, 5}, new double[] {2, 4, 0, 6, 3}));
        TensorAssert.assertClose("(x − 2) / 2", out.shape, new double[] {0, 1, -1, 2, 0.5}, out.data, 1e-12, 1e-15);
        TensorAssert.assertExactly("running mean untouched", new int[] {5}, new double[] {2, 2, 2, 2, 2},
                bn.buffers().get("running_mean").data);
    }

    @Test
    void trainingWithOneValuePerChannelIsRefusedAsPyTorchDoes() {
        BatchNorm bn = new BatchNorm(FEATURES, 1e-5, 0.1, true);
        BadInputException e = assertThrows(BadInputException.class, () -> bn.forward(Tensor.batch(1, FEATURES)));
        assertTrue(e.getMessage().contains("more than 1 value per channel"), e.getMessage());
    }
}
