package cnnbp.kind.builtin;

import static cnnbp.kind.TraceNames.grad;

import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Options;
import cnnbp.kind.TraceNames;
import cnnbp.layer.Layer;
import cnnbp.layer.Softmax;
import java.util.List;

/** {@code - softmax}: {@link Softmax}. */
final class SoftmaxKind implements LayerKind {
    @Override
    public String key() {
        return "softmax";
    }

    @Override
    public Layer build(Options o, int[] in, BuildContext context) {
        context.requireFlat(in);
        return new Softmax(in[0]);
    }

    @Override
    public String forwardRule(Options o, Layer layer, TraceNames n) {
        return n.out() + " = softmax(" + n.in() + ") = e^" + n.in() + " / Σ e^" + n.in();
    }

    @Override
    public String backwardRule(Options o, Layer layer, TraceNames n) {
        String dout = grad(n.out());
        return grad(n.in()) + " = " + n.out() + " ⊙ (" + dout + " − Σ " + dout + " ⊙ " + n.out() + ")";
    }

    @Override
    public List<String> backwardReads(Layer layer) {
        return List.of(OUTPUT);
    }

    @Override
    public double[] backwardFromOutput(Layer layer, double[] dout, double[] out) {
        double[] dinp = new double[dout.length];
        Softmax.backward(dinp, dout, out, cnnbp.tensor.Shapes.size(layer.outShape()));  // example after example
        return dinp;
    }
}
