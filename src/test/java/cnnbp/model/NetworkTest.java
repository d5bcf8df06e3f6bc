package cnnbp.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cnnbp.layer.Conv2d;
import cnnbp.layer.Dense;
import cnnbp.layer.Flatten;
import cnnbp.layer.Layer;
import cnnbp.layer.MaxPool2d;
import cnnbp.layer.Param;
import cnnbp.layer.Relu;
import cnnbp.layer.Sigmoid;
import cnnbp.layer.Softmax;
import cnnbp.loss.BinaryCrossEntropy;
import cnnbp.loss.CrossEntropy;
import cnnbp.loss.MeanSquaredError;
import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NetworkTest {
    private static final int[] IN = {2, 6, 7};  // (C, H, W) of one example
    private static final int CLASSES = 4;
    private static final double H = 1e-6;
    private static final double KINK = 1e-3;

    /** A network, a batch X (M, C, H, W) and its labels (M). */
    private record Setup(Network net, Tensor x, double[] labels) {}

    /**
     * conv (3 filters, 3x3, padding 1) → relu → maxpool 2x2 → flatten → dense 4 → softmax, with
     * cross-entropy: (2, 6, 7) → (3, 6, 7) → (3, 6, 7) → (3, 3, 3) → (27) → (4) → (4).
     */
    private static Network convNet(Random rnd) {
        Conv2d conv = new Conv2d(IN, 3, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1},
                TensorAssert.uniform(rnd, -0.5, 0.5, 3, 2, 3, 3), TensorAssert.uniform(rnd, -0.2, 0.2, 3));
        int[] convOut = conv.outShape();
        MaxPool2d pool = new MaxPool2d(convOut, new int[] {2, 2}, new int[] {2, 2});
        Flatten flatten = new Flatten(pool.outShape());
        int features = flatten.outShape()[0];
        Dense dense = new Dense(features, CLASSES, TensorAssert.uniform(rnd, -0.5, 0.5, CLASSES, features),
                TensorAssert.uniform(rnd, -0.2, 0.2, CLASSES));
        return new Network(IN, List.of(conv, new Relu(convOut), pool, flatten, dense, new Softmax(CLASSES)),
                new CrossEntropy());
    }

    /**
     * The first seed from {@code seed} on whose network and batch of m examples every conv output is
     * more than 1e-3 from ReLU's kink and every positive pool maximum leads its window by more than
     * 1e-3, so that no finite difference with h = 1e-6 crosses a kink.
     */
    private static Setup kinkFree(long seed, int m) {
        for (long s = seed; s < seed + 200; s++) {
            Random rnd = new Random(s);
            Network net = convNet(rnd);
            Tensor x = TensorAssert.uniform(rnd, -1, 1, Shapes.prepend(m, IN));
            double[] labels = new double[m];
            for (int i = 0; i < m; i++) labels[i] = rnd.nextInt(CLASSES);
            net.forward(x, labels);
            if (isKinkFree(net)) return new Setup(net, x, labels);
        }
        throw new AssertionError("no kink-free seed in " + seed + ".." + (seed + 199));
    }

    private static boolean isKinkFree(Network net) {
        for (double z : net.output(0).data) if (Math.abs(z) <= KINK) return false;
        Tensor r = net.output(1);  // (M, 3, 6, 7), pooled 2x2 stride 2 into 3x3
        int planes = r.n() * r.shape[1], h = r.shape[2], w = r.shape[3];
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y + 2 <= h; y += 2) {
                for (int x = 0; x + 2 <= w; x += 2) {
                    double[] window = new double[4];
                    for (int i = 0; i < 4; i++) window[i] = r.data[(p * h + y + i / 2) * w + x + i % 2];
                    Arrays.sort(window);
                    if (window[3] > 0 && window[3] - window[2] <= KINK) return false;
                }
            }
        }
        return true;
    }

    /** (L(θ + h) − L(θ − h)) / 2h for every element of theta (X's or a parameter's data). */
    private static double[] numeric(Network net, Tensor x, double[] labels, double[] theta) {
        double[] num = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            double saved = theta[i];
            theta[i] = saved + H;
            double plus = net.forward(x, labels);
            theta[i] = saved - H;
            double minus = net.forward(x, labels);
            theta[i] = saved;
            num[i] = (plus - minus) / (2 * H);
        }
        net.forward(x, labels);
        return num;
    }

    /** "layer 1 (conv) dW": every param of the network named by its layer, in {@link Network#params} order. */
    private static List<String> paramNames(Network net) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layer(i);
            for (Param p : l.params()) names.add("layer " + (i + 1) + " (" + l.type() + ") d" + p.key);
        }
        return names;
    }

    private static double[][] gradCopies(Network net) {
        List<Param> params = net.params();
        double[][] g = new double[params.size()][];
        for (int i = 0; i < g.length; i++) g[i] = params.get(i).grad.data.clone();
        return g;
    }

    @Test
    void gradientOfEveryParamAndOfTheInputMatchesFiniteDifferencesOfTheLoss() {
        Setup s = kinkFree(100, 2);
        Network net = s.net;
        net.zeroGrad();
        net.forward(s.x, s.labels);
        net.backward(true);
        double[][] grads = gradCopies(net);
        assertNotNull(net.inputGrad(), "network: inputGrad() after backward(true)");
        double[] dx = net.inputGrad().data.clone();

        List<Param> params = net.params();
        List<String> names = paramNames(net);
        assertEquals(4, params.size(), "network: conv W, b and dense W, b");
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            TensorAssert.assertClose("network " + names.get(i) + " vs finite differences of the loss",
                    p.value.shape, numeric(net, s.x, s.labels, p.value.data), grads[i], 1e-6, 1e-8);
        }
        TensorAssert.assertClose("network dX vs finite differences of the loss", s.x.shape,
                numeric(net, s.x, s.labels, s.x.data), dx, 1e-6, 1e-8);

        net.zeroGrad();
        net.forward(s.x, s.labels);
        net.backward(false);
        for (int i = 0; i < params.size(); i++) {
            TensorAssert.assertExactly("network " + names.get(i) + " after backward(false)", params.get(i).value.shape,
                    grads[i], params.get(i).grad.data);
        }
    }

    @Test
    void batchLossAndGradientAreTheMeansOverItsExamples() {
        int m = 3;
        Setup s = kinkFree(200, m);
        Network net = s.net;
        int per = s.x.perExample();
        List<String> names = paramNames(net);

        net.zeroGrad();
        double batchLoss = net.forward(s.x, s.labels);
        net.backward(true);
        double[][] batchGrads = gradCopies(net);
        double[] batchDx = net.inputGrad().data.clone();

        double lossSum = 0;
        double[][] sum = new double[batchGrads.length][], absSum = new double[batchGrads.length][];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = new double[batchGrads[i].length];
            absSum[i] = new double[batchGrads[i].length];
        }
        for (int e = 0; e < m; e++) {
            Tensor xe = new Tensor(Shapes.prepend(1, IN), Arrays.copyOfRange(s.x.data, e * per, (e + 1) * per));
            net.zeroGrad();
            lossSum += net.forward(xe, new double[] {s.labels[e]});
            net.backward(true);
            double[][] g = gradCopies(net);
            for (int i = 0; i < g.length; i++) {
                for (int j = 0; j < g[i].length; j++) {
                    sum[i][j] += g[i][j];
                    absSum[i][j] += Math.abs(g[i][j]);
                }
            }
            double[] dxe = net.inputGrad().data;
            double[] expected = new double[per], actual = Arrays.copyOfRange(batchDx, e * per, (e + 1) * per);
            for (int j = 0; j < per; j++) expected[j] = dxe[j] / m;
            TensorAssert.assertClose("network dX of example " + e + " in a batch of " + m
                    + " vs (its own dX) / M", IN, expected, actual, 1e-12, 1e-300);
        }
        double meanLoss = lossSum / m;
        assertTrue(TensorAssert.relErr(meanLoss, batchLoss, 0) <= 1e-12,
                "network loss of a batch of " + m + ": expected the mean of the single-example losses "
                        + meanLoss + ", got " + batchLoss);
        List<Param> params = net.params();
        for (int i = 0; i < params.size(); i++) {
            double[] mean = new double[sum[i].length], scale = new double[sum[i].length];
            for (int j = 0; j < mean.length; j++) {
                mean[j] = sum[i][j] / m;
                scale[j] = absSum[i][j] / m;
            }
            TensorAssert.assertCloseScaled("network " + names.get(i) + " of a batch of " + m
                    + " vs the mean of the single-example gradients", params.get(i).value.shape, mean,
                    batchGrads[i], scale, 1e-12);
        }
    }

    /** (A − Y) / M from the network's last output and target. */
    private static double[] aMinusYOverM(Network net) {
        Tensor a = net.output(net.layers().size() - 1), y = net.target();
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = (a.data[i] - y.data[i]) / a.n();
        return d;
    }

    @Test
    void softmaxWithCrossEntropyUsesTheFusedGradient() {
        Setup s = kinkFree(300, 3);
        s.net.zeroGrad();
        s.net.forward(s.x, s.labels);
        s.net.backward(false);
        TensorAssert.assertExactly("network conv..softmax + cross_entropy: gradOutput of layer 5 (dense)",
                s.net.gradOutput(4).shape, aMinusYOverM(s.net), s.net.gradOutput(4).data);
    }

    @Test
    void softmaxWithCrossEntropyStaysFiniteWhereTheChainRuleWouldDivideByZero() {
        // Logits {0, 0, -1000}: A[2] = e^-1000 underflows to 0 and the label is 2. dL/dA = -1 / (M·0)
        // would make the two-step chain rule NaN; (A − Y) / M is {0.25, 0.25, -0.5}.
        Dense dense = new Dense(2, 3, new Tensor(new int[] {3, 2}, new double[] {0, 0, 0, 0, -1000, 0}),
                Tensor.zeros(3));
        Network net = new Network(new int[] {2}, List.of(dense, new Softmax(3)), new CrossEntropy());
        Tensor x = new Tensor(new int[] {2, 2}, new double[] {1, 0, 0, 1});
        net.zeroGrad();
        net.forward(x, new double[] {2, 0});
        net.backward(true);
        double third = 1.0 / 3;
        TensorAssert.assertExactly("network dense..softmax + cross_entropy at A[label] = 0: gradOutput of layer 1",
                new int[] {2, 3}, new double[] {0.25, 0.25, -0.5, (third - 1) / 2, third / 2, third / 2},
                net.gradOutput(0).data);
        for (Param p : dense.params()) {
            for (double g : p.grad.data) assertTrue(Double.isFinite(g), "network dense d" + p.key + " has " + g);
        }
    }

    @Test
    void sigmoidWithBinaryCrossEntropyUsesTheFusedGradient() {
        // z = {40, 0.3, 20.15}: A[0] is exactly 1.0 with label 0, where dL/dA · A (1 − A) would give
        // (1 / (M·1e-12)) · 0 = 0 instead of (A − y) / M = 1/3.
        Dense dense = new Dense(2, 1, new Tensor(new int[] {1, 2}, new double[] {40, 0.3}), Tensor.zeros(1));
        Network net = new Network(new int[] {2}, List.of(dense, new Sigmoid(new int[] {1})),
                new BinaryCrossEntropy());
        Tensor x = new Tensor(new int[] {3, 2}, new double[] {1, 0, 0, 1, 0.5, 0.5});
        net.zeroGrad();
        net.forward(x, new double[] {0, 1, 1});
        net.backward(true);
        assertEquals(1.0, net.output(1).data[0], 0, "sigmoid(40) should round to 1.0 for this test to bite");
        double[] expected = aMinusYOverM(net);
        assertEquals(1.0 / 3, expected[0], 1e-16, "(A - y) / M of example 0");
        TensorAssert.assertExactly("network dense..sigmoid + bce: gradOutput of layer 1", new int[] {3, 1}, expected,
                net.gradOutput(0).data);
    }

    @Test
    void mseBackpropagatesThroughTheActivationsOwnBackward() {
        Random rnd = new Random(9);
        Dense dense = new Dense(2, 3, TensorAssert.uniform(rnd, -1, 1, 3, 2), TensorAssert.uniform(rnd, -1, 1, 3));
        Network net = new Network(new int[] {2}, List.of(dense, new Sigmoid(new int[] {3})), new MeanSquaredError());
        net.zeroGrad();
        net.forward(TensorAssert.uniform(rnd, -1, 1, 3, 2), new double[] {0, 2, 1});
        net.backward(true);
        double[] a = net.output(1).data, da = net.gradOutput(1).data, expected = new double[a.length];
        double[] mseGrad = aMinusYOverM(net);  // (A − Y) / M; dL/dA = 2 (A − Y) / (M·K)
        for (int i = 0; i < a.length; i++) {
            double dl = 2 * mseGrad[i] / 3;
            if (TensorAssert.relErr(dl, da[i], 0) > 1e-12) {
                fail("network dense..sigmoid + mse: gradOutput of layer 2 element " + i + ": expected " + dl
                        + ", got " + da[i]);
            }
            expected[i] = da[i] * a[i] * (1 - a[i]);
        }
        TensorAssert.assertClose("network dense..sigmoid + mse: gradOutput of layer 1 = dL/dA · A (1 − A)",
                new int[] {3, 3}, expected, net.gradOutput(0).data, 1e-15, 0);
    }
}
