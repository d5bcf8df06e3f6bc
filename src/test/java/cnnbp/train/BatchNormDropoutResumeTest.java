package cnnbp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cnnbp.config.ConfigLoader;
import cnnbp.build.NetworkBuilder;
import cnnbp.config.NetworkConfig;
import cnnbp.layer.Layer;
import cnnbp.model.Network;
import cnnbp.tensor.Tensor;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A network with batchnorm and dropout stopped in mid-epoch and resumed from its checkpoint ends with
 * the weights and running statistics of an uninterrupted run, bit for bit: the running statistics
 * are in the checkpoint, and each batch's dropout mask is a function of (seed, epoch, batch, layer).
 */
class BatchNormDropoutResumeTest {
    private static final String NET = """
            input: [1, 4, 4]
            layers:
              - conv: {filters: 2, kernel: 3, padding: same}
              - batchnorm
              - relu
              - dropout: {p: 0.3}
              - global_avgpool
              - dense: {units: 4}
              - batchnorm: {momentum: 0.2}
              - dense: {units: 2}
              - softmax
            loss: cross_entropy
            train: {batch: 4, lr: 0.1, momentum: 0.9, seed: 7}
            """;

    private static final TrainListener QUIET = new TrainListener() {};

    private static Trainer trainer(NetworkConfig cfg) {
        return new Trainer(NetworkBuilder.build(cfg), Toy.halves(22, 1), Toy.halves(12, 2), cfg.train());
    }

    @Test
    void aStopInMidEpochResumesBitForBitWithRunningStatisticsAndMasks() throws Exception {
        NetworkConfig cfg = ConfigLoader.parse(NET, Path.of("bn.conf"));
        Trainer whole = trainer(cfg);
        whole.run(3, QUIET);
        Trainer first = trainer(cfg);
        first.run(3, new TrainListener() {
            @Override
            public void batchEnd(int epoch, int batch, int batches, double loss, double accuracy, int examples,
                                 double seconds) {
                if (epoch == 2 && batch == 3) first.stop();
            }
        });
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path file = fs.getPath("/model.json");
            Checkpoint.write(file, first, cfg);
            Trainer second = trainer(cfg);
            Checkpoint.resume(file, second, cfg);
            assertEquals(Trainer.Outcome.COMPLETED, second.run(3, QUIET));
            Network a = whole.network(), b = second.network();
            for (int i = 0; i < a.layers().size(); i++) {
                Layer la = a.layer(i), lb = b.layer(i);
                for (int k = 0; k < la.params().size(); k++) {
                    assertArrayEquals(la.params().get(k).value.data, lb.params().get(k).value.data, "layer " + (i + 1));
                }
                for (String key : la.buffers().keySet()) {
                    Tensor ta = la.buffers().get(key), tb = lb.buffers().get(key);
                    assertArrayEquals(ta.data, tb.data, "layer " + (i + 1) + " " + key);
                    double[] start = new double[ta.size()];
                    Arrays.fill(start, key.equals("running_mean") ? 0 : 1);
                    assertFalse(Arrays.equals(ta.data, start), "layer " + (i + 1) + " " + key + " moved from its start");
                }
            }
        }
    }
}
