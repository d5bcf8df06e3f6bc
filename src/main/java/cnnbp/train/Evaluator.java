package cnnbp.train;

import cnnbp.BadInputException;
import cnnbp.loss.LossKind;
import cnnbp.data.Dataset;
import cnnbp.model.Network;
import cnnbp.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Runs a network forward over a whole dataset in batches, in order, and scores it. */
public final class Evaluator {
    private final Network net;
    private final Dataset data;
    private final int batch;
    private final Batches batches;
    private final LossKind loss;
    private final int k, classCount;
    private final List<String> classes;

    /** {@code role} names the data in messages: "test data". Every label must fit the network. */
    public Evaluator(Network net, Dataset data, String role, int batch) {
        checkLabels(net, data, role);
        this.net = net;
        this.data = data;
        this.batch = batch;
        this.batches = new Batches(data, Math.min(batch, Math.max(1, data.size())));
        this.loss = net.loss().kind();
        this.k = net.outShape()[0];
        this.classCount = Prediction.classCount(loss, k);
        this.classes = classNames(data.classes(), classCount);
    }

    /**
     * Checks that the data fits the network's output: as many classes as it tells apart, and
     * labels its loss accepts (the first one that is not names its file and row).
     */
    public static void checkLabels(Network net, Dataset data, String role) {
        if (data.size() == 0) throw new BadInputException("the " + role + " has no examples");
        LossKind loss = net.loss().kind();
        int k = net.outShape()[0], classCount = Prediction.classCount(loss, k);
        List<String> names = data.classes();
        // Named classes (folders) must match the outputs one to one; numbered ones (CSV and IDX labels
        // 0..max) may stop short of the last class, and the row of a label too large is named below.
        if (!names.isEmpty() && classCount > 0 && !numbered(names) && names.size() != classCount) {
            throw new BadInputException("the " + role + " has " + names.size() + " classes " + names
                    + ", but the network tells " + classCount + " apart (loss " + loss.key + " on " + k + " output"
                    + (k == 1 ? "" : "s") + ")" + (loss == LossKind.BCE ? "" : "; give the last dense layer units: " + names.size()));
        }
        for (int i = 0; i < data.size(); i++) {
            String problem = net.loss().checkLabel(data.label(i), k);
            if (problem != null) throw new BadInputException(data.source(i) + ": " + problem + " for loss " + loss.key);
        }
    }

    private static boolean numbered(List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).equals(Integer.toString(i))) return false;
        }
        return true;
    }

    /** The dataset's class names when it has one per class, else "0", "1", ... */
    static List<String> classNames(List<String> names, int count) {
        if (names.size() == count) return names;
        List<String> numbers = new ArrayList<>();
        for (int c = 0; c < count; c++) numbers.add(Integer.toString(c));
        return numbers;
    }

    /** Runs the network in evaluation mode ({@link Network#train}(false)) and leaves its mode as it was. */
    public Evaluation run() {
        boolean training = net.training();
        net.train(false);
        try {
            return evaluate();
        } finally {
            net.train(training);
        }
    }

    private Evaluation evaluate() {
        int n = data.size();
        int[][] confusion = new int[classCount][classCount];
        double lossSum = 0;
        int correct = 0;
        for (int from = 0; from < n; from += batch) {
            int m = Math.min(batch, n - from);
            Tensor x = batches.fill(null, from, m);
            double[] y = batches.labels();
            lossSum += net.forward(x, y) * m;
            if (classCount > 0) {
                double[] out = net.output(net.layers().size() - 1).data;
                for (int i = 0; i < m; i++) {
                    int p = Prediction.predicted(loss, out, i * k, k), t = (int) y[i];
                    confusion[t][p]++;
                    if (p == t) correct++;
                }
            }
        }
        return new Evaluation(n, lossSum / n, classCount > 0 ? (double) correct / n : Double.NaN, confusion, classes);
    }
}
