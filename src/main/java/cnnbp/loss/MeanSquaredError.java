package cnnbp.loss;

import cnnbp.tensor.Tensor;

/**
 * Mean squared error over the batch and the K outputs, as {@code F.mse_loss}:
 * L = (1/(M·K)) Σ (A − Y)², Y the one-hot of the label (or the label itself when K = 1).
 * dL/dA = 2 (A − Y) / (M·K).
 */
public final class MeanSquaredError implements Loss {
    private Tensor pred;    // (M, K)
    private Tensor target;  // (M, K)

    @Override
    public LossKind kind() {
        return LossKind.MSE;
    }

    @Override
    public String checkLabel(double label, int k) {
        if (k == 1) return Double.isFinite(label) ? null : "label " + label + " is not a finite number";
        return label == Math.rint(label) && label >= 0 && label < k ? null
                : "label " + Labels.format(label) + " is not a class index 0.." + (k - 1);
    }

    @Override
    public Tensor target(double[] labels, int k) {
        return k == 1 ? new Tensor(new int[] {labels.length, 1}, labels.clone()) : Labels.oneHot(labels, k);
    }

    @Override
    public double forward(Tensor pred, double[] labels) {
        this.pred = pred;
        this.target = target(labels, pred.perExample());
        double sum = 0;
        for (int i = 0; i < pred.size(); i++) {
            double e = pred.data[i] - target.data[i];
            sum += e * e;
        }
        return sum / pred.size();
    }

    @Override
    public Tensor backward() {
        Tensor dpred = Tensor.zeros(pred.shape);
        double scale = 2.0 / pred.size();
        for (int i = 0; i < pred.size(); i++) dpred.data[i] = scale * (pred.data[i] - target.data[i]);
        return dpred;
    }
}
