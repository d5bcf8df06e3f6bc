package cnnbp.trace;

import cnnbp.loss.LossKind;

/**
 * The loss's formulas beside the trace's last tensors, in the worked examples' notation, for one
 * example (M = 1) or, with the names indexed [m], for a batch, where the loss is a mean and so gains
 * its 1/M. Each layer's own formulas come from its kind ({@link cnnbp.kind.LayerKind}).
 */
final class Rules {
    private Rules() {}

    /**
     * The loss of one example, {@code l} = ... in the names {@code a} (the output), {@code y} (the target)
     * and {@code label}: "L = −log A2[1]", or in a batch "L[m] = −log A2[m][label[m]]".
     */
    static String loss(LossKind kind, String l, String a, String y, String label) {
        return l + " = " + switch (kind) {
            case CROSS_ENTROPY -> "−log " + a + "[" + label + "]";
            case BCE -> "−(" + y + " log " + a + " + (1 − " + y + ") log(1 − " + a + "))";
            case MSE -> "mean((" + a + " − " + y + ")²)";
        };
    }

    /** The loss of a batch: the mean of the examples' losses. */
    static String batchLoss() {
        return "L = (1/M) Σ_m L[m]";
    }

    /** dL/dA of the last layer; in a batch, the one-example formula divided by M, as L is a mean. */
    static String lossGrad(LossKind kind, String a, String y, int k, boolean batch) {
        String rhs = switch (kind) {
            case CROSS_ENTROPY -> "−" + y + " / " + a;
            case BCE -> "(" + a + " − " + y + ") / (" + a + " (1 − " + a + "))";
            case MSE -> "2 (" + a + " − " + y + ") / " + k;
        };
        return Names.grad(a) + " = " + (batch ? "(" + rhs + ") / M" : rhs);
    }

    /** The fused step through the output activation: softmax with cross-entropy, sigmoid with BCE. */
    static String fused(String a, String y, String z, boolean batch) {
        return Names.grad(z) + " = " + (batch ? "(" + a + " − " + y + ") / M" : a + " − " + y);
    }

    /** Y from the label: "Y = one-hot of label 3"; in a batch "Y[m] = one-hot of label[m]". */
    static String target(LossKind kind, int k, String y, String label, double value) {
        if (kind == LossKind.BCE || k == 1) return y + " = " + (y.equals("Y") ? "the label" : label);
        return y + " = one-hot of " + (y.equals("Y") ? "label " + (int) value : label);
    }
}
