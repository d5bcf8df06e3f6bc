package cnnbp.kind.builtin;

import cnnbp.kind.LayerKind;
import cnnbp.kind.LayerKindProvider;
import java.util.List;

/**
 * cnnbp's own layer kinds, registered through {@code META-INF/services/cnnbp.kind.LayerKindProvider}
 * exactly as a plugin's are. A new built-in layer is its layer class, its kind, and one entry here;
 * the order is the order messages list the keys in.
 */
public final class BuiltInKinds implements LayerKindProvider {
    @Override
    public List<LayerKind> kinds() {
        return List.of(new ConvKind(), new PoolKind(true), new PoolKind(false), new GlobalPoolKind(false),
                new GlobalPoolKind(true), new FlattenKind(), new DenseKind(), new BatchNormKind(), new DropoutKind(),
                new ReluKind(), new LeakyReluKind(), new SigmoidKind(), new TanhKind(), new SoftmaxKind());
    }
}
