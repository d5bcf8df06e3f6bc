package cnnbp.train;

import cnnbp.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The CSV log of a run, one row per epoch under the header {@value #HEADER}. Losses, accuracies
 * (fractions, 0 to 1) and lr are written at full precision (Java's shortest round-trip form);
 * seconds to the millisecond; a value that was not measured (no test set, the accuracy of a
 * regression) is an empty cell. The whole file is rewritten, atomically, after every epoch.
 */
public final class MetricsLog {
    public static final String HEADER = "epoch,loss,accuracy,test_loss,test_accuracy,seconds,lr";

    private MetricsLog() {}

    static String csv(List<EpochMetrics> history) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (EpochMetrics m : history) {
            sb.append(m.epoch()).append(',').append(cell(m.loss())).append(',').append(cell(m.accuracy()))
                    .append(',').append(cell(m.testLoss())).append(',').append(cell(m.testAccuracy()))
                    .append(',').append(String.format(Locale.ROOT, "%.3f", m.seconds()))
                    .append(',').append(cell(m.lr())).append('\n');
        }
        return sb.toString();
    }

    public static void write(Path file, List<EpochMetrics> history) throws IOException {
        AtomicFiles.write(file, csv(history));
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
