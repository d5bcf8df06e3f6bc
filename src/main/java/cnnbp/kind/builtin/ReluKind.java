package cnnbp.kind.builtin;

import static cnnbp.kind.TraceNames.grad;

import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Options;
import cnnbp.kind.TraceNames;
import cnnbp.layer.Layer;
import cnnbp.layer.Relu;
import java.util.List;
import java.util.OptionalDouble;

/** {@code - relu}: {@link Relu}. */
final class ReluKind implements LayerKind {
    @Override
    public String key() {
        return "relu";
    }

    @Override
    public Layer build(Options o, int[] in, BuildContext context) {
        return new Relu(in);
    }

    @Override
    public String forwardRule(Options o, Layer layer, TraceNames n) {
        return n.out() + " = max(0, " + n.in() + ")";
    }

    @Override
    public String backwardRule(Options o, Layer layer, TraceNames n) {
        return grad(n.in()) + " = " + grad(n.out()) + " ⊙ (" + n.in() + " > 0)";
    }

    @Override
    public List<String> backwardReads(Layer layer) {
        return List.of(INPUT);
    }

    @Override
    public OptionalDouble reluSlope(Options o) {
        return OptionalDouble.of(0);
    }
}
