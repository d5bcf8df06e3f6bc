package cnnbp.build;

import cnnbp.model.Network;
import cnnbp.BadInputException;
import cnnbp.config.LayerSpec;
import cnnbp.loss.LossKind;
import cnnbp.config.NetworkConfig;
import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Options;
import cnnbp.layer.Layer;
import cnnbp.layer.Sigmoid;
import cnnbp.layer.Softmax;
import cnnbp.loss.Loss;
import cnnbp.tensor.Shapes;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link Network} from a parsed config: follows the shapes layer by layer, each layer built
 * by its kind ({@link LayerKind#build}), which checks that it fits its input and that given weights
 * have the right shape, and initialises the weights the config leaves out. Every mistake is a
 * {@link BadInputException} naming the layer.
 */
public final class NetworkBuilder {
    private NetworkBuilder() {}

    public static Network build(NetworkConfig config) {
        Sizes.check(config);
        List<Layer> layers = new ArrayList<>();
        List<LayerKind> kinds = new ArrayList<>();
        List<Options> options = new ArrayList<>();
        int[] shape = config.input();
        Path folder = folder(config);
        List<LayerSpec> specs = config.layers();
        for (int i = 0; i < specs.size(); i++) {
            LayerSpec spec = specs.get(i);
            LayerSpec next = i + 1 < specs.size() ? specs.get(i + 1) : null;
            BuildContext context = new BuildContext(spec.index(), spec.pos().toString(), spec.kind(), config.seed(), folder,
                    next == null ? null : next.kind(), next == null ? null : next.options());
            Layer layer = spec.kind().build(spec.options(), shape.clone(), context);
            layers.add(layer);
            kinds.add(spec.kind());
            options.add(spec.options());
            shape = layer.outShape();
        }
        checkLoss(config, layers);
        return new Network(config.input(), layers, kinds, options, Loss.of(config.loss()));
    }

    /** The config file's folder, where its layers' relative paths start; the working folder for an in-memory file. */
    private static Path folder(NetworkConfig config) {
        Path file = config.file();
        if (file == null || file.getFileSystem() != FileSystems.getDefault()) return Path.of("");
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("") : parent;
    }

    /** The loss must fit the last layer: bce a sigmoid with one output, cross_entropy a softmax. */
    private static void checkLoss(NetworkConfig config, List<Layer> layers) {
        Layer last = layers.get(layers.size() - 1);
        LayerSpec lastSpec = config.layers().get(layers.size() - 1);
        int[] out = last.outShape();
        String where = config.file() + ": loss " + config.loss().key + ": ";
        if (out.length != 1) {
            throw new BadInputException(where + "needs a flat output (features), but layer " + lastSpec.index()
                    + " " + last.type() + " gives " + Shapes.toString(out) + "; add flatten and dense layers");
        }
        if (config.loss() == LossKind.BCE && !(last instanceof Sigmoid && out[0] == 1)) {
            throw new BadInputException(where + "needs one sigmoid output (dense {units: 1} then sigmoid), but the"
                    + " last layer is " + lastSpec.index() + " " + last.type() + " with " + out[0] + " output(s)");
        }
        if (config.loss() == LossKind.CROSS_ENTROPY && !(last instanceof Softmax)) {
            throw new BadInputException(where + "needs a softmax output layer, but the last layer is "
                    + lastSpec.index() + " " + last.type() + "; add '- softmax' after it");
        }
    }
}
