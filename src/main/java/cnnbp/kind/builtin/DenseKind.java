package cnnbp.kind.builtin;

import static cnnbp.kind.TraceNames.grad;

import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Option;
import cnnbp.kind.Options;
import cnnbp.kind.TraceNames;
import cnnbp.layer.Dense;
import cnnbp.layer.Layer;
import cnnbp.tensor.Tensor;
import java.util.List;

/** {@code - dense: {units: 10}}: {@link Dense}. */
final class DenseKind implements LayerKind {
    @Override
    public String key() {
        return "dense";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.positiveInt("units"), Option.values("weights").optional(),
                Option.values("bias").optional());
    }

    @Override
    public Layer build(Options o, int[] in, BuildContext context) {
        context.requireFlat(in);
        int units = o.integer("units");
        int[] wShape = {units, in[0]};
        Tensor w = context.given(o, "weights", wShape, "[units, in_features]");
        if (w == null) w = context.initWeights(wShape, in[0], units);
        Tensor b = context.given(o, "bias", new int[] {units}, "[units]");
        if (b == null) b = Tensor.zeros(units);
        return new Dense(in[0], units, w, b);
    }

    @Override
    public String describe(Options o, Layer layer) {
        return "dense, " + o.integer("units") + " unit(s)";
    }

    @Override
    public String forwardRule(Options o, Layer layer, TraceNames n) {
        return n.out() + " = " + n.param("W") + " · " + n.in() + " + " + n.param("b");
    }

    @Override
    public String backwardRule(Options o, Layer layer, TraceNames n) {
        return grad(n.in()) + " = " + n.param("W") + "ᵀ · " + grad(n.out());
    }

    @Override
    public String paramGradRule(Options o, Layer layer, String key, TraceNames n) {
        String dout = grad(n.out());
        if (key.equals("b")) return grad(n.param("b")) + " = " + dout;
        return grad(n.param("W")) + " = " + dout + " · " + n.in() + "ᵀ";
    }

    @Override
    public List<String> backwardReads(Layer layer) {
        return List.of("W");
    }

    @Override
    public List<String> paramGradReads(Layer layer, String key) {
        return key.equals("W") ? List.of(INPUT) : List.of();
    }
}
