package io.cnnbp.examples;

import cnnbp.kind.LayerKind;
import cnnbp.kind.LayerKindProvider;
import java.util.List;

/** What cnnbp finds in this jar (listed in META-INF/services/cnnbp.kind.LayerKindProvider). */
public final class ExamplePlugin implements LayerKindProvider {
    @Override
    public List<LayerKind> kinds() {
        return List.of(new HardSwishKind());
    }
}
