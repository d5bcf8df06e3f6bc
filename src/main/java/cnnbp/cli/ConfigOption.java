package cnnbp.cli;

import cnnbp.BadInputException;
import cnnbp.config.Architecture;
import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.kind.LayerKinds;
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
import picocli.CommandLine.Spec;

/**
 * The {@code --config}, {@code --weights} and {@code --plugin} options every command that builds a network
 * shares. A weights file {@code train --save} wrote carries its network ({@link Architecture}): the commands
 * that only need the network (predict, evaluate, summary, export) take it from there when --config is left
 * out, and when both are given, the config must describe the same network.
 */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The network config (YAML). predict, evaluate, summary and export may leave it out:"
                    + " the --weights file's network is used.")
    Path config;

    @Option(names = {"-w", "--weights"}, paramLabel = "W.json",
            description = "Load the weights from a cnnbp-weights/1 JSON file (as train saves).")
    Path weights;

    @Mixin
    PluginOption plugins;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private JsonNode weightsJson;  // the --weights file, read once

    /** The --config file's network config, which this command needs. */
    NetworkConfig load() {
        if (config == null) throw new ParameterException(command.commandLine(), "Missing required option: '--config=FILE'");
        return ConfigLoader.load(config, plugins.kinds());
    }

    /**
     * The --config file's network config; without --config, the network the --weights file carries
     * (with no data paths and no example). A file written before weights files carried their network
     * needs --config.
     */
    NetworkConfig loadOrWeights() {
        if (config != null) return load();
        if (weights == null) {
            throw new ParameterException(command.commandLine(), "Missing required option: '--config=FILE' or '--weights=W.json'");
        }
        return architecture(weightsJson(), weights, plugins.kinds());
    }

    /** The weights file's JSON, refused unless it is a cnnbp-weights/1 file. */
    static JsonNode readWeights(Path weights) {
        JsonNode root = WeightsFile.readJson(weights);
        WeightsFile.checkFormat(root, weights.toString());
        return root;
    }

    /** The network a weights file carries; a file from before weights files carried one is a one-line error. */
    static NetworkConfig architecture(JsonNode root, Path weights, LayerKinds kinds) {
        if (!Architecture.in(root)) {
            throw new BadInputException(weights + ": written before weights files carried their network;"
                    + " give the network with --config FILE");
        }
        return Architecture.read(root, weights, kinds);
    }

    /** When the weights file carries its network, refuses a config {@code cfg} of another one, naming the first difference. */
    static void checkSame(NetworkConfig cfg, JsonNode root, Path weights) {
        if (Architecture.in(root)) Architecture.check(cfg, Architecture.read(root, weights, cfg.kinds()));
    }

    /** The network of the config, with the weights file's weights if one is given. */
    Network build(NetworkConfig cfg) {
        Network net = NetworkBuilder.build(cfg);
        if (weights != null) WeightsFile.set(weightsJson(), weights.toString(), net);
        return net;
    }

    /** A network with trained weights and the class names its weights file keeps (none: an empty list). */
    record Trained(Network net, List<String> classes) {}

    /**
     * The network with the --weights file's weights, which this command needs. When the file carries its
     * network and {@code cfg} is another file's (--config), they must describe the same network.
     */
    Trained trained(NetworkConfig cfg, CommandSpec spec) {
        if (weights == null) throw new ParameterException(spec.commandLine(), "Missing required option: '--weights=W.json'");
        JsonNode root = weightsJson();
        if (config != null) checkSame(cfg, root, weights);
        Network net = NetworkBuilder.build(cfg);
        WeightsFile.set(root, weights.toString(), net);
        List<String> classes = new ArrayList<>();
        root.path("classes").forEach(c -> classes.add(c.asText()));
        return new Trained(net, classes);
    }

    private JsonNode weightsJson() {
        if (weightsJson == null) weightsJson = readWeights(weights);
        return weightsJson;
    }
}
