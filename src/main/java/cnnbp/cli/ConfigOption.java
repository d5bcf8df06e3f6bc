package cnnbp.cli;

import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.model.Network;
import cnnbp.build.NetworkBuilder;
import cnnbp.model.WeightsFile;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code --config}, {@code --weights} and {@code --plugin} options every command that builds a network shares. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "The network config (YAML).")
    Path config;

    @Option(names = {"-w", "--weights"}, paramLabel = "W.json",
            description = "Load the weights from a cnnbp-weights/1 JSON file (as train saves).")
    Path weights;

    @Mixin
    PluginOption plugins;

    NetworkConfig load() {
        return ConfigLoader.load(config, plugins.kinds());
    }

    /** The network of the config, with the weights file's weights if one is given. */
    Network build(NetworkConfig cfg) {
        Network net = NetworkBuilder.build(cfg);
        if (weights != null) WeightsFile.read(weights, net);
        return net;
    }

    /** A network with trained weights and the class names its weights file keeps (none: an empty list). */
    record Trained(Network net, List<String> classes) {}

    /** The network with the --weights file's weights, which this command needs. */
    Trained trained(NetworkConfig cfg, CommandSpec spec) {
        if (weights == null) throw new ParameterException(spec.commandLine(), "Missing required option: '--weights=W.json'");
        Network net = NetworkBuilder.build(cfg);
        JsonNode root = WeightsFile.readJson(weights);
        WeightsFile.set(root, weights.toString(), net);
        List<String> classes = new ArrayList<>();
        root.path("classes").forEach(c -> classes.add(c.asText()));
        return new Trained(net, classes);
    }
}
