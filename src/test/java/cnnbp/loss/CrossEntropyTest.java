package cnnbp.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cnnbp.layer.Relu;
import cnnbp.layer.Sigmoid;
import cnnbp.layer.Softmax;
import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CrossEntropyTest {
    private static final Tensor PRED = new Tensor(new int[] {3, 3},
            new double[] {0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.25, 0.25, 0.5});
    private static final double[] LABELS = {0, 2, 1};

    @Test
    void valueIsMinusTheMeanLogProbabilityOfTheLabel() {
        double expected = -(Math.log(0.7) + Math.log(0.6) + Math.log(0.25)) / 3;
        double actual = new CrossEntropy().forward(PRED.copy(), LABELS);
        assertEquals(0, TensorAssert.relErr(expected, actual, 0), 1e-12,
                "cross_entropy M=3: expected " + expected + ", got " + actual);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        LossGradientCheck.check("cross_entropy M=3 K=3", new CrossEntropy(), PRED.copy(), LABELS);
        Random rnd = new Random(11);
        Tensor pred = new Softmax(5).forward(TensorAssert.uniform(rnd, -2, 2, 4, 5)).copy();
        LossGradientCheck.check("cross_entropy M=4 K=5", new CrossEntropy(), pred, new double[] {4, 0, 2, 2});
    }

    @Test
    void backwardThroughSoftmaxEqualsTheChainRule() {
        Random rnd = new Random(12);
        double[] labels = {1, 3, 0};
        Softmax softmax = new Softmax(4);
        Tensor a = softmax.forward(TensorAssert.uniform(rnd, -2, 2, 3, 4));
        CrossEntropy loss = new CrossEntropy();
        loss.forward(a, labels);
        double[] fused = loss.backwardThrough(softmax).data.clone();
        double[] chain = softmax.backward(loss.backward(), true).data;
        TensorAssert.assertClose("cross_entropy backwardThrough(softmax) vs softmax.backward(backward())",
                a.shape, chain, fused, 1e-12, 0);
        double[] expected = new double[12];  // (A − Y) / M
        for (int i = 0; i < 12; i++) expected[i] = (a.data[i] - (i % 4 == labels[i / 4] ? 1 : 0)) / 3;
        TensorAssert.assertClose("cross_entropy backwardThrough(softmax) vs (A - Y) / M", a.shape, expected, fused,
                1e-15, 0);
    }

    @Test
    void backwardThroughAnythingButSoftmaxIsNull() {
        CrossEntropy loss = new CrossEntropy();
        loss.forward(PRED.copy(), LABELS);
        assertNull(loss.backwardThrough(new Sigmoid(new int[] {3})), "cross_entropy backwardThrough(sigmoid)");
        assertNull(loss.backwardThrough(new Relu(new int[] {3})), "cross_entropy backwardThrough(relu)");
    }

    @Test
    void targetIsOneHot() {
        Tensor y = new CrossEntropy().target(LABELS, 3);
        assertArrayEquals(new int[] {3, 3}, y.shape, "cross_entropy target shape");
        TensorAssert.assertExactly("cross_entropy target", y.shape, new double[] {1, 0, 0, 0, 0, 1, 0, 1, 0}, y.data);
    }

    @ParameterizedTest(name = "label {0}")
    @ValueSource(doubles = {0, 1, 2, 2.0})
    void checkLabelAcceptsClassIndices(double label) {
        assertNull(new CrossEntropy().checkLabel(label, 3), "cross_entropy K=3 label " + label);
    }

    @ParameterizedTest(name = "label {0}")
    @CsvSource(delimiter = '|', value = {
        "-1       | label -1 is not a class index 0..2",
        "3        | label 3 is not a class index 0..2",
        "1.5      | label 1.5 is not a class index 0..2",
        "NaN      | label NaN is not a class index 0..2",
        "Infinity | label Infinity is not a class index 0..2"})
    void checkLabelRejectsAnythingElse(double label, String message) {
        assertEquals(message, new CrossEntropy().checkLabel(label, 3), "cross_entropy K=3 label " + label);
    }
}
