package cnnbp.export;

import cnnbp.BadInputException;
import cnnbp.config.DataSpec;
import cnnbp.config.NetworkConfig;
import cnnbp.config.TrainSpec;
import cnnbp.layer.Layer;
import cnnbp.model.Network;
import cnnbp.model.WeightsFile;
import cnnbp.tensor.Shapes;
import cnnbp.trace.Trace;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A network as a small Python package for PyTorch: {@code network.json} (the layers with the trace's
 * options, the loss, the data and the training settings), {@code weights.json} (cnnbp-weights/1),
 * and the scripts {@code model.py} (the nn.Sequential and the weights file in and out), {@code data.py},
 * {@code train.py} (plain or under torchrun with DistributedDataParallel) and {@code export_back.py}.
 */
public final class PytorchExport {
    static final List<String> SCRIPTS = List.of("model.py", "data.py", "train.py", "export_back.py", "README.md");
    private static final Set<String> SUPPORTED = Set.of("conv", "maxpool", "avgpool", "flatten", "dense", "relu",
            "leaky_relu", "sigmoid", "tanh", "softmax", "batchnorm", "dropout", "global_avgpool", "global_maxpool");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PytorchExport() {}

    /** Writes the package's files into {@code dir}, an empty folder. */
    public static void write(Path dir, NetworkConfig cfg, Network net, List<String> classes) throws IOException {
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layer(i);
            if (!SUPPORTED.contains(l.type())) {
                throw new BadInputException("layer " + (i + 1) + " " + l.type() + ": has no PyTorch module;"
                        + " export supports " + String.join(", ", SUPPORTED.stream().sorted().toList()));
            }
        }
        ObjectNode weights = WeightsFile.toJson(net);
        ArrayNode names = weights.putArray("classes");
        classes.forEach(names::add);
        Files.writeString(dir.resolve("network.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(network(cfg, net)) + "\n");
        Files.writeString(dir.resolve("weights.json"), JSON.writeValueAsString(weights) + "\n");
        for (String script : SCRIPTS) {
            try (InputStream in = PytorchExport.class.getResourceAsStream("pytorch/" + script)) {
                Files.copy(in, dir.resolve(script));
            }
        }
    }

    /** network.json: what model.py, data.py and train.py build from. */
    static ObjectNode network(NetworkConfig cfg, Network net) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "cnnbp-pytorch-network/1");
        root.put("source", cfg.file().toString());
        root.set("input", JSON.valueToTree(net.inShape()));
        // The trace's options: the cnnbp-trace/1 contract's names for every layer's hyperparameters.
        net.train(false);  // the options alone are wanted: no running statistics updated, no batch of 1 refused
        Trace trace = Trace.of(net, new double[Shapes.size(net.inShape())], 0, cfg.file().toString());
        ArrayNode layers = root.putArray("layers");
        for (Trace.Step s : trace.layers()) {
            ObjectNode l = layers.addObject();
            l.put("index", s.index());
            l.put("type", s.type());
            l.set("options", JSON.valueToTree(s.options()));
            l.set("out_shape", JSON.valueToTree(net.layer(s.index() - 1).outShape()));
        }
        root.put("loss", cfg.loss().key);
        DataSpec data = cfg.data();
        if (data != null) {
            ObjectNode d = root.putObject("data");
            d.put("train", data.train().toAbsolutePath().normalize().toString());
            if (data.test() != null) d.put("test", data.test().toAbsolutePath().normalize().toString());
            d.put("scale", data.scale());
            if (data.labelColumn() != null) d.put("label_column", data.labelColumn());
        }
        TrainSpec t = cfg.train();
        ObjectNode train = root.putObject("train");
        train.put("batch", t.batch());
        train.put("epochs", t.epochs());
        train.put("seed", t.seed());
        train.put("optimizer", t.optimizer().type());
        train.set("lr_schedule", JSON.valueToTree(t.lrSchedule().settings()));
        t.optimizer().settings().forEach((key, value) -> train.set(key, JSON.valueToTree(value)));
        return root;
    }
}
