package cnnbp.check;

import cnnbp.BadInputException;
import cnnbp.loss.LossKind;
import cnnbp.config.NetworkConfig;
import cnnbp.data.Dataset;
import cnnbp.model.Network;
import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The examples a gradient check runs on: X (M, inShape...) and the M labels.
 *
 * @param description what they are, for the report: "the config's example", "3 random examples (seed 1)"
 */
public record Batch(Tensor x, double[] labels, String description) {
    /** The config's {@code example:}, a batch of one; its label checked against the loss. */
    public static Batch example(NetworkConfig cfg, Network net) {
        NetworkConfig.Example ex = cfg.example();
        String problem = net.loss().checkLabel(ex.label(), net.outShape()[0]);
        if (problem != null) {
            throw new BadInputException(ex.pos() + ": example: " + problem + " for loss " + cfg.loss().key);
        }
        return new Batch(new Tensor(Shapes.prepend(1, net.inShape()), ex.input().clone()),
                new double[] {ex.label()}, "the config's example");
    }

    /** The config's {@code examples:}, one batch; each label checked against the loss. */
    public static Batch examples(NetworkConfig cfg, Network net) {
        List<NetworkConfig.Example> examples = cfg.examples();
        int per = Shapes.size(net.inShape());
        Tensor x = Tensor.batch(examples.size(), net.inShape());
        double[] labels = new double[examples.size()];
        for (int m = 0; m < labels.length; m++) {
            NetworkConfig.Example ex = examples.get(m);
            String problem = net.loss().checkLabel(ex.label(), net.outShape()[0]);
            if (problem != null) {
                throw new BadInputException(ex.pos() + ": examples[" + m + "]: " + problem + " for loss " + cfg.loss().key);
            }
            System.arraycopy(ex.input(), 0, x.data, m * per, per);
            labels[m] = ex.label();
        }
        return new Batch(x, labels, "the config's " + labels.length + " example" + (labels.length == 1 ? "" : "s"));
    }

    /** The first M examples of a data set, which must have the network's input shape and labels. */
    public static Batch first(Dataset data, int m, Network net, String name) {
        if (!Arrays.equals(data.shape(), net.inShape())) {
            throw new BadInputException(name + ": examples of shape " + Shapes.toString(data.shape())
                    + ", but the network's input is " + Shapes.toString(net.inShape()));
        }
        if (m > data.size()) {
            throw new BadInputException(name + ": --batch " + m + " asks for more examples than the "
                    + data.size() + " it has");
        }
        int per = Shapes.size(net.inShape());
        Tensor x = Tensor.batch(m, net.inShape());
        double[] labels = new double[m];
        for (int i = 0; i < m; i++) {
            data.copyInput(i, x.data, i * per);
            labels[i] = data.label(i);
            String problem = net.loss().checkLabel(labels[i], net.outShape()[0]);
            if (problem != null) throw new BadInputException(data.source(i) + ": " + problem);
        }
        return new Batch(x, labels, "the first " + m + " example" + (m == 1 ? "" : "s") + " of " + name);
    }

    /**
     * M seeded random examples: every input value uniform in [−1, 1), labels uniform over the
     * classes (0 or 1 for bce), or standard normal for a one-output mse.
     */
    public static Batch random(Network net, int m, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Tensor x = Tensor.batch(m, net.inShape());
        for (int i = 0; i < x.size(); i++) x.data[i] = 2 * rnd.nextDouble() - 1;
        int k = net.outShape()[0];
        LossKind kind = net.loss().kind();
        double[] labels = new double[m];
        for (int i = 0; i < m; i++) {
            if (kind == LossKind.BCE) labels[i] = rnd.nextInt(2);
            else if (kind == LossKind.MSE && k == 1) labels[i] = normal(rnd);
            else labels[i] = rnd.nextInt(k);
        }
        return new Batch(x, labels, m + " random example" + (m == 1 ? "" : "s") + " (seed " + seed + ")");
    }

    private static double normal(SplittableRandom rnd) {  // Box-Muller
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    public int size() {
        return labels.length;
    }
}
