package cnnbp.train;

import cnnbp.loss.LossKind;

/**
 * How a network's output row names a class: the first maximum of the outputs (ties go to the lower
 * class, as {@code torch.argmax}), or for one sigmoid output under bce, class 1 when p > 0.5. A
 * one-output mse network is a regression: it names no class.
 */
public final class Prediction {
    private Prediction() {}

    /** The number of classes the output tells apart: K, 2 for bce, 0 for a one-output mse. */
    public static int classCount(LossKind loss, int outputs) {
        if (loss == LossKind.BCE) return 2;
        if (loss == LossKind.MSE && outputs == 1) return 0;
        return outputs;
    }

    /** The class named by the output row out[off .. off + k). */
    public static int predicted(LossKind loss, double[] out, int off, int k) {
        if (loss == LossKind.BCE) return out[off] > 0.5 ? 1 : 0;
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (out[off + j] > out[off + best]) best = j;
        }
        return best;
    }

    /**
     * The network's confidence in class c for the output row: the softmax probability under
     * cross_entropy, p or 1 − p under bce, the raw output under mse (not a probability).
     */
    public static double score(LossKind loss, double[] out, int off, int c) {
        if (loss == LossKind.BCE) return c == 1 ? out[off] : 1 - out[off];
        return out[off + c];
    }

    /** The classes in order of score, highest first (ties to the lower class): the first {@code top} of them. */
    public static int[] ranked(LossKind loss, double[] out, int off, int k, int top) {
        int classes = classCount(loss, k);
        return java.util.stream.IntStream.range(0, classes).boxed()
                .sorted((a, b) -> Double.compare(score(loss, out, off, b), score(loss, out, off, a)))
                .limit(top).mapToInt(Integer::intValue).toArray();
    }
}
