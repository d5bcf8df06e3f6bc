package cnnbp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped sample, data/fashion-small, loads through configs/fashion.conf as scripts/make-fashion-small
 * wrote it from Fashion-MNIST.
 */
class FashionSmallTest {
    private static final Path ROOT = Path.of("data/fashion-small");
    /** Fashion-MNIST's labels 0..9 (its README), as the script names the folders. */
    private static final List<String> ORIGINAL = List.of("t-shirt_top", "trouser", "pullover", "dress", "coat", "sandal",
            "shirt", "sneaker", "bag", "ankle_boot");

    @Test
    void trainAndTestHoldTheOriginalPixelsAndLabels() throws Exception {
        List<String> sums = Files.readAllLines(ROOT.resolve("pixels.sha256"));
        NetworkConfig config = ConfigLoader.load(Path.of("configs/fashion.conf"));
        assertEquals(ROOT.resolve("train"), config.data().train());
        Dataset train = check(config.data().train(), config, 6000, sums.get(0));
        Dataset test = check(config.data().test(), config, 1000, sums.get(1));
        assertEquals(List.of("ankle_boot", "bag", "coat", "dress", "pullover", "sandal", "shirt", "sneaker", "t-shirt_top",
                "trouser"), train.classes());
        Datasets.checkSameClasses(train, test, config.data().test());
        assertEquals(ROOT.resolve("train/ankle_boot/00000.png").toString(), train.source(0));
    }

    /**
     * Loads a split and recomputes the script's digest: for each example in load order, its Fashion-MNIST
     * label byte, then its pixels as bytes (each value must be exactly byte / 255).
     */
    private static Dataset check(Path dir, NetworkConfig config, int count, String line) throws Exception {
        Dataset d = Datasets.open(dir, config.input(), config.data());
        assertEquals(count, d.size());
        assertArrayEquals(new int[] {1, 28, 28}, d.shape());
        assertEquals(10, d.classes().size());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        double[] x = new double[784];
        byte[] pixels = new byte[784];
        for (int i = 0; i < d.size(); i++) {
            d.copyInput(i, x, 0);
            for (int j = 0; j < 784; j++) {
                long b = Math.round(x[j] * 255);
                assertEquals(b / 255.0, x[j], 0, d.source(i));
                pixels[j] = (byte) b;
            }
            sha.update((byte) ORIGINAL.indexOf(d.classes().get((int) d.label(i))));
            sha.update(pixels);
        }
        assertEquals(line, dir.getFileName() + " " + count + " " + HexFormat.of().formatHex(sha.digest()));
        return d;
    }
}
