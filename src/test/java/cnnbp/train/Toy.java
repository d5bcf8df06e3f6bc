package cnnbp.train;

import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.data.Dataset;
import cnnbp.data.TestDatasets;
import cnnbp.model.Network;
import cnnbp.build.NetworkBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A toy problem the trainer tests share: 1x4x4 images whose bright half (left, right, top) is the
 * class, with noise, and a small conv net for it.
 */
final class Toy {
    static final String NET = "input: [1, 4, 4]\nlayers:\n  - conv: {filters: 2, kernel: 3, padding: 1}\n  - relu\n"
            + "  - maxpool: {size: 2}\n  - flatten\n  - dense: {units: %d}\n  - softmax\nloss: cross_entropy\n";

    private Toy() {}

    /** A config for {@code classes} classes with the given {@code train:} section. */
    static NetworkConfig config(int classes, String train) {
        return ConfigLoader.parse(String.format(NET, classes) + "train: " + train + "\n", Path.of("toy.conf"));
    }

    static NetworkConfig config(String train) {
        return config(2, train);
    }

    static Network net(NetworkConfig cfg) {
        return NetworkBuilder.build(cfg);
    }

    /** n examples of the first {@code classes.size()} of the classes left, right, top. */
    static Dataset halves(int n, long seed, List<String> classes, String name) {
        Random rng = new Random(seed);
        double[] x = new double[n * 16], y = new double[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes.size();
            y[i] = c;
            for (int r = 0; r < 4; r++) {
                for (int col = 0; col < 4; col++) {
                    boolean bright = c == 0 ? col < 2 : c == 1 ? col >= 2 : r < 2;
                    x[i * 16 + r * 4 + col] = (bright ? 0.7 : 0) + 0.3 * rng.nextDouble();
                }
            }
        }
        return TestDatasets.of(new int[] {1, 4, 4}, x, y, classes, name);
    }

    static Dataset halves(int n, long seed) {
        return halves(n, seed, List.of("left", "right"), "toy");
    }
}
