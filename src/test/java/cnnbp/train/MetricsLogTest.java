package cnnbp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsLogTest {
    @Test
    void headerAndOneRowPerEpochWithEmptyCellsForWhatWasNotMeasured() throws Exception {
        List<EpochMetrics> history = List.of(
                new EpochMetrics(1, 0.75, 0.6, 0.5, 0.8125, 2.34567, 0.05, 100),
                new EpochMetrics(2, 0.25, 0.9, Double.NaN, Double.NaN, 1.0, 1e-4, 100));
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path file = fs.getPath("/logs/metrics.csv");
            MetricsLog.write(file, history);
            assertEquals("epoch,loss,accuracy,test_loss,test_accuracy,seconds,lr\n"
                    + "1,0.75,0.6,0.5,0.8125,2.346,0.05\n"
                    + "2,0.25,0.9,,,1.000,1.0E-4\n", Files.readString(file));
            MetricsLog.write(file, List.of());
            assertEquals("epoch,loss,accuracy,test_loss,test_accuracy,seconds,lr\n", Files.readString(file));
        }
    }
}
