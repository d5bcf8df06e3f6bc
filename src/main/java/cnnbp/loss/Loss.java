package cnnbp.loss;

import cnnbp.layer.Layer;
import cnnbp.tensor.Tensor;

/**
 * A loss on the network's output A (M, K) and the labels (M), averaged over the batch of M as
 * PyTorch's {@code reduction='mean'}: L = (1/M) Σ_m ℓ(A[m], Y[m]). So every gradient carries the 1/M.
 */
public interface Loss {
    LossKind kind();

    /** The problem with a label for K outputs ("label 3 is not a class index 0..1"), or null if fine. */
    String checkLabel(double label, int k);

    /** Y (M, K): the target each output is compared with, from the labels. */
    Tensor target(double[] labels, int k);

    /** L for pred A (M, K) and labels (M). Caches what backward needs. */
    double forward(Tensor pred, double[] labels);

    /** dL/dA (M, K) for the last forward. */
    Tensor backward();

    /**
     * dL/dZ (M, K) where A = activation(Z), when this loss has a closed form through that
     * activation — (A − Y) / M for softmax with cross-entropy and for sigmoid with BCE — which is
     * exact where the two-step chain rule would divide by a tiny A. Null when there is none.
     */
    default Tensor backwardThrough(Layer activation) {
        return null;
    }

    /**
     * L computed from Z, the input of the output activation this loss fuses with (see
     * {@link #backwardThrough}), as PyTorch's {@code BCEWithLogitsLoss} and {@code cross_entropy} on
     * logits do: the same L, but without the digits lost in 1 − A or log A where A saturates. What a
     * finite difference of L needs; the trace prints {@link #forward}'s value, PyTorch's.
     */
    default double forwardFromLogits(Tensor z, double[] labels) {
        throw new UnsupportedOperationException(kind().key + " has no fused activation");
    }

    static Loss of(LossKind kind) {
        return switch (kind) {
            case BCE -> new BinaryCrossEntropy();
            case CROSS_ENTROPY -> new CrossEntropy();
            case MSE -> new MeanSquaredError();
        };
    }
}
