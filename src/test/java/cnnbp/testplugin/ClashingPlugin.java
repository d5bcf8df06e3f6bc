package cnnbp.testplugin;

import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Options;
import cnnbp.layer.Layer;
import cnnbp.kind.LayerKindProvider;
import java.util.List;

/** A test plugin that tries to register a key a built-in kind has. */
public final class ClashingPlugin implements LayerKindProvider {
    @Override
    public List<LayerKind> kinds() {
        return List.of(new LayerKind() {
            @Override
            public String key() {
                return "relu";
            }

            @Override
            public Layer build(Options options, int[] inShape, BuildContext context) {
                return new Square(inShape, 1, false);
            }
        });
    }
}
