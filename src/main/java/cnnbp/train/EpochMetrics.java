package cnnbp.train;

/**
 * One epoch's numbers, as the CSV log has them. {@code loss} and {@code accuracy} are the running
 * means over the epoch's batches (each measured before that batch's update, as Keras reports
 * them); the test numbers come after the epoch. NaN where there is nothing to measure (no test set;
 * accuracy of a regression). {@code seconds} is training time alone: no evaluation, no loading.
 */
public record EpochMetrics(int epoch, double loss, double accuracy, double testLoss, double testAccuracy,
                           double seconds, double lr, int examples) {
    public double imagesPerSecond() {
        return examples / seconds;
    }
}
