package cnnbp.cli;

import cnnbp.check.Batch;
import cnnbp.check.CheckOptions;
import cnnbp.check.GradCheck;
import cnnbp.check.NetworkResult;
import cnnbp.check.Report;
import cnnbp.check.ReportJson;
import cnnbp.check.ReportJunit;
import cnnbp.check.ReportText;
import cnnbp.check.SelfTest;
import cnnbp.check.Selector;
import cnnbp.check.UnreliableCheckException;
import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.data.Datasets;
import cnnbp.exec.ExecLayer;
import cnnbp.model.Network;
import cnnbp.build.NetworkBuilder;
import cnnbp.model.WeightsFile;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        header = "Checks every gradient against a finite difference of the loss.",
        description = {"Compares every gradient backprop computes with a central finite difference",
                "of the loss, element by element, and names the elements that disagree.",
                "Without --config: the built-in self-test.",
                "Exit code 0: all agree; 1: a mismatch; 2: bad usage or config;",
                "3: the loss is NaN or infinite, so the check means nothing."})
final class GradcheckCommand implements Callable<Integer> {
    enum Format { text, json, junit }

    /** Random examples checked when the config has no example and --batch is not given. */
    static final int RANDOM_BATCH = 4;

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The network config (YAML). Default: the --weights file's network, else the self-test.")
    Path config;

    @Option(names = {"-w", "--weights"}, paramLabel = "W.json",
            description = "Load the weights from a cnnbp-weights/1 JSON file (as train saves).")
    Path weights;

    @Mixin
    PluginOption plugins;

    @Option(names = "--selftest", paramLabel = "NAME",
            description = "Check only this self-test network (as a failure's reproduce line does).")
    String selftest;

    @Option(names = "--batch", paramLabel = "M",
            description = "Check on the first M examples of the config's training data, or M seeded random "
                    + "examples when it has no data: section (default: the config's example; without one, "
                    + RANDOM_BATCH + " random examples).")
    Integer batch;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seeds the random examples and the sampling of elements (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--eps", paramLabel = "E", defaultValue = CheckOptions.EPS_TEXT,
            description = "The finite-difference step h (default ${DEFAULT-VALUE}).")
    double eps;

    @Option(names = "--rtol", paramLabel = "R", defaultValue = CheckOptions.RTOL_TEXT,
            description = "Largest relative error |a-n|/max(|a|,|n|) that passes (default ${DEFAULT-VALUE}).")
    double rtol;

    @Option(names = "--atol", paramLabel = "A", defaultValue = CheckOptions.ATOL_TEXT,
            description = "The floor: |a-n| up to A*max(1,|L|) passes whatever the ratio (default ${DEFAULT-VALUE}).")
    double atol;

    @Option(names = "--max-per-tensor", paramLabel = "K",
            description = "Check K seeded elements per tensor (every bias, and one weight per output channel at least)."
                    + " Default: all, for networks of up to 100,000 parameters; 1,000 above.")
    Integer maxPerTensor;

    @Option(names = "--input-grad", description = "Check dL/dX too (always in the self-test).")
    boolean inputGrad;

    @Option(names = "--only", paramLabel = "SEL",
            description = "Check only this tensor (W2, b1, X) or element (W2[3,1,0,2]); repeatable.")
    List<String> only = new ArrayList<>();

    @Option(names = "--recompute",
            description = "Recompute a perturbed conv or dense layer's output instead of updating it (slower; "
                    + "a cross-check of the fast path).")
    boolean recompute;

    @Option(names = "--max-unjudged", paramLabel = "FRACTION", defaultValue = "1",
            description = "Fail when more than this fraction of the checked elements sit on kinks on both sides,"
                    + " where no difference can judge them (0 to 1; default 1, any).")
    double maxUnjudged;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), json (the cnnbp-gradcheck/1 contract) or junit (JUnit XML for CI).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE (whole or not at all) and only its last line to stdout.")
    Path output;

    @Override
    public Integer call() {
        CheckOptions o = options();
        List<NetworkResult> results = new ArrayList<>();
        long start = System.nanoTime();
        try (ProgressBar bar = ProgressBar.forTerminal(spec.commandLine().getErr())) {
            if (config != null || weights != null) {
                // Without --config, the network is the one the weights file carries (train --save keeps it there).
                JsonNode root = weights == null ? null : ConfigOption.readWeights(weights);
                NetworkConfig cfg = config != null ? ConfigLoader.load(config, plugins.kinds())
                        : ConfigOption.architecture(root, weights, plugins.kinds());
                if (config != null && root != null) ConfigOption.checkSame(cfg, root, weights);
                Network net = NetworkBuilder.build(cfg);
                try {  // an exec layer's program is ended however the check ends
                    if (root != null) WeightsFile.set(root, weights.toString(), net);
                    Batch b;
                    if (batch == null && cfg.example() != null) b = Batch.example(cfg, net);
                    else if (batch == null && cfg.examples() != null) b = Batch.examples(cfg, net);
                    else if (batch != null && cfg.data() != null && cfg.data().train() != null) {
                        Path train = cfg.data().train();
                        b = Batch.first(Datasets.open(train, cfg.input(), cfg.data(), batch), batch, net, train.toString());
                    } else b = Batch.random(net, batch == null ? RANDOM_BATCH : batch, seed);
                    String network = (config != null ? "--config " + quote(config.toString()) : "")
                            + PluginOption.flags(cfg.kinds());
                    results.add(GradCheck.run(String.valueOf(config != null ? config : weights), net, b, o,
                            command(network.strip()), bar));
                } finally {
                    ExecLayer.endAll(net.layers());
                }
            } else {
                List<String> names = selftest == null ? SelfTest.NETWORKS : List.of(selftest);
                for (String name : names) {
                    NetworkConfig cfg = SelfTest.config(name);
                    Network net = NetworkBuilder.build(cfg);
                    Batch b = Batch.random(net, batch == null ? SelfTest.BATCH : batch, seed);
                    results.add(GradCheck.run(name, net, b, o.withInputGrad(true), command("--selftest " + name), bar));
                }
            }
        } catch (UnreliableCheckException e) {
            spec.commandLine().getErr().println("cnnbp: the check is unreliable: " + e.getMessage());
            return Main.ExitCodes.UNRELIABLE;
        }
        Report report = new Report(results, o, (System.nanoTime() - start) / 1e9, maxUnjudged);
        String text = switch (format) {
            case text -> ReportText.render(report);
            case json -> ReportJson.render(report);
            case junit -> ReportJunit.render(report);
        };
        Reports.emit(spec.commandLine().getOut(), output, text, ReportText.summary(report));
        return report.exitCode();
    }

    private CheckOptions options() {
        if ((config != null || weights != null) && selftest != null) {
            throw usage("--selftest and --config (or --weights) exclude each other");
        }
        if (!(eps > 0) || !Double.isFinite(eps)) throw usage("--eps must be a positive number, got " + eps);
        if (!(rtol >= 0) || !(atol >= 0)) throw usage("--rtol and --atol must be >= 0, got " + rtol + " and " + atol);
        if (!(maxUnjudged >= 0 && maxUnjudged <= 1)) throw usage("--max-unjudged must be 0 to 1, got " + maxUnjudged);
        if (batch != null && batch < 1) throw usage("--batch must be at least 1, got " + batch);
        if (maxPerTensor != null && maxPerTensor < 1) throw usage("--max-per-tensor must be at least 1, got " + maxPerTensor);
        List<Selector> sel = new ArrayList<>();
        for (String s : only) sel.add(Selector.parse(s));
        return new CheckOptions(eps, rtol, atol, maxPerTensor == null ? 0 : maxPerTensor, seed, inputGrad, sel, !recompute);
    }

    /** The command line that reruns one network's check with these options; --only is added per element. */
    private String command(String network) {
        StringBuilder sb = new StringBuilder("cnnbp gradcheck").append(network.isEmpty() ? "" : " " + network);
        if (weights != null) sb.append(" --weights ").append(quote(weights.toString()));
        if (batch != null) sb.append(" --batch ").append(batch);
        sb.append(" --seed ").append(seed);
        if (eps != CheckOptions.EPS) sb.append(" --eps ").append(number(eps));
        if (rtol != CheckOptions.RTOL) sb.append(" --rtol ").append(number(rtol));
        if (atol != CheckOptions.ATOL) sb.append(" --atol ").append(number(atol));
        if (recompute) sb.append(" --recompute");
        if (maxUnjudged < 1) sb.append(" --max-unjudged ").append(number(maxUnjudged));
        return sb.toString();
    }

    /** The shortest text that reads back to v: 1e-10, 0.5, 0. */
    private static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toString().replace("E", "e").replace("e+", "e");
    }

    /** A path as a shell word: as is when it is plain, else in single quotes. */
    static String quote(String s) {
        return s.matches("[A-Za-z0-9_./+:=@%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
