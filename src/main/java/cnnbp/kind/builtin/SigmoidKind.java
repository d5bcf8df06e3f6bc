package cnnbp.kind.builtin;

import static cnnbp.kind.TraceNames.grad;

import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Options;
import cnnbp.kind.TraceNames;
import cnnbp.layer.Layer;
import cnnbp.layer.Sigmoid;
import java.util.List;

/** {@code - sigmoid}: {@link Sigmoid}. */
final class SigmoidKind implements LayerKind {
    @Override
    public String key() {
        return "sigmoid";
    }

    @Override
    public Layer build(Options o, int[] in, BuildContext context) {
        return new Sigmoid(in);
    }

    @Override
    public String forwardRule(Options o, Layer layer, TraceNames n) {
        return n.out() + " = σ(" + n.in() + ") = 1 / (1 + e^−" + n.in() + ")";
    }

    @Override
    public String backwardRule(Options o, Layer layer, TraceNames n) {
        return grad(n.in()) + " = " + grad(n.out()) + " ⊙ " + n.out() + " ⊙ (1 − " + n.out() + ")";
    }

    @Override
    public List<String> backwardReads(Layer layer) {
        return List.of(OUTPUT);
    }

    @Override
    public double[] backwardFromOutput(Layer layer, double[] dout, double[] out) {
        double[] dinp = new double[dout.length];
        Sigmoid.backward(dinp, dout, out);
        return dinp;
    }
}
