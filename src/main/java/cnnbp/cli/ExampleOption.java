package cnnbp.cli;

import cnnbp.BadInputException;
import cnnbp.check.Batch;
import cnnbp.config.NetworkConfig;
import cnnbp.data.Datasets;
import cnnbp.data.ExampleFile;
import cnnbp.model.Network;
import cnnbp.tensor.Shapes;
import cnnbp.trace.Trace;
import cnnbp.text.DidYouMean;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The {@code --input}, {@code --label} and {@code --batch} options of the commands that trace examples. */
final class ExampleOption {
    /** The most examples a trace shows: more is not for reading. */
    static final int MAX_BATCH = 1000;

    @Option(names = "--input", paramLabel = "FILE", arity = "1..*",
            description = "The example(s): a CSV (a row per example: label, then C*H*W values) or images (PNG, JPEG,"
                    + " ...); several files make a batch. Default: the config's example or examples.")
    List<Path> inputs;

    @Option(names = "--label", paramLabel = "N", split = ",",
            description = "The label, or one per example, comma-separated (overrides the files' or config's):"
                    + " a number, or a class folder's name of the config's training data.")
    List<String> labels;

    @Option(names = "--batch", paramLabel = "M",
            description = "Trace the first M examples of the config's training data (data: train) as one batch.")
    Integer batch;

    /** The trace of the examples through the config's network. */
    Trace trace(ConfigOption config, CommandSpec spec) {
        if (batch != null && inputs != null) throw new ParameterException(spec.commandLine(), "give --input or --batch, not both");
        if (batch != null && (batch < 1 || batch > MAX_BATCH)) {
            throw new ParameterException(spec.commandLine(), "--batch must be 1 to " + MAX_BATCH + ", got " + batch);
        }
        NetworkConfig cfg = config.load();
        Network net = config.build(cfg);
        Examples ex = examples(cfg, net);
        // dropout's mask: the config's seed, "epoch 0" (training counts from 1)
        return Trace.of(net, ex.inputs(), ex.labels(), config.config.toString(), new Trace.RandomKey(cfg.seed(), 0, 0));
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
                xs.add(Arrays.copyOfRange(b.x().data, m * per, (m + 1) * per));
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
                    ys.add(e.label() != null ? e.label() : folderLabel(cfg, file));
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
                ys.set(m, label(cfg, labels.get(m)));
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

    /**
     * The class folders of the config's training data, in cnnbp's order (sorted, hidden ones left out),
     * read from the folder names alone; empty when the training data is not a folder of class folders.
     */
    private static List<String> classes(NetworkConfig cfg) {
        if (cfg.data() == null || !Files.isDirectory(cfg.data().train())) return List.of();
        try (Stream<Path> dirs = Files.list(cfg.data().train())) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** An image in a class folder of the training data's classes (bag/00018.png) is of that class; else null. */
    private static Double folderLabel(NetworkConfig cfg, Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || parent.getFileName() == null) return null;
        int c = classes(cfg).indexOf(parent.getFileName().toString());
        return c < 0 ? null : (double) c;
    }

    /** --label's word: a number, or the name of a class folder of the training data. */
    private static double label(NetworkConfig cfg, String word) {
        try {
            return Double.parseDouble(word.strip());
        } catch (NumberFormatException notANumber) {
            List<String> classes = classes(cfg);
            int c = classes.indexOf(word.strip());
            if (c >= 0) return c;
            throw new BadInputException("--label: '" + word + "' is not a number" + (classes.isEmpty()
                    ? " (class names need the config's data: train to be a folder of class folders)"
                    : " nor a class of " + cfg.data().train() + DidYouMean.suggest(word.strip(), classes)
                    + "; the classes are " + String.join(", ", classes)));
        }
    }
}
