package io.cnnbp.examples;

import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Option;
import cnnbp.kind.Options;
import cnnbp.kind.TraceNames;
import cnnbp.layer.Layer;
import java.util.List;

/** {@code - hardswish: {offset: 3}} in a cnnbp config: a {@link HardSwish} layer. */
public final class HardSwishKind implements LayerKind {
    @Override
    public String key() {
        return "hardswish";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.number("offset").withDefault(3.0).range(0.001, 1000));
    }

    @Override
    public Layer build(Options options, int[] inShape, BuildContext context) {
        return new HardSwish(inShape, options.number("offset"));
    }

    /** Optional: the trace's formula (without it, cnnbp writes "A2 = hardswish(Z1)"). */
    @Override
    public String forwardRule(Options options, Layer layer, TraceNames n) {
        return n.out() + " = " + n.in() + " ⊙ clamp(" + n.in() + " + o, 0, 2o) / 2o";
    }
}
