package cnnbp.loss;

/** The losses a config's {@code loss:} can name. Every one is averaged over the batch. */
public enum LossKind {
    /** Binary cross-entropy on one sigmoid output; label 0 or 1. */
    BCE("bce"),
    /** Cross-entropy on softmax output; label is the class index. */
    CROSS_ENTROPY("cross_entropy"),
    /** Mean squared error against the one-hot label (or the label itself for one output). */
    MSE("mse");

    public final String key;

    LossKind(String key) {
        this.key = key;
    }
}
