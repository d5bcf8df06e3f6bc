package cnnbp.check;

import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import java.nio.file.Path;

/**
 * Random ReLU / max-pool networks for the no-false-failure test and the tolerance survey: two conv
 * blocks (the second pool overlapping), a ReLU hidden dense layer and softmax cross-entropy, with
 * weights from init seed {@code seed}.
 */
final class RandomNets {
    private RandomNets() {}

    static NetworkConfig reluMaxpool(long seed) {
        return ConfigLoader.parse("""
                input: [2, 10, 9]
                layers:
                  - conv: {filters: 4, kernel: 3, padding: 1}
                  - relu
                  - maxpool: {size: 2}
                  - conv: {filters: 5, kernel: [2, 3]}
                  - relu
                  - maxpool: {size: 2, stride: 1}
                  - flatten
                  - dense: {units: 6}
                  - relu
                  - dense: {units: 3}
                  - softmax
                loss: cross_entropy
                init: {seed: %d}
                """.formatted(seed), Path.of("random-relu-maxpool-" + seed + ".conf"));
    }
}
