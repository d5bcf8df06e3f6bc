package cnnbp.train;

import cnnbp.BadInputException;
import cnnbp.config.Architecture;
import cnnbp.config.LayerSpec;
import cnnbp.config.LrScheduleSpec;
import cnnbp.config.NetworkConfig;
import cnnbp.config.OptimizerSpec;
import cnnbp.config.TrainSpec;
import cnnbp.io.AtomicFiles;
import cnnbp.kind.LayerKind;
import cnnbp.layer.Layer;
import cnnbp.layer.Param;
import cnnbp.model.Network;
import cnnbp.model.WeightsFile;
import cnnbp.optim.Optimizer;
import cnnbp.tensor.Shapes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A training checkpoint: a {@code cnnbp-weights/1} file (so evaluate, predict and trace read it as
 * weights) with three more top-level keys, {@code classes} (the training set's class names, label
 * order), {@code architecture} (the network, so that the file alone can be evaluated and predicted
 * with: {@link Architecture}) and {@code training}, everything an exact resume needs:
 * <pre>
 * "training": {"format": "cnnbp-training/1", "config": "configs/fashion.conf",
 *   "network_sha256": "…", "network": ["input 1x28x28", "layer 1 conv: filters 8, kernel 3x3, …", …],
 *   "plugins": {"hardswish": "layers.jar"},   (only when a layer's kind comes from a plugin jar)
 *   "seed": 1, "batch": 32, "train_examples": 6000,
 *   "optimizer": "adam", "lr": 0.001, "betas": [0.9, 0.999], "eps": 1.0E-8, "weight_decay": 0.0, "amsgrad": false,
 *   "lr_schedule": {"type": "cosine", "T_max": 10, "eta_min": 0.0},
 *   "epochs_done": 2, "examples_done": 0, "epoch_sums": {"loss": 0.0, "correct": 0, "seconds": 0.0},
 *   "optimizer_steps": 376,
 *   "optimizer_state": {"exp_avg": [{"index": 1, "W": [...], "b": [...]}, …], "exp_avg_sq": [...]},
 *   "history": [{"epoch": 1, "loss": …, "accuracy": …, "test_loss": …, "test_accuracy": …,
 *                "seconds": …, "lr": 0.05, "examples": 6000}, …]}
 * </pre>
 * The shuffle of epoch e is a function of (seed, e) alone, so the seed and {@code epochs_done}
 * stand for the generator's state; {@code examples_done} and {@code epoch_sums} place a stop in
 * mid-epoch. The optimizer's settings are written flat under their config keys; its state is its
 * step count and its tensors under PyTorch's names ({@link Optimizer#state}), one entry per layer
 * with parameters. The schedule's position is {@code epochs_done}: the lr of the next epoch is the
 * schedule's recursion replayed that far ({@link cnnbp.optim.LrSchedule#lr}), the same double an
 * uninterrupted run computes. A checkpoint written before there was a choice of optimizer (SGD's
 * {@code momentum_buffers}, no {@code optimizer}) still resumes. {@code network} describes what fixes the parameters' meaning: the input shape, each
 * layer's type and options (not the initial weights a config may give) and the loss; its SHA-256
 * is the config hash. A checkpoint of another network, or of other classes, cannot be resumed;
 * changed training settings (lr, momentum, weight decay, batch, seed, the number of examples)
 * can, with a notice, since the run then differs from an uninterrupted one; another optimizer
 * starts with a fresh state.
 */
public final class Checkpoint {
    public static final String FORMAT = "cnnbp-training/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {}

    /** Writes the trainer's state as it is now, atomically (a temporary file renamed over {@code file}). */
    public static void write(Path file, Trainer t, NetworkConfig cfg) throws IOException {
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(t, cfg)) + "\n");
    }

    static ObjectNode toJson(Trainer t, NetworkConfig cfg) {
        ObjectNode root = WeightsFile.toJson(t.network());
        if (!t.trainSet().classes().isEmpty()) {
            ArrayNode classes = root.putArray("classes");
            t.trainSet().classes().forEach(classes::add);
        }
        root.set(Architecture.KEY, Architecture.toJson(cfg));
        ObjectNode tr = root.putObject("training");
        tr.put("format", FORMAT);
        tr.put("config", String.valueOf(cfg.file()));
        List<String> network = describe(cfg);
        tr.put("network_sha256", sha256(network));
        network.forEach(tr.putArray("network")::add);
        ObjectNode plugins = JSON.createObjectNode();
        for (LayerSpec l : cfg.layers()) {
            Path jar = cfg.kinds().source(l.type());
            if (jar != null) plugins.put(l.type(), jar.toString());
        }
        if (!plugins.isEmpty()) tr.set("plugins", plugins);
        TrainSpec s = t.spec();
        tr.put("seed", s.seed());
        tr.put("batch", s.batch());
        tr.put("train_examples", t.trainSet().size());
        tr.put("optimizer", s.optimizer().type());
        s.optimizer().settings().forEach((key, value) -> put(tr, key, value));
        ObjectNode schedule = tr.putObject("lr_schedule");
        s.lrSchedule().settings().forEach((key, value) -> put(schedule, key, value));
        tr.put("epochs_done", t.epoch);
        tr.put("examples_done", t.position);
        ObjectNode sums = tr.putObject("epoch_sums");
        sums.put("loss", t.lossSum);
        sums.put("correct", t.correct);
        sums.put("seconds", t.seconds);
        tr.put("optimizer_steps", t.optimizer().steps());
        ObjectNode state = tr.putObject("optimizer_state");
        t.optimizer().state().forEach((key, tensors) -> perLayer(state.putArray(key), tensors, t.network()));
        ArrayNode history = tr.putArray("history");
        for (EpochMetrics m : t.history) {
            ObjectNode h = history.addObject();
            h.put("epoch", m.epoch());
            putNumber(h, "loss", m.loss());
            putNumber(h, "accuracy", m.accuracy());
            putNumber(h, "test_loss", m.testLoss());
            putNumber(h, "test_accuracy", m.testAccuracy());
            h.put("seconds", m.seconds());
            h.put("lr", m.lr());
            h.put("examples", m.examples());
        }
        return root;
    }

    /** A setting of {@link cnnbp.config.OptimizerSpec#settings} or {@link cnnbp.config.LrScheduleSpec#settings}. */
    private static void put(ObjectNode o, String key, Object value) {
        if (value instanceof Double v) o.put(key, v);
        else if (value instanceof Integer v) o.put(key, v);
        else if (value instanceof Boolean v) o.put(key, v);
        else if (value instanceof String v) o.put(key, v);
        else if (value instanceof List<?> list) list.forEach(v -> o.withArray(key).add((Double) v));
        else throw new IllegalArgumentException(key + ": " + value);
    }

    /** One tensor per parameter, as entries {"index": layer, "W": [...], "b": [...]} per layer with parameters. */
    private static void perLayer(ArrayNode out, double[][] tensors, Network net) {
        int pi = 0;
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layer(i);
            if (l.params().isEmpty()) continue;
            ObjectNode entry = out.addObject();
            entry.put("index", i + 1);
            for (Param p : l.params()) {
                ArrayNode data = entry.putArray(p.key);
                for (double v : tensors[pi++]) data.add(v);
            }
        }
    }

    /** JSON has no NaN: what was not measured is null. */
    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) o.putNull(key);
        else o.put(key, v);
    }

    /**
     * Restores the trainer (weights, optimizer state, epoch, position, history) from a checkpoint
     * made for the same network and classes, and returns a notice for each training setting that
     * differs from the checkpoint's. Anything that does not fit is a {@link BadInputException}.
     */
    static List<String> resume(Path file, Trainer t, NetworkConfig cfg) {
        return restore(read(file, cfg), file.toString(), t, cfg);
    }

    /**
     * Reads a checkpoint and checks what needs no data: that it is one, and of this config's
     * network. {@link #restore} does the rest once the data is loaded.
     */
    public static JsonNode read(Path file, NetworkConfig cfg) {
        String name = file.toString();
        JsonNode root = WeightsFile.readJson(file);
        if (!root.isObject() || !WeightsFile.FORMAT.equals(root.path("format").asText())) {
            throw new BadInputException(name + ": not a cnnbp checkpoint: expected \"format\": \"" + WeightsFile.FORMAT + "\"");
        }
        JsonNode tr = root.path("training");
        if (!tr.isObject()) {
            throw new BadInputException(name + ": weights without the training state to resume from"
                    + " (to start training from these weights, give them with --weights instead)");
        }
        if (!FORMAT.equals(tr.path("format").asText())) {
            throw new BadInputException(name + ": training state format " + tr.path("format")
                    + ", expected \"" + FORMAT + "\"");
        }
        for (var it = tr.path("plugins").fields(); it.hasNext(); ) {
            var kind = it.next();
            if (cfg.kinds().get(kind.getKey()) == null) {
                throw new BadInputException(name + ": layer kind '" + kind.getKey() + "' comes from the plugin "
                        + kind.getValue().asText() + ", which is not loaded; give it with --plugin "
                        + kind.getValue().asText());
            }
        }
        checkNetwork(name, tr, cfg);
        return root;
    }

    /** Restores the trainer from a checkpoint {@link #read} returned; {@code name} is the file's, for messages. */
    public static List<String> restore(JsonNode root, String name, Trainer t, NetworkConfig cfg) {
        JsonNode tr = root.path("training");
        List<String> classes = new ArrayList<>();
        root.path("classes").forEach(c -> classes.add(c.asText()));
        if (!classes.equals(t.trainSet().classes())) {
            throw new BadInputException(name + ": trained on the classes " + classes + ", but the training data has "
                    + t.trainSet().classes());
        }
        WeightsFile.set(root, name, t.network());

        int n = t.trainSet().size();
        String where = name + ": training";
        t.epoch = (int) whole(tr, "epochs_done", where, 0, Integer.MAX_VALUE);
        t.position = (int) whole(tr, "examples_done", where, 0, n - 1);
        JsonNode sums = tr.path("epoch_sums");
        t.lossSum = number(sums, "loss", where + ".epoch_sums");
        t.correct = (int) whole(sums, "correct", where + ".epoch_sums", 0, t.position);
        t.seconds = number(sums, "seconds", where + ".epoch_sums");
        restoreOptimizer(tr, name, t);
        t.history.clear();
        if (!tr.path("history").isArray()) {
            throw new BadInputException(where + ".history is " + BadInputException.excerpt(tr.path("history").toString())
                    + ", expected a list of epochs");
        }
        for (int i = 0; i < tr.path("history").size(); i++) {
            JsonNode h = tr.path("history").get(i);
            String at = where + ".history[" + i + "]";
            t.history.add(new EpochMetrics((int) whole(h, "epoch", at, 1, Integer.MAX_VALUE),
                    nullable(h, "loss", at), nullable(h, "accuracy", at), nullable(h, "test_loss", at),
                    nullable(h, "test_accuracy", at), number(h, "seconds", at), number(h, "lr", at),
                    (int) whole(h, "examples", at, 1, Integer.MAX_VALUE)));
        }
        return notices(where, tr, t.spec(), n);
    }

    private static void checkNetwork(String name, JsonNode tr, NetworkConfig cfg) {
        List<String> ours = describe(cfg);
        if (sha256(ours).equals(tr.path("network_sha256").asText())) return;
        List<String> theirs = new ArrayList<>();
        tr.path("network").forEach(l -> theirs.add(l.asText()));
        for (int i = 0; i < Math.max(ours.size(), theirs.size()); i++) {
            String a = i < theirs.size() ? theirs.get(i) : "nothing more";
            String b = i < ours.size() ? ours.get(i) : "nothing more";
            if (!a.equals(b)) {
                throw new BadInputException(name + ": a checkpoint of another network: it has '" + a + "' where "
                        + cfg.file() + " has '" + b + "'");
            }
        }
        throw new BadInputException(name + ": training.network_sha256 does not match its network description"
                + " (the file was edited?)");
    }

    /**
     * The optimizer's step count and state tensors, when the checkpoint's optimizer is the one the
     * config names (another starts afresh, with a notice). A checkpoint from before the choice of
     * optimizer is SGD's, its step count the batches done.
     */
    private static void restoreOptimizer(JsonNode tr, String name, Trainer t) {
        String where = name + ": training";
        boolean legacy = !tr.has("optimizer");
        if (!t.spec().optimizer().type().equals(legacy ? "sgd" : tr.path("optimizer").asText())) return;
        long steps;
        Map<String, double[][]> state = new LinkedHashMap<>();
        if (legacy) {
            long batch = whole(tr, "batch", where, 1, Integer.MAX_VALUE);
            long perEpoch = (whole(tr, "train_examples", where, 1, Integer.MAX_VALUE) + batch - 1) / batch;
            steps = t.epoch * perEpoch + (t.position + batch - 1) / batch;
            if (tr.has("momentum_buffers")) {
                state.put("momentum_buffer", perParam(tr.path("momentum_buffers"), where + ".momentum_buffers", t.network()));
            }
        } else {
            steps = whole(tr, "optimizer_steps", where, 0, Long.MAX_VALUE);
            JsonNode saved = tr.path("optimizer_state");
            if (!saved.isObject()) {
                throw new BadInputException(where + ".optimizer_state is " + (saved.isMissingNode() ? "missing"
                        : saved.toString()) + ", expected the optimizer's state tensors by name");
            }
            saved.fieldNames().forEachRemaining(key ->
                    state.put(key, perParam(saved.path(key), where + ".optimizer_state." + key, t.network())));
        }
        try {
            t.optimizer().restore(steps, state);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": the " + t.spec().optimizer().type() + " state does not fit: "
                    + e.getMessage());
        }
    }

    private static double[][] perParam(JsonNode buffers, String at, Network net) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layer(i);
            if (l.params().isEmpty()) continue;
            JsonNode entry = null;
            for (JsonNode e : buffers) {
                if (e.path("index").asInt() == i + 1) entry = e;
            }
            for (Param p : l.params()) {
                String where = at + ": layer " + (i + 1) + " " + l.type() + " " + p.key;
                JsonNode data = entry == null ? null : entry.path(p.key);
                if (data == null || !data.isArray() || data.size() != p.value.size()) {
                    throw new BadInputException(where + ": expected " + p.value.size() + " numbers for shape "
                            + Shapes.toList(p.value.shape));
                }
                double[] v = new double[data.size()];
                for (int j = 0; j < v.length; j++) {
                    if (!data.get(j).isNumber()) throw new BadInputException(where + ": value " + j + " is not a number");
                    v[j] = data.get(j).asDouble();
                }
                out.add(v);
            }
        }
        return out.toArray(double[][]::new);
    }

    private static List<String> notices(String where, JsonNode tr, TrainSpec s, int examples) {
        List<String> notes = new ArrayList<>();
        String type = tr.has("optimizer") ? tr.path("optimizer").asText() : "sgd";
        if (!type.equals(s.optimizer().type())) {
            notes.add("optimizer is " + s.optimizer().type() + " now, " + type + " in the checkpoint: its state starts anew");
        }
        s.optimizer().settings().forEach((key, value) -> {
            if (!tr.has(key)) return;
            if (value instanceof Number) number(tr, key, where);  // a number it must be, not "0.05"
            if (!text(tr.path(key)).equals(OptimizerSpec.text(value))) {
                notes.add(key + " is " + OptimizerSpec.text(value) + " now, " + text(tr.path(key)) + " in the checkpoint");
            }
        });
        String schedule = describe(tr.path("lr_schedule"));
        if (tr.has("lr_schedule") && !schedule.equals(s.lrSchedule().describe())) {
            notes.add("lr_schedule is " + s.lrSchedule().describe() + " now, " + schedule + " in the checkpoint");
        }
        note(notes, "batch", whole(tr, "batch", where, 1, Integer.MAX_VALUE), s.batch());
        note(notes, "seed", whole(tr, "seed", where, Long.MIN_VALUE, Long.MAX_VALUE), s.seed());
        note(notes, "training examples", whole(tr, "train_examples", where, 1, Integer.MAX_VALUE), examples);
        if (!notes.isEmpty()) {
            notes.add("resuming " + where.substring(0, where.length() - ": training".length()) + " with these changes: the run will not match an uninterrupted one");
        }
        return notes;
    }

    /** A setting as the config writes it (0.05, [0.9, 0.999], true), for notices. */
    private static String text(JsonNode v) {
        if (v.isNumber()) return number(v.asDouble());
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(item -> items.add(text(item)));
            return "[" + String.join(", ", items) + "]";
        }
        return v.asText();
    }

    /** A saved lr_schedule as {@link LrScheduleSpec#describe} writes one. */
    private static String describe(JsonNode schedule) {
        List<String> parts = new ArrayList<>();
        schedule.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("type")) parts.add(e.getKey() + " " + text(e.getValue()));
        });
        String type = schedule.path("type").asText();
        return parts.isEmpty() ? type : type + ": " + String.join(", ", parts);
    }

    private static void note(List<String> notes, String key, double was, double now) {
        if (was != now) notes.add(key + " is " + number(now) + " now, " + number(was) + " in the checkpoint");
    }

    /** 0.05 as "0.05", 10 as "10": the shortest form that reads back. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static long whole(JsonNode o, String key, String where, long min, long max) {
        JsonNode v = o.path(key);
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw new BadInputException(where + "." + key + " is "
                    + (v.isMissingNode() ? "missing" : BadInputException.excerpt(v.toString())) + ", expected a whole number in " + min + ".." + max);
        }
        return v.asLong();
    }

    private static double number(JsonNode o, String key, String where) {
        JsonNode v = o.path(key);
        if (!v.isNumber()) {
            throw new BadInputException(where + "." + key + " is " + (v.isMissingNode() ? "missing"
                    : BadInputException.excerpt(v.toString())) + ", expected a number");
        }
        return v.asDouble();
    }

    private static double nullable(JsonNode o, String key, String where) {
        return o.path(key).isNull() ? Double.NaN : number(o, key, where);
    }

    /**
     * What a checkpoint must match to be resumed: the input shape, each layer's type and options
     * (not the initial weights a config may give), and the loss, one line each.
     */
    static List<String> describe(NetworkConfig cfg) {
        List<String> lines = new ArrayList<>();
        lines.add("input " + Shapes.toString(cfg.input()));
        for (LayerSpec s : cfg.layers()) lines.add("layer " + s.index() + " " + describe(s));
        lines.add("loss " + cfg.loss().key);
        return lines;
    }

    /** "conv: filters 8, kernel 3x3, stride 1x1, padding 0x0": the kind and its trace options. */
    private static String describe(LayerSpec spec) {
        Map<String, Object> options = spec.kind().traceOptions(spec.options());
        if (options.isEmpty()) return spec.type();
        return spec.type() + ": " + options.entrySet().stream().map(e -> e.getKey() + " " + LayerKind.text(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    static String sha256(List<String> lines) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
