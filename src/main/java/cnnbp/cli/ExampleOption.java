package cnnbp.cli;

import cnnbp.BadInputException;
import cnnbp.config.NetworkConfig;
import cnnbp.data.ExampleFile;
import cnnbp.model.Network;
import cnnbp.trace.Trace;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --input} and {@code --label} options of the commands that trace one example. */
final class ExampleOption {
    @Option(names = "--input", paramLabel = "FILE",
            description = "The example: a one-row CSV (label, then C*H*W values) or an image (PNG, JPEG, ...). "
                    + "Default: the config's example.")
    Path input;

    @Option(names = "--label", paramLabel = "N", description = "The example's label (overrides the file's or config's).")
    Double label;

    /** The trace of the example through the config's network. */
    Trace trace(ConfigOption config) {
        NetworkConfig cfg = config.load();
        Network net = config.build(cfg);
        double[] x;
        Double y;
        if (input != null) {
            ExampleFile.Example ex = ExampleFile.read(input, cfg.input());
            x = ex.input();
            y = ex.label();
        } else if (cfg.example() != null) {
            x = cfg.example().input();
            y = cfg.example().label();
        } else {
            throw new BadInputException(cfg.file() + " has no example: give one with --input FILE (and --label N)");
        }
        if (label != null) y = label;
        if (y == null) throw new BadInputException(input + " carries no label: give one with --label N");
        String problem = net.loss().checkLabel(y, net.outShape()[0]);
        if (problem != null) {
            throw new BadInputException((label != null ? "--label" : input != null ? input.toString() : cfg.file() + ": example")
                    + ": " + problem + " for loss " + cfg.loss().key);
        }
        return Trace.of(net, x, y, config.config.toString());
    }
}
