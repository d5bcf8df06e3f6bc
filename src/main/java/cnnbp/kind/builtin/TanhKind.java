package cnnbp.kind.builtin;

import static cnnbp.kind.TraceNames.grad;

import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Options;
import cnnbp.kind.TraceNames;
import cnnbp.layer.Layer;
import cnnbp.layer.Tanh;
import java.util.List;

/** {@code - tanh}: {@link Tanh}. */
final class TanhKind implements LayerKind {
    @Override
    public String key() {
        return "tanh";
    }

    @Override
    public Layer build(Options o, int[] in, BuildContext context) {
        return new Tanh(in);
    }

    @Override
    public String forwardRule(Options o, Layer layer, TraceNames n) {
        return n.out() + " = tanh(" + n.in() + ")";
    }

    @Override
    public String backwardRule(Options o, Layer layer, TraceNames n) {
        return grad(n.in()) + " = " + grad(n.out()) + " ⊙ (1 − " + n.out() + "²)";
    }

    @Override
    public List<String> backwardReads(Layer layer) {
        return List.of(OUTPUT);
    }

    @Override
    public double[] backwardFromOutput(Layer layer, double[] dout, double[] out) {
        double[] dinp = new double[dout.length];
        Tanh.backward(dinp, dout, out);
        return dinp;
    }
}
