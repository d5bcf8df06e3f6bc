package cnnbp.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnbp.layer.Sigmoid;
import cnnbp.layer.Softmax;
import cnnbp.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The losses from logits equal the losses from the activations' outputs where those keep their digits. */
class LogitLossTest {
    @Test
    void crossEntropyFromLogitsIsLogSumExpLessTheLabelsLogit() {
        Tensor z = new Tensor(new int[] {3, 3}, new double[] {1, 2, 3, -1, 0.5, 0.5, 4, -2, 0});
        double[] labels = {0, 2, 0};
        Tensor a = new Softmax(3).forward(z);
        double expected = new CrossEntropy().forward(a, labels);
        assertEquals(expected, new CrossEntropy().forwardFromLogits(z, labels), 1e-15);
        // by hand, example 0: log(e + e² + e³) − 1
        double l0 = Math.log(Math.E + Math.exp(2) + Math.exp(3)) - 1;
        assertEquals(l0, new CrossEntropy().forwardFromLogits(
                new Tensor(new int[] {1, 3}, new double[] {1, 2, 3}), new double[] {0}), 1e-15);
    }

    @Test
    void bceFromLogitsIsSoftplusLessYz() {
        Tensor z = new Tensor(new int[] {4, 1}, new double[] {-3, 0, 0.7, 5});
        double[] labels = {0, 1, 1, 0};
        Tensor a = new Sigmoid(new int[] {1}).forward(z);
        assertEquals(new BinaryCrossEntropy().forward(a, labels), new BinaryCrossEntropy().forwardFromLogits(z, labels), 1e-14);
        // saturated: z = 16.375, label 0: L = z + log(1 + e^−z), which 1 − σ(z) cannot give to 1e-12
        double l = new BinaryCrossEntropy().forwardFromLogits(new Tensor(new int[] {1, 1}, new double[] {16.375}), new double[] {0});
        assertEquals(16.375 + Math.log1p(Math.exp(-16.375)), l, 0);
    }
}
