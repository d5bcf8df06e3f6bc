package cnnbp.cli;

import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.model.Network;
import cnnbp.model.NetworkBuilder;
import cnnbp.model.WeightsFile;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} and {@code --weights} options every command that builds a network shares. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "The network config (YAML).")
    Path config;

    @Option(names = {"-w", "--weights"}, paramLabel = "W.json",
            description = "Load the weights from a cnnbp-weights/1 JSON file (as train saves).")
    Path weights;

    NetworkConfig load() {
        return ConfigLoader.load(config);
    }

    /** The network of the config, with the weights file's weights if one is given. */
    Network build(NetworkConfig cfg) {
        Network net = NetworkBuilder.build(cfg);
        if (weights != null) WeightsFile.read(weights, net);
        return net;
    }
}
