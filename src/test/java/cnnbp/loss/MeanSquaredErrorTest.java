package cnnbp.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cnnbp.layer.Sigmoid;
import cnnbp.layer.Softmax;
import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MeanSquaredErrorTest {
    private static final Tensor PRED_K3 = new Tensor(new int[] {3, 3},
            new double[] {0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.25, 0.25, 0.5});
    private static final double[] LABELS_K3 = {0, 2, 1};

    @Test
    void valueIsTheMeanOverBatchAndOutputsOfTheSquaredErrorToTheOneHot() {
        double sq = Math.pow(0.7 - 1, 2) + Math.pow(0.2, 2) + Math.pow(0.1, 2)
                + Math.pow(0.1, 2) + Math.pow(0.3, 2) + Math.pow(0.6 - 1, 2)
                + Math.pow(0.25, 2) + Math.pow(0.25 - 1, 2) + Math.pow(0.5, 2);
        double expected = sq / 9, actual = new MeanSquaredError().forward(PRED_K3.copy(), LABELS_K3);
        assertEquals(0, TensorAssert.relErr(expected, actual, 0), 1e-12,
                "mse M=3 K=3: expected " + expected + ", got " + actual);
    }

    @Test
    void valueForOneOutputIsAgainstTheLabelItself() {
        Tensor pred = new Tensor(new int[] {3, 1}, new double[] {0.5, 1.0, -2.0});
        double[] labels = {0.5, -1.25, 2};
        double expected = (0 + Math.pow(1 + 1.25, 2) + Math.pow(-4, 2)) / 3;
        double actual = new MeanSquaredError().forward(pred, labels);
        assertEquals(0, TensorAssert.relErr(expected, actual, 0), 1e-12,
                "mse M=3 K=1: expected " + expected + ", got " + actual);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        LossGradientCheck.check("mse M=3 K=3", new MeanSquaredError(), PRED_K3.copy(), LABELS_K3);
        LossGradientCheck.check("mse M=3 K=1", new MeanSquaredError(),
                new Tensor(new int[] {3, 1}, new double[] {0.5, 1.0, -2.0}), new double[] {0.25, -1.25, 2});
    }

    @Test
    void hasNoFusedGradient() {
        MeanSquaredError loss = new MeanSquaredError();
        loss.forward(PRED_K3.copy(), LABELS_K3);
        assertNull(loss.backwardThrough(new Softmax(3)), "mse backwardThrough(softmax)");
        assertNull(loss.backwardThrough(new Sigmoid(new int[] {3})), "mse backwardThrough(sigmoid)");
    }

    @Test
    void targetIsOneHotOrTheLabelItself() {
        MeanSquaredError loss = new MeanSquaredError();
        Tensor y3 = loss.target(LABELS_K3, 3);
        assertArrayEquals(new int[] {3, 3}, y3.shape, "mse K=3 target shape");
        TensorAssert.assertExactly("mse K=3 target", y3.shape, new double[] {1, 0, 0, 0, 0, 1, 0, 1, 0}, y3.data);
        Tensor y1 = loss.target(new double[] {0.25, -3}, 1);
        assertArrayEquals(new int[] {2, 1}, y1.shape, "mse K=1 target shape");
        TensorAssert.assertExactly("mse K=1 target", y1.shape, new double[] {0.25, -3}, y1.data);
    }

    @ParameterizedTest(name = "label {0}")
    @ValueSource(doubles = {0, 0.5, -3.25, 1e300, -1e-300})
    void checkLabelAcceptsAnyFiniteNumberForOneOutput(double label) {
        assertNull(new MeanSquaredError().checkLabel(label, 1), "mse K=1 label " + label);
    }

    @ParameterizedTest(name = "label {0}")
    @ValueSource(doubles = {0, 1, 2})
    void checkLabelAcceptsClassIndicesForSeveralOutputs(double label) {
        assertNull(new MeanSquaredError().checkLabel(label, 3), "mse K=3 label " + label);
    }

    @ParameterizedTest(name = "label {0} with {1} outputs")
    @CsvSource(delimiter = '|', value = {
        "NaN       | 1 | label NaN is not a finite number",
        "Infinity  | 1 | label Infinity is not a finite number",
        "-Infinity | 1 | label -Infinity is not a finite number",
        "3         | 3 | label 3 is not a class index 0..2",
        "0.5       | 3 | label 0.5 is not a class index 0..2",
        "-1        | 3 | label -1 is not a class index 0..2"})
    void checkLabelRejectsAnythingElse(double label, int k, String message) {
        assertEquals(message, new MeanSquaredError().checkLabel(label, k), "mse K=" + k + " label " + label);
    }
}
