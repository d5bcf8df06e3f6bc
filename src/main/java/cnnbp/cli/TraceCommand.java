package cnnbp.cli;

import cnnbp.BadInputException;
import cnnbp.config.NetworkConfig;
import cnnbp.data.ExampleFile;
import cnnbp.model.Network;
import cnnbp.trace.AnswersTemplate;
import cnnbp.trace.Blanks;
import cnnbp.trace.Trace;
import cnnbp.trace.TraceJson;
import cnnbp.trace.TraceLatex;
import cnnbp.trace.TraceMarkdown;
import cnnbp.trace.TraceText;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "trace", mixinStandardHelpOptions = true,
        header = "Prints every tensor of one example's forward and backward pass.",
        description = {"Prints every tensor of one example's forward and backward pass (X, Z1, A1, ..., L,",
                "dL/dA2, ..., dL/dW1), each with the chain-rule step that made it."})
final class TraceCommand implements Callable<Integer> {
    enum Format { text, json, markdown, latex }

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

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "text (default), json (the cnnbp-trace/1 contract, full precision: the reference for"
                    + " cnnbp compare), markdown or latex (handouts: tables, or a document for pdflatex).")
    Format format;

    @Option(names = "--digits", paramLabel = "D", defaultValue = "6",
            description = "Significant digits in text, markdown and latex (1-17; default ${DEFAULT-VALUE}).")
    int digits;

    @Option(names = "--blank", paramLabel = "WHAT",
            description = "Leave these values empty for students to fill in: forward, backward, all, or tensor"
                    + " names, comma-separated (e.g. backward or Z1,dL/dW1).")
    String blank;

    @Option(names = "--answers-template",
            description = "Print the skeleton of an answers file for cnnbp compare instead: every computed tensor"
                    + " (or the --blank ones) in its shape, filled with null.")
    boolean answersTemplate;

    @Override
    public Integer call() {
        if (digits < 1 || digits > 17) {
            throw new ParameterException(spec.commandLine(), "--digits must be 1 to 17, got " + digits);
        }
        if (answersTemplate && format != null) {
            throw new ParameterException(spec.commandLine(), "--answers-template prints YAML: leave out --format");
        }
        if (blank != null && format == Format.json) {
            throw new ParameterException(spec.commandLine(), "--blank makes a handout: use --format text, markdown or latex");
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
        net.setRandomKey(cfg.seed(), 0, 0);  // dropout's mask: the config's seed, "epoch 0" (training's epochs count from 1)
        Trace t = Trace.of(net, x, y, config.config.toString());
        Set<String> blanks = blank == null ? Set.of() : Blanks.parse(blank, t);
        String out;
        if (answersTemplate) {
            out = AnswersTemplate.render(t, blank == null ? Blanks.all(t) : blanks);
        } else {
            out = switch (format == null ? Format.text : format) {
                case text -> TraceText.render(t, digits, blanks);
                case json -> TraceJson.render(t);
                case markdown -> TraceMarkdown.render(t, digits, blanks);
                case latex -> TraceLatex.render(t, digits, blanks);
            };
        }
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        return Main.ExitCodes.OK;
    }
}
