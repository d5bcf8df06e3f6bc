package cnnbp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class CurvePlotTest {
    private static final List<EpochMetrics> HISTORY = List.of(
            new EpochMetrics(1, 0.9, 0.70, 0.6, 0.78, 1, 0.05, 10),
            new EpochMetrics(2, 0.5, 0.82, 0.5, 0.81, 1, 0.05, 10),
            new EpochMetrics(3, 0.4, 0.86, 0.45, 0.83, 1, 0.05, 10));

    @Test
    void aPngOfTheExpectedSizeWrittenAtomically() throws Exception {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path file = fs.getPath("/out/curves.png");
            CurvePlot.write(file, HISTORY, "toy.conf: 3 epochs");
            byte[] bytes = Files.readAllBytes(file);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(bytes, 4));
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
            assertEquals(CurvePlot.WIDTH, img.getWidth());
            assertEquals(CurvePlot.HEIGHT, img.getHeight());
            try (Stream<Path> files = Files.list(file.getParent())) {
                assertEquals(List.of(file), files.toList(), "no temporary file left");
            }
        }
    }

    @Test
    void bothPanelsDrawTheTrainAndTestSeries() {
        BufferedImage img = CurvePlot.draw(HISTORY, "t");
        for (int half = 0; half < 2; half++) {
            int train = 0, test = 0;
            for (int x = half * CurvePlot.WIDTH / 2; x < (half + 1) * CurvePlot.WIDTH / 2; x++) {
                for (int y = 0; y < CurvePlot.HEIGHT; y++) {
                    int rgb = img.getRGB(x, y) & 0xffffff;
                    if (rgb == 0x1f77b4) train++;
                    if (rgb == 0xd62728) test++;
                }
            }
            assertTrue(train > 100 && test > 100, "panel " + half + ": " + train + " train, " + test + " test pixels");
        }
    }

    @Test
    void ticksAreRoundNumbersCoveringTheRange() {
        assertArrayEquals(new double[] {0.2, 0.4, 0.6, 0.8, 1.0}, CurvePlot.ticks(0.31, 0.93, 6), 1e-12);
        assertArrayEquals(new double[] {65, 70, 75, 80, 85, 90}, CurvePlot.ticks(66, 88, 6), 1e-12);
        assertArrayEquals(new double[] {0, 5, 10, 15, 20, 25, 30}, CurvePlot.ticks(1, 30, 10), 1e-12);
    }
}
