package cnnbp.cli;

import cnnbp.loss.LossKind;
import cnnbp.config.NetworkConfig;
import cnnbp.data.InputFiles;
import cnnbp.model.Network;
import cnnbp.tensor.Tensor;
import cnnbp.train.Prediction;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "predict", mixinStandardHelpOptions = true,
        header = "Prints the class trained weights give each image or CSV row.",
        description = {"Prints the class trained weights give each image, or each row of a CSV file,",
                "and its probability. Class names come from the weights file (train --save",
                "keeps them), else they are numbers. The network too: --config may be left out."})
final class PredictCommand implements Callable<Integer> {
    private static final int CHUNK = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    enum Format { text, json }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default: a table) or json (cnnbp-predict/1: every output at full precision).")
    Format format;

    @Option(names = "--resize", description = "Scale images of another size to the input's (as resize: true in data:).")
    boolean resize;

    @Option(names = "--top", paramLabel = "K", defaultValue = "1",
            description = "Show the K most likely classes of each input with their probabilities (default 1).")
    int top;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "Images (PNG, JPEG, BMP, GIF) or CSV files: rows of C*H*W values, or a label and them.")
    List<Path> files;

    @Override
    public Integer call() {
        if (top < 1) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--top must be 1 or more, got " + top);
        NetworkConfig cfg = config.loadOrWeights();
        ConfigOption.Trained model = config.trained(cfg, spec);
        Network net = model.net();
        LossKind loss = cfg.loss();
        net.train(false);
        int k = net.outShape()[0], classCount = Prediction.classCount(loss, k);
        List<InputFiles.Input> inputs = new ArrayList<>();
        for (Path f : files) inputs.addAll(InputFiles.read(f, cfg.input(), cfg.data(), resize));

        List<String[]> rows = new ArrayList<>();
        ArrayNode json = JSON.createArrayNode();
        int shown = Math.min(top, Math.max(classCount, 1));
        String scoreName = loss == LossKind.MSE ? "score" : "probability";
        List<String> header = new ArrayList<>(List.of("input"));
        if (classCount == 0) header.add("output");
        for (int r = 1; classCount > 0 && r <= shown; r++) {
            header.add(r == 1 ? "class" : "class " + r);
            header.add(r == 1 ? scoreName : scoreName + " " + r);
        }
        header.add("label");
        rows.add(header.toArray(String[]::new));
        for (int from = 0; from < inputs.size(); from += CHUNK) {
            int m = Math.min(CHUNK, inputs.size() - from), per = inputs.get(from).values().length;
            Tensor x = Tensor.batch(m, net.inShape());  // (m, C, H, W)
            for (int i = 0; i < m; i++) System.arraycopy(inputs.get(from + i).values(), 0, x.data, i * per, per);
            double[] out = net.forward(x).data;          // (m, K)
            for (int i = 0; i < m; i++) {
                InputFiles.Input in = inputs.get(from + i);
                ObjectNode entry = json.addObject().put("input", in.source());
                ArrayNode values = entry.putArray("output");
                for (int j = 0; j < k; j++) values.add(out[i * k + j]);
                if (in.label() != null) entry.put("label", in.label());
                if (classCount == 0) {
                    rows.add(new String[] {in.source(), number(out[i * k]), in.label() == null ? "" : number(in.label())});
                    continue;
                }
                List<String> row = new ArrayList<>(List.of(in.source()));
                ArrayNode ranked = entry.putArray("top");
                // The predicted class first (ties as Prediction.predicted breaks them), then the next most likely.
                int first = Prediction.predicted(loss, out, i * k, k);
                List<Integer> order = new ArrayList<>(List.of(first));
                for (int c : Prediction.ranked(loss, out, i * k, k, classCount)) if (c != first) order.add(c);
                for (int c : order.subList(0, shown)) {
                    double p = Prediction.score(loss, out, i * k, c);
                    row.add(name(c, model.classes()));
                    row.add(String.format(Locale.ROOT, "%.4f", p));
                    ranked.addObject().put("class", name(c, model.classes())).put(scoreName, p);
                }
                row.add(in.label() == null ? "" : name((int) (double) in.label(), model.classes()));
                rows.add(row.toArray(String[]::new));
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        if (format == Format.json) {
            ObjectNode root = JSON.createObjectNode().put("format", "cnnbp-predict/1");
            root.set("classes", JSON.valueToTree(model.classes()));
            root.set("predictions", json);
            w.println(root.toPrettyString());
            w.flush();
        } else {
            print(w, rows);
        }
        return Main.ExitCodes.OK;
    }

    private static String name(int c, List<String> classes) {
        return c >= 0 && c < classes.size() ? classes.get(c) : Integer.toString(c);
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** Left-aligned columns two spaces apart; the label column only when some input has a label. */
    private static void print(PrintWriter out, List<String[]> rows) {
        int cols = rows.get(0).length;
        boolean labels = rows.stream().skip(1).anyMatch(r -> !r[cols - 1].isEmpty());
        int shown = labels ? cols : cols - 1;
        int[] width = new int[shown];
        for (String[] r : rows) {
            for (int c = 0; c < shown; c++) width[c] = Math.max(width[c], r[c].length());
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < shown; c++) {
                sb.append(c + 1 < shown ? String.format(Locale.ROOT, "%-" + width[c] + "s  ", r[c]) : r[c]);
            }
            out.println(sb.toString().stripTrailing());
        }
        out.flush();
    }
}
