package cnnbp.cli;

import cnnbp.BadInputException;
import cnnbp.config.NetworkConfig;
import cnnbp.data.ExampleFile;
import cnnbp.model.Network;
import cnnbp.trace.Trace;
import cnnbp.trace.TraceJson;
import cnnbp.trace.TraceText;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Prints every tensor of one example's forward and backward pass (X, Z1, A1, ..., L,",
                "dL/dA2, ..., dL/dW1), each with the chain-rule step that made it."})
final class TraceCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--input", paramLabel = "FILE",
            description = "The example: a one-row CSV (label, then C*H*W values) or an image (PNG, JPEG, ...). "
                    + "Default: the config's example.")
    Path input;

    @Option(names = "--label", paramLabel = "N", description = "The example's label (overrides the file's or config's).")
    Double label;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (the cnnbp-trace/1 contract, full precision).")
    Format format;

    @Option(names = "--digits", paramLabel = "D", defaultValue = "6",
            description = "Significant digits in the text format (1-17; default ${DEFAULT-VALUE}).")
    int digits;

    @Override
    public Integer call() {
        if (digits < 1 || digits > 17) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--digits must be 1 to 17, got " + digits);
        }
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
        Trace t = Trace.of(net, x, y, config.config.toString());
        spec.commandLine().getOut().print(format == Format.json ? TraceJson.render(t) : TraceText.render(t, digits));
        spec.commandLine().getOut().flush();
        return Main.ExitCodes.OK;
    }
}
