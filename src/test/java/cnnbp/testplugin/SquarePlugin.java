package cnnbp.testplugin;

import cnnbp.kind.LayerKind;
import cnnbp.kind.LayerKindProvider;
import java.util.List;

/** The test plugin: a correct square. */
public final class SquarePlugin implements LayerKindProvider {
    @Override
    public List<LayerKind> kinds() {
        return List.of(new SquareKind(false));
    }
}
