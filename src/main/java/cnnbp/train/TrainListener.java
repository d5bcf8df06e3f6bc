package cnnbp.train;

/**
 * What a {@link Trainer} reports as it goes, for a progress display; all calls come from the
 * training thread, between batches. Epochs are 1-based; batches count from 1 within an epoch.
 */
public interface TrainListener {
    /** Epoch {@code epoch} of {@code epochs} starts, with {@code batches} batches (some already done on resume). */
    default void epochStart(int epoch, int epochs, int batches) {}

    /**
     * Batch {@code batch} of the epoch is done; loss and accuracy are the epoch's running means,
     * {@code examples} the examples seen so far in the epoch, {@code seconds} its training time so far.
     */
    default void batchEnd(int epoch, int batch, int batches, double loss, double accuracy, int examples,
                          double seconds) {}

    /** The epoch is done and evaluated. A checkpoint taken now holds it. */
    default void epochEnd(EpochMetrics metrics) {}
}
