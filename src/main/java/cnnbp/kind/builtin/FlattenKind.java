package cnnbp.kind.builtin;

import static cnnbp.kind.TraceNames.grad;

import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Options;
import cnnbp.kind.TraceNames;
import cnnbp.layer.Flatten;
import cnnbp.layer.Layer;
import cnnbp.tensor.Shapes;
import java.util.List;

/** {@code - flatten}: {@link Flatten}. */
final class FlattenKind implements LayerKind {
    @Override
    public String key() {
        return "flatten";
    }

    @Override
    public Layer build(Options o, int[] in, BuildContext context) {
        return new Flatten(in);
    }

    @Override
    public String forwardRule(Options o, Layer layer, TraceNames n) {
        return n.out() + " = " + n.in() + " flattened channel by channel, row by row";
    }

    @Override
    public String backwardRule(Options o, Layer layer, TraceNames n) {
        return grad(n.in()) + " = " + grad(n.out()) + " reshaped to " + Shapes.toString(layer.inShape());
    }

    @Override
    public String traceLetter() {
        return "F";
    }

    @Override
    public List<String> backwardReads(Layer layer) {
        return List.of();
    }
}
