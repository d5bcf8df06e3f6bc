package cnnbp.kind.builtin;

import static cnnbp.kind.TraceNames.grad;

import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Option;
import cnnbp.kind.Options;
import cnnbp.kind.TraceNames;
import cnnbp.layer.Layer;
import cnnbp.layer.LeakyRelu;
import cnnbp.text.Numbers;
import java.util.List;
import java.util.OptionalDouble;

/** {@code - leaky_relu: {alpha: 0.2}}: {@link LeakyRelu}. */
final class LeakyReluKind implements LayerKind {
    @Override
    public String key() {
        return "leaky_relu";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.number("alpha").withDefault(0.01));
    }

    @Override
    public Layer build(Options o, int[] in, BuildContext context) {
        return new LeakyRelu(in, o.number("alpha"));
    }

    @Override
    public String describe(Options o, Layer layer) {
        return "leaky_relu, alpha " + Numbers.format(o.number("alpha"), 6);
    }

    @Override
    public String forwardRule(Options o, Layer layer, TraceNames n) {
        return n.out() + " = " + n.in() + " if " + n.in() + " > 0, else α·" + n.in();
    }

    @Override
    public String backwardRule(Options o, Layer layer, TraceNames n) {
        return grad(n.in()) + " = " + grad(n.out()) + " ⊙ (1 if " + n.in() + " > 0, else α)";
    }

    @Override
    public List<String> backwardReads(Layer layer) {
        return List.of(INPUT);
    }

    @Override
    public OptionalDouble reluSlope(Options o) {
        return OptionalDouble.of(o.number("alpha"));
    }
}
