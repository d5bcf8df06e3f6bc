package cnnbp.kind.builtin;

import static cnnbp.kind.TraceNames.grad;

import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Option;
import cnnbp.kind.Options;
import cnnbp.kind.TraceNames;
import cnnbp.kind.TraceTensor;
import cnnbp.layer.Dropout;
import cnnbp.layer.Layer;
import java.util.List;

/** {@code - dropout: {p: 0.5}}: {@link Dropout}, inverted, identity in evaluation. */
final class DropoutKind implements LayerKind {
    @Override
    public String key() {
        return "dropout";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.number("p").withDefault(0.5).range(0, 1));
    }

    @Override
    public Layer build(Options o, int[] in, BuildContext context) {
        return new Dropout(in, o.number("p"));
    }

    @Override
    public String forwardRule(Options o, Layer layer, TraceNames n) {
        return n.out() + " = " + n.in() + " ⊙ mask / (1 − " + o.number("p") + ") in training, " + n.in()
                + " in evaluation";
    }

    @Override
    public String backwardRule(Options o, Layer layer, TraceNames n) {
        return grad(n.in()) + " = " + grad(n.out()) + " ⊙ mask / (1 − " + o.number("p") + ")";
    }

    @Override
    public List<String> backwardReads(Layer layer) {
        return List.of();
    }

    @Override
    public List<TraceTensor> extras(Options o, Layer layer, TraceNames n) {
        return List.of(Text.mask(n, ((Dropout) layer).mask(), "1 where " + n.in() + " is kept, each with probability 1 − "
                + o.number("p")));
    }
}
