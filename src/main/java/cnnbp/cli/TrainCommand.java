package cnnbp.cli;

import cnnbp.BadInputException;
import cnnbp.config.DataSpec;
import cnnbp.config.LrScheduleSpec;
import cnnbp.config.NetworkConfig;
import cnnbp.config.TrainSpec;
import cnnbp.data.Dataset;
import cnnbp.data.Datasets;
import cnnbp.model.Network;
import cnnbp.build.Sizes;
import cnnbp.tensor.Parallel;
import cnnbp.tensor.Shapes;
import cnnbp.train.Checkpoint;
import cnnbp.train.CurvePlot;
import cnnbp.train.EpochMetrics;
import cnnbp.train.Evaluation;
import cnnbp.train.Evaluator;
import cnnbp.train.MetricsLog;
import cnnbp.train.TrainListener;
import com.fasterxml.jackson.databind.JsonNode;
import cnnbp.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Trains a network on its data set, saving checkpoints.",
        description = {"Trains the config's network on its data with mini-batch SGD, then prints",
                "the test set's confusion matrix. Options override the config's train: section.",
                "Exit codes: 0 done; 1 the loss became NaN or infinite; 2 a mistake in the",
                "input; 130 (143) stopped by Ctrl-C (a kill), after saving where it stood."})
final class TrainCommand implements Callable<Integer> {
    static final int STOPPED = 130;
    /** More threads than this only cost memory: the work is split into at most this many chunks anyway. */
    static final int MAX_THREADS = 256;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--epochs", paramLabel = "N",
            description = "Train until N epochs are done, those of a resumed checkpoint included.")
    Integer epochs;

    @Option(names = "--save", paramLabel = "M.json",
            description = "Save a checkpoint (weights and training state) after every epoch and on Ctrl-C. "
                    + "Default with --resume: the resumed file.")
    Path save;

    @Option(names = "--resume", paramLabel = "M.json",
            description = "Continue a run from a checkpoint --save wrote, exactly where it stopped.")
    Path resume;

    @Option(names = "--log", paramLabel = "CSV", description = "Write a CSV row of metrics per epoch.")
    Path log;

    @Option(names = "--plot", paramLabel = "PNG", description = "Draw the loss and accuracy curves (PNG).")
    Path plot;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads to train on (default: one per processor); any number gives the same numbers.")
    Integer threads;

    @Option(names = "--overwrite",
            description = "Replace an existing --save checkpoint or --log file that this run did not resume from.")
    boolean overwrite;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar and no line per epoch: the final report only.")
    boolean quiet;

    @Override
    public Integer call() {
        if (epochs != null && epochs < 1) throw new ParameterException(spec.commandLine(), "--epochs must be 1 or more, got " + epochs);
        if (threads != null && (threads < 1 || threads > MAX_THREADS)) {
            throw new ParameterException(spec.commandLine(), "--threads must be 1 to " + MAX_THREADS + ", got " + threads);
        }
        if (resume != null && config.weights != null) {
            throw new ParameterException(spec.commandLine(), "--weights and --resume both give the weights: use one");
        }
        if (threads != null) Parallel.threads(threads);
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        PrintWriter info = quiet ? new PrintWriter(Writer.nullWriter()) : out;  // what --quiet leaves out
        NetworkConfig cfg = config.load();
        DataSpec data = cfg.data();
        if (data == null) {
            throw new BadInputException(cfg.file() + ": no data: section to train on; add data: {train: FOLDER_OR_FILE,"
                    + " test: FOLDER_OR_FILE}");
        }
        TrainSpec ts = cfg.train();
        if (epochs != null) ts = ts.withEpochs(epochs);
        Network net = config.build(cfg);
        Sizes.Estimate memory = Sizes.estimate(net, ts.batch());
        if (memory.bytes() > Sizes.heap()) {
            throw new BadInputException(cfg.file() + ": training with batch " + ts.batch() + " needs " + memory.describe()
                    + ", more than the " + Sizes.bytes(Sizes.heap()) + " the Java heap may grow to; use a smaller batch or"
                    + " network, or more heap (CNNBP_JAVA_OPTS=-Xmx8g)");
        }
        JsonNode checkpoint = resume == null ? null : Checkpoint.read(resume, cfg);  // before the data: fail fast

        Dataset train = load("train", data.train(), cfg, info, err);
        Dataset test = data.test() == null ? null : load("test", data.test(), cfg, info, err);
        if (test != null) Datasets.checkSameClasses(train, test, data.test());
        Trainer trainer = new Trainer(net, train, test, ts);
        info.printf(Locale.ROOT, "network: %,d parameters; batch %d, seed %d; %s%s%n", net.paramCount(), ts.batch(),
                ts.seed(), ts.optimizer().describe(),
                ts.lrSchedule().equals(LrScheduleSpec.CONSTANT) ? "" : "; lr_schedule " + ts.lrSchedule().describe());
        if (resume != null) {
            for (String note : Checkpoint.restore(checkpoint, resume.toString(), trainer, cfg)) err.println("cnnbp: note: " + note);
            info.printf(Locale.ROOT, "resumed %s: %d epoch(s) done%s%n", resume, trainer.epoch(),
                    trainer.position() > 0 ? " and " + trainer.position() + " examples of the next" : "");
        }
        Path savePath = save != null ? save : resume;
        keep(savePath, "--save", "checkpoint");
        keep(log, "--log", "log");
        Outputs outputs = new Outputs(savePath, trainer, cfg);
        outputs.write();  // a path that cannot be written fails now, not after the first epoch
        info.flush();
        boolean alreadyDone = trainer.epoch() >= ts.epochs();

        Progress progress = new Progress(info, err, !quiet && System.console() != null);
        TrainListener listener = new TrainListener() {
            @Override
            public void epochStart(int epoch, int epochs, int batches) {
                progress.epochStart(epoch, epochs, batches);
            }

            @Override
            public void batchEnd(int epoch, int batch, int batches, double loss, double accuracy, int examples,
                                 double seconds) {
                progress.batchEnd(epoch, batch, batches, loss, accuracy, examples, seconds);
            }

            @Override
            public void epochEnd(EpochMetrics metrics) {
                progress.epochEnd(metrics);
                outputs.write();
            }
        };

        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {  // Ctrl-C or a kill: stop at the next batch, wait for the save
            trainer.stop();
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cnnbp-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Trainer.Outcome outcome = trainer.run(ts.epochs(), listener);
            if (outcome == Trainer.Outcome.STOPPED) {
                progress.clear();
                outputs.write();
                out.printf(Locale.ROOT, "stopped after %d epoch(s) and %d examples; %s%n", trainer.epoch(), trainer.position(),
                        savePath == null ? "nothing saved (no --save)"
                                : "saved " + savePath + "; continue with --resume " + savePath);
                out.flush();
                return STOPPED;
            }
            if (outcome == Trainer.Outcome.DIVERGED) {
                progress.clear();
                err.println("cnnbp: " + trainer.divergence());
                err.println("cnnbp: training stopped; lower the learning rate"
                        + (savePath == null ? "" : "; " + savePath + " keeps the last good state (" + trainer.epoch()
                        + " epoch(s))"));
                return Main.ExitCodes.FAILED;
            }
            if (alreadyDone) {
                info.printf(Locale.ROOT, "%d epoch(s) were already done: nothing to train (raise --epochs to train more)%n", trainer.epoch());
            }
            report(out, trainer, cfg, train, test);
            if (savePath != null) out.printf(Locale.ROOT, "saved %s (%d epochs)%n", savePath, trainer.epoch());
            out.flush();
            return Main.ExitCodes.OK;
        } finally {
            removeHook(hook);
            done.countDown();
        }
    }

    /**
     * Refuses to replace an existing file of an earlier run, a checkpoint or a log, by one that did not start
     * from it: only a run resumed from {@code --resume} (whose history the file then continues) or one told
     * {@code --overwrite} may.
     */
    private void keep(Path file, String option, String what) {
        if (file == null || overwrite || resume != null || !Files.exists(file)) return;
        throw new BadInputException(file + ": " + what + " of an earlier run exists (" + option + "); continue that run"
                + " with --resume " + (what.equals("checkpoint") ? file : "CHECKPOINT") + ", or replace it with --overwrite");
    }

    private Dataset load(String role, Path path, NetworkConfig cfg, PrintWriter out, PrintWriter err) {
        long t0 = System.nanoTime();
        Dataset d = Datasets.open(path, cfg.input(), cfg.data());
        out.printf(Locale.ROOT, "%s: %,d examples of %s%s from %s (%.1f s)%n", role, d.size(), Shapes.toString(d.shape()),
                d.classes().isEmpty() ? "" : " in " + d.classes().size() + " classes", Reports.shown(path),
                (System.nanoTime() - t0) * 1e-9);
        if (!d.skipped().isEmpty()) {
            err.printf(Locale.ROOT, "cnnbp: note: skipped %d unreadable file(s) of %s:%n", d.skipped().size(), Reports.shown(path));
            for (String s : d.skipped()) err.println("  " + s);
        }
        return d;
    }

    private static void report(PrintWriter out, Trainer trainer, NetworkConfig cfg, Dataset train, Dataset test) {
        out.println();
        if (test != null) {
            Reports.evaluation(out, "test set " + Reports.shown(cfg.data().test()), trainer.testEvaluation());
        } else {
            Evaluation ev = new Evaluator(trainer.network(), train, "training data", trainer.spec().batch()).run();
            Reports.evaluation(out, "training set " + Reports.shown(cfg.data().train()) + " (the config has no test set)", ev);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // a signal came just as training ended: the hook is running and waits for `done`
        }
    }

    /** The files a run keeps up to date: the checkpoint, the CSV log and the curves, each written atomically. */
    private final class Outputs {
        private final Path savePath;
        private final Trainer trainer;
        private final NetworkConfig cfg;

        Outputs(Path savePath, Trainer trainer, NetworkConfig cfg) {
            this.savePath = savePath;
            this.trainer = trainer;
            this.cfg = cfg;
        }

        void write() {
            Path at = null;
            try {
                if (savePath != null) Checkpoint.write(at = savePath, trainer, cfg);
                if (log != null) MetricsLog.write(at = log, trainer.history());
                if (plot != null && !trainer.history().isEmpty()) {
                    int n = trainer.history().size();
                    CurvePlot.write(at = plot, trainer.history(), cfg.file().getFileName() + ": " + n
                            + (n == 1 ? " epoch" : " epochs"));
                }
            } catch (IOException e) {
                throw new BadInputException(at + ": cannot write: " + e.getMessage(), e);
            }
        }
    }
}
