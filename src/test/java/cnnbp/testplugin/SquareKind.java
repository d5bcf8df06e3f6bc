package cnnbp.testplugin;

import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Option;
import cnnbp.kind.Options;
import cnnbp.layer.Layer;
import java.util.List;

/** {@code - square: {scale: 0.5}}, a test plugin's kind; {@code broken} builds a backward without its factor 2. */
public final class SquareKind implements LayerKind {
    private final boolean broken;

    public SquareKind(boolean broken) {
        this.broken = broken;
    }

    @Override
    public String key() {
        return "square";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.number("scale").withDefault(1.0).range(-10, 10));
    }

    @Override
    public Layer build(Options options, int[] inShape, BuildContext context) {
        return new Square(inShape, options.number("scale"), broken);
    }
}
