package cnnbp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.config.TrainSpec;
import cnnbp.data.Dataset;
import cnnbp.data.TestDatasets;
import cnnbp.data.Datasets;
import cnnbp.build.NetworkBuilder;
import cnnbp.tensor.Parallel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training on any number of threads gives the weights of one thread, bit for bit: the fashion
 * network (conv, relu, maxpool, conv, relu, maxpool, dense, softmax) on 400 images of the shipped
 * sample, two epochs. Batches of 32 and 13 (so that neither 8 filters, 16 filters,
 * 10 units nor the batch cut evenly between 3 threads) and a smaller last batch.
 */
class ThreadsTest {
    private static final int THREADS = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.threads(THREADS);
    }

    private static Trainer train(NetworkConfig cfg, Dataset data, int batch, int threads) {
        Parallel.threads(threads);
        TrainSpec s = cfg.train();
        Trainer t = new Trainer(NetworkBuilder.build(cfg), data, null,
                new TrainSpec(batch, 2, s.optimizer(), s.lrSchedule(), s.seed()));
        assertEquals(Trainer.Outcome.COMPLETED, t.run(2, new TrainListener() {}));
        return t;
    }

    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {32, 13})
    void oneTwoAndThreeThreadsGiveTheSameWeightsBitForBit(int batch) {
        NetworkConfig cfg = ConfigLoader.load(Path.of("configs/fashion.conf"));
        Dataset data = everyFifteenth(Datasets.open(cfg.data().train(), cfg.input(), cfg.data()));
        Trainer one = train(cfg, data, batch, 1);
        for (int threads : new int[] {2, 3}) {
            Trainer many = train(cfg, data, batch, threads);
            TrainerTest.assertSameWeights(one.network(), many.network());
            TrainerTest.assertSameMetrics(one.history(), many.history());
        }
    }

    /** Every 15th example of d (1x28x28): of all ten classes, as the sample's folders come class by class. */
    private static Dataset everyFifteenth(Dataset d) {
        int n = d.size() / 15, per = 784;
        double[] x = new double[n * per], y = new double[n];
        for (int i = 0; i < n; i++) {
            d.copyInput(i * 15, x, i * per);
            y[i] = d.label(i * 15);
        }
        return TestDatasets.of(d.shape(), x, y, List.copyOf(d.classes()), "fashion-small");
    }
}
