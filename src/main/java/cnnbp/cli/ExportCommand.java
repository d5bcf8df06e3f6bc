package cnnbp.cli;

import cnnbp.BadInputException;
import cnnbp.config.NetworkConfig;
import cnnbp.export.OnnxExport;
import cnnbp.export.PytorchExport;
import cnnbp.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Writes a network and its weights as ONNX or a PyTorch package.",
        description = {"Writes the network and its weights as an ONNX model, or as a PyTorch package",
                "that trains on one machine or many (torchrun) and writes its weights back."})
final class ExportCommand implements Callable<Integer> {
    enum Format { onnx, pytorch }

    enum Dtype { float32, float64 }

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "onnx (one .onnx file, opset 13) or pytorch (a folder of Python files).")
    Format format;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PATH",
            description = "The .onnx file, or the folder for pytorch; it must not exist yet (see --force).")
    Path output;

    @Option(names = "--dtype", paramLabel = "TYPE", defaultValue = "float32",
            description = "onnx: the weights' and the input's element type, float32 (default) or float64.")
    Dtype dtype;

    @Option(names = "--force", description = "Replace an existing output.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        if (format == Format.pytorch && config.config == null) {
            throw new ParameterException(spec.commandLine(), "--format pytorch writes the config's training settings"
                    + " and data paths too: give --config");
        }
        NetworkConfig cfg = config.loadOrWeights();
        ConfigOption.Trained model = config.weights != null ? config.trained(cfg, spec)
                : new ConfigOption.Trained(config.build(cfg), List.of());
        if (Files.exists(output) && !force) {
            throw new BadInputException(output + ": already exists; give --force to replace it, or another --output");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.onnx) {
            OnnxExport.Precision p = dtype == Dtype.float64 ? OnnxExport.Precision.FLOAT64 : OnnxExport.Precision.FLOAT32;
            byte[] bytes = OnnxExport.model(model.net(), p, model.classes(), cfg.file().toString(), version()).toByteArray();
            AtomicFiles.write(output, bytes);
            out.printf("wrote %s (ONNX opset %d, %s, %,d bytes)%n", output, 13, dtype, bytes.length);
        } else {
            writeFolder(cfg, model);
            out.printf("wrote %s: network.json, weights.json, model.py, data.py, train.py, export_back.py, README.md%n", output);
        }
        out.flush();
        return Main.ExitCodes.OK;
    }

    /** The package is written beside the output folder and renamed into place, whole or not at all. */
    private void writeFolder(NetworkConfig cfg, ConfigOption.Trained model) throws IOException {
        Path parent = output.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + output.getFileName() + ".");
        try {
            PytorchExport.write(tmp, cfg, model.net(), model.classes());
            if (Files.exists(output)) delete(output);
            Files.move(tmp, output, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(tmp)) delete(tmp);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static String version() {
        try {
            return new Main.Version().getVersion()[0].replace("cnnbp ", "");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
