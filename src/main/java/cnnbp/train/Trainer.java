package cnnbp.train;

import cnnbp.loss.LossKind;
import cnnbp.config.TrainSpec;
import cnnbp.data.Dataset;
import cnnbp.model.Network;
import cnnbp.optim.LrSchedule;
import cnnbp.optim.Optimizer;
import cnnbp.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Mini-batch training over a training set, epoch after epoch, with the test set evaluated after each.
 * Epoch e visits the examples in the order {@link EpochOrder} draws from (seed, e), in batches of
 * B (the last one smaller: the loss is a mean over whatever the batch holds, as PyTorch's
 * DataLoader with drop_last=False). For each batch: zero the gradients, forward, check the loss
 * is finite, backward, one {@link Optimizer} step at the epoch's lr, which the {@link LrSchedule}
 * gives (stepped once per epoch, as PyTorch's usual loop steps its scheduler).
 *
 * <p>Where training stands is {@code epoch} epochs done plus {@code position} examples of the
 * next, with that epoch's running sums: exactly what a {@link Checkpoint} keeps, so a run stopped
 * anywhere and resumed gives the weights of an uninterrupted one, bit for bit.
 */
public final class Trainer {
    /** How {@link #run} ended. */
    public enum Outcome { COMPLETED, STOPPED, DIVERGED }

    private final Network net;
    private final Dataset train;
    private final TrainSpec spec;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final Batches batches;
    private final Evaluator test;       // null without a test set
    private final LossKind loss;
    private final int k, classCount;    // outputs, classes they tell apart (0: a regression)
    private final int[] order;          // (N) this epoch's visiting order

    int epoch;                          // epochs done
    int position;                       // examples of epoch + 1 done
    double lossSum, seconds;            // of epoch + 1 so far: Σ batch loss · batch size, training time
    int correct;                        // of epoch + 1 so far
    final List<EpochMetrics> history = new ArrayList<>();
    private Evaluation evaluation;      // of the test set, for the weights as they are now
    private String divergence;
    private volatile boolean stopRequested;

    /** {@code test} may be null. Every label of both sets must fit the network's loss and outputs. */
    public Trainer(Network net, Dataset train, Dataset test, TrainSpec spec) {
        if (!Arrays.equals(train.shape(), net.inShape()) || (test != null && !Arrays.equals(test.shape(), net.inShape()))) {
            throw new IllegalArgumentException("datasets must have the network's input shape");
        }
        this.net = net;
        this.train = train;
        this.spec = spec;
        this.loss = net.loss().kind();
        this.k = net.outShape()[0];
        this.classCount = Prediction.classCount(loss, k);
        Evaluator.checkLabels(net, train, "training data");
        this.optimizer = Optimizers.create(spec.optimizer(), net.params());
        this.schedule = Optimizers.schedule(spec.lrSchedule(), spec.lr());
        this.batches = new Batches(train, Math.min(spec.batch(), train.size()));
        this.test = test == null ? null : new Evaluator(net, test, "test data", spec.batch());
        this.order = new int[train.size()];
    }

    /**
     * Trains until {@code epochs} epochs are done (counting those a resumed checkpoint holds), a
     * {@link #stop} request is seen at a batch boundary, or a loss or weight turns NaN or infinite
     * ({@link #divergence()} then says where; the state is not fit to save).
     */
    public Outcome run(int epochs, TrainListener listener) {
        int n = train.size(), b = spec.batch(), batchCount = (n + b - 1) / b;
        net.train(true);
        while (epoch < epochs) {
            int e = epoch + 1;
            double lr = schedule.lr(e);
            EpochOrder.shuffle(order, spec.seed(), e);
            listener.epochStart(e, epochs, batchCount);
            while (position < n) {
                if (stopRequested) return Outcome.STOPPED;
                int m = Math.min(b, n - position);
                long t0 = System.nanoTime();
                Tensor x = batches.fill(order, position, m);   // (m, C, H, W)
                double[] y = batches.labels();                 // (m)
                net.zeroGrad();
                net.setRandomKey(spec.seed(), e, position / b);   // dropout's masks: a function of where the batch is
                double l = net.forward(x, y);
                if (!Double.isFinite(l)) {
                    int from = position;
                    divergence = "epoch " + e + ", batch " + (position / b + 1) + " of " + batchCount + ": loss is "
                            + (Double.isNaN(l) ? "NaN" : "infinite") + "; "
                            + Divergence.where(net, row -> train.source(order[from + row])) + "; lr " + Checkpoint.number(lr);
                    return Outcome.DIVERGED;
                }
                int c = countCorrect(y, m);
                net.backward(false);
                optimizer.step(lr);
                seconds += (System.nanoTime() - t0) * 1e-9;
                lossSum += l * m;
                correct += c;
                position += m;
                listener.batchEnd(e, (position + b - 1) / b, batchCount, lossSum / position, accuracy(correct, position),
                        position, seconds);
            }
            String bad = Divergence.nonFiniteParam(net);
            if (bad != null) {
                divergence = "epoch " + e + ", batch " + batchCount + " of " + batchCount + ": the update made "
                        + bad + " non-finite; lr " + Checkpoint.number(lr);
                return Outcome.DIVERGED;
            }
            evaluation = test == null ? null : test.run();
            EpochMetrics metrics = new EpochMetrics(e, lossSum / n, accuracy(correct, n),
                    evaluation == null ? Double.NaN : evaluation.loss(),
                    evaluation == null ? Double.NaN : evaluation.accuracy(), seconds, lr, n);
            history.add(metrics);
            epoch = e;
            position = 0;
            lossSum = 0;
            seconds = 0;
            correct = 0;
            listener.epochEnd(metrics);
        }
        return Outcome.COMPLETED;
    }

    /** Predictions that match the labels in the batch the network just ran forward. */
    private int countCorrect(double[] y, int m) {
        if (classCount == 0) return 0;
        double[] out = net.output(net.layers().size() - 1).data;  // (m, K)
        int hits = 0;
        for (int i = 0; i < m; i++) {
            if (Prediction.predicted(loss, out, i * k, k) == (int) y[i]) hits++;
        }
        return hits;
    }

    private double accuracy(int hits, int seen) {
        return classCount == 0 ? Double.NaN : (double) hits / seen;
    }

    /**
     * Asks {@link #run} to return {@link Outcome#STOPPED} at the next batch boundary, leaving a state
     * a checkpoint can resume exactly. Safe to call from any thread (a shutdown hook, a listener).
     */
    public void stop() {
        stopRequested = true;
    }

    /** Why the last run ended in {@link Outcome#DIVERGED}: "epoch 2, batch 17 of 188: loss is NaN; ...". */
    public String divergence() {
        return divergence;
    }

    /** The test set's evaluation of the weights as they are now (from the last epoch when it is still current). */
    public Evaluation testEvaluation() {
        if (test == null) return null;
        if (evaluation == null || position > 0) evaluation = test.run();
        return evaluation;
    }

    public Network network() {
        return net;
    }

    public Dataset trainSet() {
        return train;
    }

    public TrainSpec spec() {
        return spec;
    }

    Optimizer optimizer() {
        return optimizer;
    }

    /** Epochs done. */
    public int epoch() {
        return epoch;
    }

    /** Examples of the next epoch already trained on (after a stop mid-epoch), else 0. */
    public int position() {
        return position;
    }

    /** Every finished epoch's metrics, those of a resumed checkpoint first. */
    public List<EpochMetrics> history() {
        return List.copyOf(history);
    }
}
