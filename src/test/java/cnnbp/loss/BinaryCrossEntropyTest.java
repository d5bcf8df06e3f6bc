package cnnbp.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cnnbp.layer.Softmax;
import cnnbp.layer.Sigmoid;
import cnnbp.layer.Tanh;
import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BinaryCrossEntropyTest {
    private static final int[] SHAPE = {3, 1};
    private static final double[] LABELS = {1, 0, 0};

    private static Tensor pred(double... a) {
        return new Tensor(new int[] {a.length, 1}, a);
    }

    @Test
    void valueIsMinusTheMeanLogLikelihood() {
        double expected = -(Math.log(0.9) + Math.log(1 - 0.2) + Math.log(1 - 0.6)) / 3;
        double actual = new BinaryCrossEntropy().forward(pred(0.9, 0.2, 0.6), LABELS);
        assertEquals(0, TensorAssert.relErr(expected, actual, 0), 1e-12,
                "bce M=3: expected " + expected + ", got " + actual);
    }

    @Test
    void logIsClampedAtMinus100AsInPyTorch() {
        BinaryCrossEntropy loss = new BinaryCrossEntropy();
        assertEquals(100, loss.forward(pred(0), new double[] {1}), 0, "bce of pred 0, label 1");
        assertEquals(100, loss.forward(pred(1), new double[] {0}), 0, "bce of pred 1, label 0");
        assertEquals(0, loss.forward(pred(1), new double[] {1}), 0, "bce of pred 1, label 1");
        double mixed = loss.forward(pred(0, 0.5, 1), new double[] {1, 1, 0});
        assertEquals(0, TensorAssert.relErr((200 + Math.log(2)) / 3, mixed, 0), 1e-12,
                "bce of preds {0, 0.5, 1}, labels {1, 1, 0}: got " + mixed);
        // PyTorch's gradient there: (A − y) / max(A (1 − A), 1e-12), over M = 3.
        TensorAssert.assertClose("bce dL/dA at preds {0, 0.5, 1}, labels {1, 1, 0}", SHAPE,
                new double[] {-1 / (3 * 1e-12), -0.5 / (3 * 0.25), 1 / (3 * 1e-12)}, loss.backward().data, 1e-12, 0);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        LossGradientCheck.check("bce M=3", new BinaryCrossEntropy(), pred(0.9, 0.2, 0.6), LABELS);
        LossGradientCheck.check("bce M=4", new BinaryCrossEntropy(), pred(0.05, 0.5, 0.97, 0.3),
                new double[] {0, 1, 1, 0});
    }

    @Test
    void backwardThroughSigmoidEqualsTheChainRule() {
        Sigmoid sigmoid = new Sigmoid(new int[] {1});
        Tensor a = sigmoid.forward(pred(-1.5, 0.3, 2.2));
        BinaryCrossEntropy loss = new BinaryCrossEntropy();
        loss.forward(a, LABELS);
        double[] fused = loss.backwardThrough(sigmoid).data.clone();
        double[] chain = sigmoid.backward(loss.backward(), true).data;
        TensorAssert.assertClose("bce backwardThrough(sigmoid) vs sigmoid.backward(backward())", SHAPE, chain, fused,
                1e-12, 0);
        double[] expected = {(a.data[0] - 1) / 3, a.data[1] / 3, a.data[2] / 3};  // (A − y) / M
        TensorAssert.assertClose("bce backwardThrough(sigmoid) vs (A - y) / M", SHAPE, expected, fused, 1e-15, 0);
    }

    @Test
    void backwardThroughAnythingButSigmoidIsNull() {
        BinaryCrossEntropy loss = new BinaryCrossEntropy();
        loss.forward(pred(0.9, 0.2, 0.6), LABELS);
        assertNull(loss.backwardThrough(new Softmax(1)), "bce backwardThrough(softmax)");
        assertNull(loss.backwardThrough(new Tanh(new int[] {1})), "bce backwardThrough(tanh)");
    }

    @Test
    void targetIsTheLabels() {
        Tensor y = new BinaryCrossEntropy().target(LABELS, 1);
        assertArrayEquals(SHAPE, y.shape, "bce target shape");
        TensorAssert.assertExactly("bce target", SHAPE, LABELS, y.data);
    }

    @ParameterizedTest(name = "label {0}")
    @ValueSource(doubles = {0, 1})
    void checkLabelAcceptsZeroAndOne(double label) {
        assertNull(new BinaryCrossEntropy().checkLabel(label, 1), "bce label " + label);
    }

    @ParameterizedTest(name = "label {0} with {1} outputs")
    @CsvSource(delimiter = '|', value = {
        "0.5 | 1 | label 0.5 is not 0 or 1",
        "2   | 1 | label 2 is not 0 or 1",
        "-1  | 1 | label -1 is not 0 or 1",
        "NaN | 1 | label NaN is not 0 or 1",
        "1   | 2 | bce needs exactly one output, got 2",
        "0   | 3 | bce needs exactly one output, got 3"})
    void checkLabelRejectsAnythingElse(double label, int k, String message) {
        assertEquals(message, new BinaryCrossEntropy().checkLabel(label, k), "bce K=" + k + " label " + label);
    }
}
