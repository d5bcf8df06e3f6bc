package cnnbp.cli;

import cnnbp.BadInputException;
import cnnbp.config.DataSpec;
import cnnbp.config.NetworkConfig;
import cnnbp.data.Dataset;
import cnnbp.data.Datasets;
import cnnbp.train.Evaluation;
import cnnbp.train.Evaluator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Reports trained weights' loss, accuracy and confusion matrix.",
        description = {"Scores trained weights on the config's test set (or --data): loss, accuracy,",
                "and the confusion matrix with each class's accuracy. Without --config, the",
                "network is the weights file's (train --save keeps it there) and --data is needed."})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--data", paramLabel = "PATH",
            description = "Evaluate on this folder of class folders, .csv or IDX file instead of the config's test set.")
    Path data;

    @Option(names = "--batch", paramLabel = "N", description = "Examples per forward pass (default: the config's batch).")
    Integer batch;

    @Override
    public Integer call() {
        NetworkConfig cfg = config.loadOrWeights();
        ConfigOption.Trained model = config.trained(cfg, spec);
        DataSpec ds = cfg.data();
        Path path = data != null ? data : ds != null ? ds.test() : null;
        if (path == null) {
            throw new BadInputException(cfg.file() + ": no test set to evaluate on; give --data PATH"
                    + (config.config == null ? "" : " or add data: {test: PATH}"));
        }
        Dataset set = Datasets.open(path, cfg.input(), ds != null ? ds : new DataSpec(path, null, 1, null, false, false, null));
        List<String> trainedOn = model.classes(), here = set.classes();
        if (!trainedOn.isEmpty() && !here.isEmpty() && !(here.size() <= trainedOn.size()
                && trainedOn.subList(0, here.size()).equals(here))) {
            throw new BadInputException(path + ": classes " + here + ", but " + config.weights + " was trained on "
                    + trainedOn + "; label i must mean the same class in both");
        }
        int b = batch != null ? batch : cfg.train().batch();
        if (b < 1) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--batch must be 1 or more, got " + b);
        Evaluation ev = new Evaluator(model.net(), set, "data", b).run();
        if (trainedOn.size() == ev.confusion().length) {  // the model's own names cover every class
            ev = new Evaluation(ev.examples(), ev.loss(), ev.accuracy(), ev.confusion(), trainedOn);
        }
        PrintWriter out = spec.commandLine().getOut();
        Reports.evaluation(out, config.weights + " on " + Reports.shown(path), ev);
        out.flush();
        return Main.ExitCodes.OK;
    }
}
