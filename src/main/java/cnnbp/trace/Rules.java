package cnnbp.trace;

import cnnbp.config.LossKind;

/**
 * The loss's formulas beside the trace's last tensors, in the worked examples' notation, for one
 * example (M = 1). Each layer's own formulas come from its kind ({@link cnnbp.kind.LayerKind}).
 */
final class Rules {
    private Rules() {}

    static String loss(LossKind kind, String a, int label) {
        return "L = " + switch (kind) {
            case CROSS_ENTROPY -> "−log " + a + "[" + label + "]";
            case BCE -> "−(Y log " + a + " + (1 − Y) log(1 − " + a + "))";
            case MSE -> "mean((" + a + " − Y)²)";
        };
    }

    static String lossGrad(LossKind kind, String a, int k) {
        return Names.grad(a) + " = " + switch (kind) {
            case CROSS_ENTROPY -> "−Y / " + a;
            case BCE -> "(" + a + " − Y) / (" + a + " (1 − " + a + "))";
            case MSE -> "2 (" + a + " − Y) / " + k;
        };
    }

    /** The fused step through the output activation: softmax with cross-entropy, sigmoid with BCE. */
    static String fused(String a, String z) {
        return Names.grad(z) + " = " + a + " − Y";
    }

    static String target(LossKind kind, int k, double label) {
        if (kind == LossKind.BCE || k == 1) return "Y = the label";
        return "Y = one-hot of label " + (int) label;
    }
}
