package cnnbp.loss;

import cnnbp.tensor.Tensor;
import cnnbp.tensor.TensorAssert;

/** A loss's {@code backward()} against central differences of its {@code forward} with respect to pred. */
final class LossGradientCheck {
    static final double H = 1e-6;

    private LossGradientCheck() {}

    /** Asserts dL/dA from backward() matches (L(A + h) − L(A − h)) / 2h element by element. */
    static void check(String name, Loss loss, Tensor pred, double[] labels) {
        loss.forward(pred, labels);
        double[] analytic = loss.backward().data.clone();
        double[] numeric = new double[pred.size()];
        for (int i = 0; i < pred.size(); i++) {
            double saved = pred.data[i];
            pred.data[i] = saved + H;
            double plus = loss.forward(pred, labels);
            pred.data[i] = saved - H;
            double minus = loss.forward(pred, labels);
            pred.data[i] = saved;
            numeric[i] = (plus - minus) / (2 * H);
        }
        loss.forward(pred, labels);
        TensorAssert.assertClose(name + ": dL/dA vs finite differences", pred.shape, numeric, analytic, 1e-6, 1e-8);
    }
}
