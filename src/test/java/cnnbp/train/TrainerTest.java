package cnnbp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.BadInputException;
import cnnbp.config.NetworkConfig;
import cnnbp.data.Dataset;
import cnnbp.data.TestDatasets;
import cnnbp.layer.Param;
import cnnbp.model.Network;
import cnnbp.optim.Optimizer;
import cnnbp.optim.Sgd;
import cnnbp.tensor.Tensor;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class TrainerTest {
    private static final TrainListener QUIET = new TrainListener() {};
    private static final String TRAIN = "{batch: 4, epochs: 4, lr: 0.1, momentum: 0.9, weight_decay: 0.001, seed: 7}";

    /** Each optimizer, their variants and each schedule, for the resume tests. */
    static final List<String> OPTIMIZERS = List.of(TRAIN,
            "{batch: 4, lr: 0.1, momentum: 0.8, nesterov: true, seed: 7, lr_schedule: {type: step, step_size: 2, gamma: 0.5}}",
            "{batch: 4, optimizer: sgd, lr: 0.1, momentum: 0.9, dampening: 0.3, weight_decay: 0.01, seed: 7}",
            "{batch: 4, optimizer: adam, lr: 0.01, weight_decay: 0.001, seed: 7}",
            "{batch: 4, optimizer: adam, amsgrad: true, seed: 7, lr_schedule: {type: cosine, T_max: 3, eta_min: 0.0001,"
                    + " warmup_epochs: 1, warmup_start_factor: 0.5}}",
            "{batch: 4, optimizer: adamw, lr: 0.01, betas: [0.8, 0.99], seed: 7, lr_schedule: {type: exponential, gamma: 0.8}}",
            "{batch: 4, optimizer: rmsprop, seed: 7}",
            "{batch: 4, optimizer: rmsprop, lr: 0.005, momentum: 0.5, centered: true, weight_decay: 0.01, seed: 7,"
                    + " lr_schedule: {type: constant, warmup_epochs: 2}}");

    private static Trainer trainer(NetworkConfig cfg, Dataset train, Dataset test) {
        return new Trainer(Toy.net(cfg), train, test, cfg.train());
    }

    private static Trainer trained(String trainSpec, int epochs) {
        NetworkConfig cfg = Toy.config(trainSpec);
        Trainer t = trainer(cfg, Toy.halves(22, 1), Toy.halves(12, 2));
        assertEquals(Trainer.Outcome.COMPLETED, t.run(epochs, QUIET));
        return t;
    }

    static void assertSameWeights(Network a, Network b) {
        List<Param> pa = a.params(), pb = b.params();
        for (int i = 0; i < pa.size(); i++) assertArrayEquals(pa.get(i).value.data, pb.get(i).value.data, 0.0, "param " + i);
    }

    /** Every metric but the time, which no two runs share. */
    static void assertSameMetrics(List<EpochMetrics> a, List<EpochMetrics> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            EpochMetrics x = a.get(i), y = b.get(i);
            assertEquals(x.epoch(), y.epoch());
            assertEquals(x.loss(), y.loss(), 0.0, "loss of epoch " + x.epoch());
            assertEquals(x.accuracy(), y.accuracy(), 0.0);
            assertEquals(x.testLoss(), y.testLoss(), 0.0);
            assertEquals(x.testAccuracy(), y.testAccuracy(), 0.0);
            assertEquals(x.examples(), y.examples());
            assertEquals(x.lr(), y.lr(), 0.0, "lr of epoch " + x.epoch());
        }
    }

    /** The same step count and state tensors, bit for bit. */
    static void assertSameState(Optimizer a, Optimizer b) {
        assertEquals(a.steps(), b.steps());
        assertEquals(a.state().keySet(), b.state().keySet());
        a.state().forEach((name, tensors) -> {
            for (int i = 0; i < tensors.length; i++) assertArrayEquals(tensors[i], b.state().get(name)[i], 0.0, name + " " + i);
        });
    }

    @Test
    void learnsTheToyProblem() {
        Trainer t = trained(TRAIN, 4);
        assertEquals(4, t.history().size());
        EpochMetrics last = t.history().get(3);
        assertTrue(last.testAccuracy() >= 0.9, "test accuracy " + last.testAccuracy());
        assertTrue(last.loss() < t.history().get(0).loss(), "the training loss went down");
        assertTrue(last.seconds() > 0 && last.examples() == 22);
        assertEquals(0.1, last.lr());
    }

    @Test
    void theSameSeedGivesTheSameNumbersBitForBit() {
        Trainer a = trained(TRAIN, 3), b = trained(TRAIN, 3);
        assertSameMetrics(a.history(), b.history());
        assertSameWeights(a.network(), b.network());
        Trainer c = trained(TRAIN.replace("seed: 7", "seed: 8"), 3);
        assertNotEquals(a.history().get(2).loss(), c.history().get(2).loss());
    }

    @Test
    void anEpochIsShuffledBatchesWithASmallerLastOneAndOneStepEach() {
        // The reference: the same components by hand, 10 examples in batches of 4, 4 and 2.
        NetworkConfig cfg = Toy.config("{batch: 4, lr: 0.1, momentum: 0.9, seed: 3}");
        Dataset data = Toy.halves(10, 5);
        Trainer t = trainer(cfg, data, null);
        assertEquals(Trainer.Outcome.COMPLETED, t.run(2, QUIET));

        Network ref = Toy.net(cfg);
        Sgd sgd = new Sgd(ref.params(), 0.9, 0, false, 0);
        int[] order = new int[10];
        for (int epoch = 1; epoch <= 2; epoch++) {
            EpochOrder.shuffle(order, 3, epoch);
            for (int from = 0; from < 10; from += 4) {
                int m = Math.min(4, 10 - from);
                Tensor x = Tensor.batch(m, new int[] {1, 4, 4});
                double[] y = new double[m];
                for (int i = 0; i < m; i++) {
                    data.copyInput(order[from + i], x.data, i * 16);
                    y[i] = data.label(order[from + i]);
                }
                ref.zeroGrad();
                ref.forward(x, y);
                ref.backward(false);
                sgd.step(0.1);
            }
        }
        assertSameWeights(ref, t.network());
        assertTrue(Double.isNaN(t.history().get(0).testLoss()), "no test set: nothing measured");
        assertNull(t.testEvaluation());
    }

    @ParameterizedTest
    @FieldSource("OPTIMIZERS")
    void twoEpochsThenTwoResumedEqualFourAtOnce(String train) throws Exception {
        Trainer whole = trained(train, 4);
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path file = fs.getPath("/run/model.json");
            NetworkConfig cfg = Toy.config(train);
            Trainer first = trainer(cfg, Toy.halves(22, 1), Toy.halves(12, 2));
            first.run(2, QUIET);
            Checkpoint.write(file, first, cfg);

            Trainer second = trainer(cfg, Toy.halves(22, 1), Toy.halves(12, 2));
            assertEquals(List.of(), Checkpoint.resume(file, second, cfg));
            assertEquals(2, second.epoch());
            assertEquals(Trainer.Outcome.COMPLETED, second.run(4, QUIET));
            assertSameWeights(whole.network(), second.network());
            assertSameState(whole.optimizer(), second.optimizer());
            assertSameMetrics(whole.history(), second.history());
        }
    }

    @ParameterizedTest
    @FieldSource("OPTIMIZERS")
    void aStopInMidEpochSavesAStateThatResumesExactly(String train) throws Exception {
        Trainer whole = trained(train, 3);
        NetworkConfig cfg = Toy.config(train);
        Trainer first = trainer(cfg, Toy.halves(22, 1), Toy.halves(12, 2));
        Trainer.Outcome outcome = first.run(3, new TrainListener() {
            @Override
            public void batchEnd(int epoch, int batch, int batches, double loss, double accuracy, int examples,
                                 double seconds) {
                if (epoch == 2 && batch == 2) first.stop();  // what the Ctrl-C hook calls
            }
        });
        assertEquals(Trainer.Outcome.STOPPED, outcome);
        assertEquals(1, first.epoch());
        assertEquals(8, first.position(), "two batches of 4 of epoch 2 done");
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path file = fs.getPath("/model.json");
            Checkpoint.write(file, first, cfg);
            Trainer second = trainer(cfg, Toy.halves(22, 1), Toy.halves(12, 2));
            Checkpoint.resume(file, second, cfg);
            assertEquals(8, second.position());
            assertEquals(Trainer.Outcome.COMPLETED, second.run(3, QUIET));
            assertSameWeights(whole.network(), second.network());
            assertSameState(whole.optimizer(), second.optimizer());
            assertSameMetrics(whole.history(), second.history());  // epoch 2's running means span the stop
        }
    }

    @Test
    void aHugeLearningRateStopsAtTheFirstNonFiniteLossAndSaysWhere() {
        NetworkConfig cfg = Toy.config("{batch: 4, lr: 1.0e6, momentum: 0.9, seed: 7}");
        Trainer t = trainer(cfg, Toy.halves(22, 1), null);
        assertEquals(Trainer.Outcome.DIVERGED, t.run(5, QUIET));
        assertTrue(t.divergence().matches("epoch \\d, batch \\d of 6: loss is (NaN|infinite); .+; lr 1000000"),
                t.divergence());
        assertTrue(t.history().size() < 5);
    }

    @Test
    void theReportNamesTheFirstLayerWhoseOutputIsNotFinite() {
        NetworkConfig cfg = Toy.config("{batch: 4, seed: 7}");
        Trainer t = trainer(cfg, Toy.halves(8, 1), null);
        t.network().layer(4).params().get(0).value.data[3] = Double.NaN;  // dense W2
        assertEquals(Trainer.Outcome.DIVERGED, t.run(1, QUIET));
        assertEquals("epoch 1, batch 1 of 2: loss is NaN; first non-finite values in layer 5 dense (Z2), whose weights"
                + " W2 hold non-finite values; lr 0.05", t.divergence());
    }

    @Test
    void aProbabilityOfZeroForTheTrueClassIsNamedByItsExample() {
        NetworkConfig cfg = cnnbp.config.ConfigLoader.parse("input: [2]\nlayers:\n  - dense: {units: 2, weights: [[1, 0],"
                + " [0, 1]], bias: [0, 0]}\n  - softmax\nloss: cross_entropy\n", Path.of("d.conf"));
        // softmax(0, 1000) = (e^−1000, 1) and e^−1000 underflows to 0: the loss −log(0) of class 0 is infinite
        Dataset data = TestDatasets.of(new int[] {2}, new double[] {1, 0, 0, 1000}, new double[] {0, 0},
                List.of(), "d.csv");
        Trainer t = new Trainer(Toy.net(cfg), data, null, cfg.train());
        assertEquals(Trainer.Outcome.DIVERGED, t.run(1, QUIET));
        assertEquals("epoch 1, batch 1 of 1: loss is infinite; the softmax gives d.csv:2 a probability of 0 for its"
                + " class, and −log(0) is infinite; lr 0.05", t.divergence());
    }

    @Test
    void aNonFiniteInputIsNamedByItsExample() {
        Dataset good = Toy.halves(8, 1);
        double[] x = new double[8 * 16], y = new double[8];
        for (int i = 0; i < 8; i++) {
            good.copyInput(i, x, i * 16);
            y[i] = good.label(i);
        }
        x[5 * 16 + 7] = Double.POSITIVE_INFINITY;
        Dataset bad = TestDatasets.of(new int[] {1, 4, 4}, x, y, List.of("left", "right"), "bad.csv");
        NetworkConfig cfg = Toy.config("{batch: 8, seed: 7}");
        Trainer t = trainer(cfg, bad, null);
        assertEquals(Trainer.Outcome.DIVERGED, t.run(1, QUIET));
        assertTrue(t.divergence().startsWith("epoch 1, batch 1 of 1: loss is "), t.divergence());
        assertTrue(t.divergence().contains("; the input holds non-finite values (bad.csv:6); "), t.divergence());
    }

    @Test
    void labelsThatDoNotFitTheNetworkAreNamedBeforeTraining() {
        double[] x = new double[3 * 16];
        Dataset badLabel = TestDatasets.of(new int[] {1, 4, 4}, x, new double[] {0, 1, 2}, List.of(), "t.csv");
        NetworkConfig cfg = Toy.config("{batch: 4}");
        BadInputException e = assertThrows(BadInputException.class, () -> trainer(cfg, badLabel, null));
        assertEquals("t.csv:3: label 2 is not a class index 0..1 for loss cross_entropy", e.getMessage());

        Dataset three = Toy.halves(6, 1, List.of("left", "right", "top"), "toy");
        e = assertThrows(BadInputException.class, () -> trainer(cfg, three, null));
        assertEquals("the training data has 3 classes [left, right, top], but the network tells 2 apart"
                + " (loss cross_entropy on 2 outputs); give the last dense layer units: 3", e.getMessage());
        e = assertThrows(BadInputException.class, () -> trainer(cfg, Toy.halves(6, 1), three));
        assertTrue(e.getMessage().startsWith("the test data has 3 classes"), e.getMessage());
    }

    @Test
    void theTestEvaluationFollowsTheWeights() {
        Trainer t = trained(TRAIN, 1);
        Evaluation ev = t.testEvaluation();
        assertEquals(t.history().get(0).testLoss(), ev.loss(), 0.0, "the last epoch's evaluation is reused");
        assertEquals(12, ev.examples());
        assertFalse(ev.classes().isEmpty());
    }
}
