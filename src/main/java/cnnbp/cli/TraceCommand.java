package cnnbp.cli;

import cnnbp.BadInputException;
import cnnbp.check.Batch;
import cnnbp.config.NetworkConfig;
import cnnbp.data.Datasets;
import cnnbp.data.ExampleFile;
import cnnbp.model.Network;
import cnnbp.tensor.Shapes;
import cnnbp.trace.AnswersTemplate;
import cnnbp.trace.Blanks;
import cnnbp.trace.Trace;
import cnnbp.trace.TraceJson;
import cnnbp.trace.TraceLatex;
import cnnbp.trace.TraceMarkdown;
import cnnbp.trace.TraceText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Prints every tensor of one example's forward and backward pass (X, Z1, A1, ..., L,",
                "dL/dA2, ..., dL/dW1), each with the chain-rule step that made it; or of a batch of M",
                "examples (the config's examples:, --input with M rows or files, --batch M), example by",
                "example, with the batch mean's 1/M and the sums over the examples."})
final class TraceCommand implements Callable<Integer> {
    enum Format { text, json, markdown, latex }

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    /** The most examples a trace shows: more is not for reading. */
    static final int MAX_BATCH = 1000;

    @Option(names = "--input", paramLabel = "FILE", arity = "1..*",
            description = "The example(s): a CSV (a row per example: label, then C*H*W values) or images (PNG, JPEG,"
                    + " ...); several files make a batch. Default: the config's example or examples.")
    List<Path> inputs;

    @Option(names = "--label", paramLabel = "N", split = ",",
            description = "The label, or one per example, comma-separated (overrides the files' or config's).")
    List<Double> labels;

    @Option(names = "--batch", paramLabel = "M",
            description = "Trace the first M examples of the config's training data (data: train) as one batch.")
    Integer batch;

    @Option(names = "--per-example",
            description = "In a batch trace, show each example's contribution to dL/dW and dL/db before their sum.")
    boolean perExample;

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
        if (perExample && format == Format.json) {
            throw new ParameterException(spec.commandLine(), "--per-example is for text, markdown and latex; the JSON"
                    + " holds every tensor already");
        }
        if (blank != null && format == Format.json) {
            throw new ParameterException(spec.commandLine(), "--blank makes a handout: use --format text, markdown or latex");
        }
        if (batch != null && inputs != null) throw new ParameterException(spec.commandLine(), "give --input or --batch, not both");
        if (batch != null && (batch < 1 || batch > MAX_BATCH)) {
            throw new ParameterException(spec.commandLine(), "--batch must be 1 to " + MAX_BATCH + ", got " + batch);
        }
        NetworkConfig cfg = config.load();
        Network net = config.build(cfg);
        Examples ex = examples(cfg, net);
        Trace t = Trace.of(net, ex.inputs(), ex.labels(), config.config.toString());
        Set<String> blanks = blank == null ? Set.of() : Blanks.parse(blank, t);
        String out;
        if (answersTemplate) {
            out = AnswersTemplate.render(t, blank == null ? Blanks.all(t) : blanks);
        } else {
            out = switch (format == null ? Format.text : format) {
                case text -> TraceText.render(t, digits, blanks, perExample);
                case json -> TraceJson.render(t);
                case markdown -> TraceMarkdown.render(t, digits, blanks, perExample);
                case latex -> TraceLatex.render(t, digits, blanks, perExample);
            };
        }
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        return Main.ExitCodes.OK;
    }

    /** The M examples traced, example after example, and their labels. */
    private record Examples(double[] inputs, double[] labels) {}

    /**
     * The examples: --batch's first M of the training data, --input's files (a CSV's rows, or an image
     * each), else the config's examples: or example:. --label overrides the labels, one per example.
     */
    private Examples examples(NetworkConfig cfg, Network net) {
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<String> where = new ArrayList<>();
        if (batch != null) {
            if (cfg.data() == null) {
                throw new BadInputException(cfg.file() + " has no data: section for --batch to take examples from;"
                        + " give them with --input FILE or the config's examples:");
            }
            Path train = cfg.data().train();
            Batch b = Batch.first(Datasets.open(train, cfg.input(), cfg.data()), batch, net, train.toString());
            int per = Shapes.size(cfg.input());
            for (int m = 0; m < b.size(); m++) {
                xs.add(java.util.Arrays.copyOfRange(b.x().data, m * per, (m + 1) * per));
                ys.add(b.labels()[m]);
                where.add(train + ": example " + m);
            }
        } else if (inputs != null) {
            for (Path file : inputs) {
                List<ExampleFile.Example> read = ExampleFile.readAll(file, cfg.input());
                if (read.isEmpty()) throw new BadInputException(file + ": no data rows (label, then "
                        + Shapes.size(cfg.input()) + " values)");
                for (ExampleFile.Example e : read) {
                    xs.add(e.input());
                    ys.add(e.label());
                    where.add(file.toString());
                    if (xs.size() > MAX_BATCH) {
                        throw new BadInputException(file + ": more than " + MAX_BATCH + " examples; a trace shows at most "
                                + MAX_BATCH);
                    }
                }
            }
        } else if (cfg.examples() != null) {
            for (int m = 0; m < cfg.examples().size(); m++) {
                NetworkConfig.Example e = cfg.examples().get(m);
                xs.add(e.input());
                ys.add(e.label());
                where.add(cfg.file() + ": examples[" + m + "]");
            }
        } else if (cfg.example() != null) {
            xs.add(cfg.example().input());
            ys.add(cfg.example().label());
            where.add(cfg.file() + ": example");
        } else {
            throw new BadInputException(cfg.file() + " has no example: give one with --input FILE (and --label N)");
        }
        if (labels != null) {
            if (labels.size() != xs.size()) {
                throw new BadInputException("--label: " + labels.size() + " label(s) for " + xs.size() + " example(s);"
                        + " give one per example, comma-separated");
            }
            for (int m = 0; m < xs.size(); m++) {
                ys.set(m, labels.get(m));
                where.set(m, "--label");
            }
        }
        int per = Shapes.size(cfg.input());
        double[] x = new double[xs.size() * per], y = new double[xs.size()];
        for (int m = 0; m < xs.size(); m++) {
            System.arraycopy(xs.get(m), 0, x, m * per, per);
            if (ys.get(m) == null) throw new BadInputException(where.get(m) + " carries no label: give one with --label N");
            y[m] = ys.get(m);
            String problem = net.loss().checkLabel(y[m], net.outShape()[0]);
            if (problem != null) throw new BadInputException(where.get(m) + ": " + problem + " for loss " + cfg.loss().key);
        }
        return new Examples(x, y);
    }
}
