package cnnbp.testplugin;

import cnnbp.kind.LayerKind;
import cnnbp.kind.LayerKindProvider;
import java.util.List;

/** A test plugin whose square's backward lacks the factor 2. */
public final class BrokenSquarePlugin implements LayerKindProvider {
    @Override
    public List<LayerKind> kinds() {
        return List.of(new SquareKind(true));
    }
}
