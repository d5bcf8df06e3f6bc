package cnnbp.loss;

import cnnbp.layer.Layer;
import cnnbp.layer.Sigmoid;
import cnnbp.tensor.Tensor;

/**
 * Binary cross-entropy on one sigmoid output A (M, 1) with labels y ∈ {0, 1}, as
 * {@code F.binary_cross_entropy}: L = −(1/M) Σ_m [y log A + (1 − y) log(1 − A)], each log clamped
 * at −100. dL/dA = (A − y) / (M · max(A (1 − A), 1e-12)); through the sigmoid, dL/dZ = (A − y) / M.
 */
public final class BinaryCrossEntropy implements Loss {
    private static final double LOG_FLOOR = -100, EPS = 1e-12;  // PyTorch's clamps

    private Tensor pred;     // (M, 1)
    private double[] labels; // (M)

    @Override
    public LossKind kind() {
        return LossKind.BCE;
    }

    @Override
    public String checkLabel(double label, int k) {
        if (k != 1) return "bce needs exactly one output, got " + k;
        return label == 0 || label == 1 ? null : "label " + Labels.format(label) + " is not 0 or 1";
    }

    @Override
    public Tensor target(double[] labels, int k) {
        return new Tensor(new int[] {labels.length, 1}, labels.clone());
    }

    @Override
    public double forward(Tensor pred, double[] labels) {
        this.pred = pred;
        this.labels = labels.clone();
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double a = pred.data[i], y = labels[i];
            sum -= y * Math.max(Math.log(a), LOG_FLOOR) + (1 - y) * Math.max(Math.log(1 - a), LOG_FLOOR);
        }
        return sum / labels.length;
    }

    @Override
    public Tensor backward() {
        int m = labels.length;
        Tensor dpred = Tensor.zeros(pred.shape);
        for (int i = 0; i < m; i++) {
            double a = pred.data[i];
            dpred.data[i] = (a - labels[i]) / (m * Math.max(a * (1 - a), EPS));
        }
        return dpred;
    }

    /** Per example, L = max(z, 0) − y·z + log(1 + e^−|z|), as {@code F.binary_cross_entropy_with_logits}. */
    @Override
    public double forwardFromLogits(Tensor z, double[] labels) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double zi = z.data[i];
            sum += Math.max(zi, 0) - labels[i] * zi + Math.log1p(Math.exp(-Math.abs(zi)));
        }
        return sum / labels.length;
    }

    @Override
    public Tensor backwardThrough(Layer activation) {
        if (!(activation instanceof Sigmoid)) return null;
        int m = labels.length;
        Tensor dz = Tensor.zeros(pred.shape);
        for (int i = 0; i < m; i++) dz.data[i] = (pred.data[i] - labels[i]) / m;
        return dz;
    }
}
