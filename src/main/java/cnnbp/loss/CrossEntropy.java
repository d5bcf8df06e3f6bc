package cnnbp.loss;

import cnnbp.layer.Layer;
import cnnbp.layer.Softmax;
import cnnbp.tensor.Tensor;

/**
 * Cross-entropy on softmax probabilities A (M, K) with class-index labels:
 * L = −(1/M) Σ_m log A[m, y_m], as {@code F.nll_loss(torch.log(A), y)}.
 * dL/dA[m, k] = −1 / (M · A[m, k]) at k = y_m, 0 elsewhere; through the softmax, dL/dZ = (A − Y) / M.
 */
public final class CrossEntropy implements Loss {
    private Tensor pred;    // (M, K)
    private int[] labels;   // (M)

    @Override
    public LossKind kind() {
        return LossKind.CROSS_ENTROPY;
    }

    @Override
    public String checkLabel(double label, int k) {
        return label == Math.rint(label) && label >= 0 && label < k ? null
                : "label " + Labels.format(label) + " is not a class index 0.." + (k - 1);
    }

    @Override
    public Tensor target(double[] labels, int k) {
        return Labels.oneHot(labels, k);
    }

    @Override
    public double forward(Tensor pred, double[] labels) {
        this.pred = pred;
        this.labels = Labels.toClasses(labels);
        int m = pred.n(), k = pred.perExample();
        double sum = 0;
        for (int i = 0; i < m; i++) sum -= Math.log(pred.data[i * k + this.labels[i]]);
        return sum / m;
    }

    @Override
    public Tensor backward() {
        int m = pred.n(), k = pred.perExample();
        Tensor dpred = Tensor.zeros(pred.shape);
        for (int i = 0; i < m; i++) {
            int j = i * k + labels[i];
            dpred.data[j] = -1.0 / (m * pred.data[j]);
        }
        return dpred;
    }

    /** Per example, L = log Σ_j e^(z_j − z_max) + z_max − z_y: log1p of the rest when y is the max. */
    @Override
    public double forwardFromLogits(Tensor z, double[] labels) {
        int[] ys = Labels.toClasses(labels);
        int m = z.n(), k = z.perExample();
        double sum = 0;
        for (int i = 0; i < m; i++) {
            int off = i * k, y = ys[i];
            double max = z.data[off];
            for (int j = 1; j < k; j++) max = Math.max(max, z.data[off + j]);
            double rest = 0;  // Σ over j ≠ y of e^(z_j − max)
            for (int j = 0; j < k; j++) if (j != y) rest += Math.exp(z.data[off + j] - max);
            double ey = Math.exp(z.data[off + y] - max);
            sum += z.data[off + y] == max ? Math.log1p(rest) : Math.log(ey + rest) + max - z.data[off + y];
        }
        return sum / m;
    }

    @Override
    public Tensor backwardThrough(Layer activation) {
        if (!(activation instanceof Softmax)) return null;
        int m = pred.n(), k = pred.perExample();
        Tensor dz = pred.copy();
        for (int i = 0; i < m; i++) dz.data[i * k + labels[i]] -= 1;
        for (int i = 0; i < dz.size(); i++) dz.data[i] /= m;
        return dz;
    }
}
