package cnnbp.trace;

import cnnbp.BadInputException;
import cnnbp.config.LayerSpec;
import cnnbp.loss.LossKind;
import cnnbp.config.NetworkConfig;
import cnnbp.config.Pos;
import cnnbp.io.JsonFiles;
import cnnbp.kind.LayerKind;
import cnnbp.kind.LayerKinds;
import cnnbp.kind.Options;
import cnnbp.model.Network;
import cnnbp.build.NetworkBuilder;
import cnnbp.model.WeightsFile;
import cnnbp.tensor.Shapes;
import cnnbp.trace.Trace.Item;
import cnnbp.trace.Trace.Step;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code cnnbp-trace/1} JSON contract (documented in docs/formats.md and docs/batch-trace.md): every
 * number at full precision, one entry per config layer with its options. Of one example, shapes are
 * the example's. Of a batch of M &gt; 1, the top level gains {@code "batch": M} and {@code "losses"} (each
 * example's), {@code "label"} is the list of M labels, {@code "loss"} their mean, and input, target and
 * each layer's output, grad_output and mask have shapes starting with M; parameters and their grads keep
 * theirs. A layer's other extras ({@link cnnbp.kind.LayerKind#extras}: batchnorm's mu, var, xhat) are
 * under {@code "tensors"} by key, each as a parameter is (name, shape, data, and grad if the trace shows
 * one), with M first when there is one per example. {@link #read} turns a file back into the network and
 * the trace that wrote it.
 */
public final class TraceJson {
    public static final String FORMAT = "cnnbp-trace/1";
    /** A layer's mask, at its place since the format's start; its other extras are under {@link #TENSORS}. */
    private static final String MASK = "mask", TENSORS = "tensors";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How far a number of the file may be from the same number computed again: as the golden tests. */
    private static final double AGREE = 1e-9;

    private TraceJson() {}

    public static ObjectNode toJson(Trace t) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("source", t.source());
        root.put("loss_function", t.lossKind().key);
        if (t.batch() > 1) root.put("batch", t.batch());
        root.put("loss", t.loss());
        if (t.batch() > 1) {
            ArrayNode losses = root.putArray("losses");
            for (double v : t.losses()) losses.add(v);
            ArrayNode labels = root.putArray("label");
            for (double v : t.labels()) label(labels, v);
        } else if (t.label() == Math.rint(t.label())) {
            root.put("label", (long) t.label());
        } else {
            root.put("label", t.label());
        }
        if (t.randomKey() != null) {
            root.putObject("random_key").put("seed", t.randomKey().seed()).put("epoch", t.randomKey().epoch())
                    .put("batch", t.randomKey().batch());
        }
        root.set("input", tensor(t.x(), true));
        root.set("target", tensor(t.y(), true));
        ArrayNode layers = root.putArray("layers");
        for (Step s : t.layers()) {
            List<Ties.Tie> ties = Ties.of(s, Ties.input(t, s.index() - 1));
            ObjectNode l = layers.addObject();
            l.put("index", s.index());
            l.put("type", s.type());
            l.put("name", s.output().name());
            l.set("options", options(s.options()));
            l.set("output", tensor(s.output(), false));
            l.set("grad_output", tensor(s.gradOutput(), true));
            if (!s.params().isEmpty()) {
                ObjectNode params = l.putObject("params");
                for (Trace.ParamItem p : s.params()) params.set(p.key(), param(p.value(), p.grad()));
            }
            ObjectNode tensors = JSON.createObjectNode();
            for (Trace.Extra e : s.extras()) {
                if (e.key().equals(MASK)) l.set(MASK, tensor(e.value(), false));
                else tensors.set(e.key(), param(e.value(), e.grad()));
            }
            if (!tensors.isEmpty()) l.set(TENSORS, tensors);
            if (!ties.isEmpty()) {
                ArrayNode list = l.putArray("ties");
                for (Ties.Tie tie : ties) {
                    ObjectNode o = list.addObject();
                    o.put("channel", tie.channel());
                    o.putArray("window").add(tie.row()).add(tie.col());
                    ArrayNode maxima = o.putArray("maxima");
                    for (int[] m : tie.maxima()) maxima.addArray().add(m[0]).add(m[1]);
                }
                l.put("tie_rule", Ties.RULE);
            }
        }
        return root;
    }

    /** A label as the file writes it: a whole number without ".0". */
    private static void label(ArrayNode a, double v) {
        if (v == Math.rint(v)) a.add((long) v);
        else a.add(v);
    }

    public static String render(Trace t) {
        return write(toJson(t));
    }

    /**
     * The file with only the tensors named in {@code only} ({@code trace --only}): the layout of
     * {@link #toJson}, every layer entry kept with its index, type, name and options, but "input", "target",
     * "loss" (and "losses"), a layer's "output" (with its "mask" and "ties") and "grad_output", a parameter's
     * "data" and "grad" only when named. The top level gains {@code "only"}: the names, in the order given;
     * {@link #read} refuses such a file, for it cannot replay the network.
     */
    public static String render(Trace t, Set<String> only) {
        ObjectNode root = toJson(t);
        ArrayNode names = JSON.createArrayNode();
        only.forEach(names::add);
        root.set("only", names);
        if (!only.contains(t.x().name())) root.remove("input");
        if (!only.contains(t.y().name())) root.remove("target");
        if (!only.contains("L")) root.remove(List.of("loss", "losses"));
        for (Step s : t.layers()) {
            ObjectNode l = (ObjectNode) root.get("layers").get(s.index() - 1);
            if (!only.contains(s.output().name())) l.remove(List.of("output", "mask", "ties", "tie_rule"));
            if (!only.contains(s.gradOutput().name())) l.remove("grad_output");
            for (Trace.ParamItem p : s.params()) {
                ObjectNode o = (ObjectNode) l.get("params").get(p.key());
                if (!only.contains(p.value().name())) o.remove("data");
                if (!only.contains(p.grad().name())) o.remove("grad");
                if (!o.has("data") && !o.has("grad")) ((ObjectNode) l.get("params")).remove(p.key());
            }
            if (l.has("params") && l.get("params").isEmpty()) l.remove("params");
            for (Trace.Extra e : s.extras()) {  // an extra goes with its layer's output, its grad with the output's gradient
                ObjectNode o = l.has(TENSORS) ? (ObjectNode) l.get(TENSORS).get(e.key()) : null;
                if (o == null) continue;
                if (!only.contains(s.output().name())) o.remove("data");
                if (!only.contains(s.gradOutput().name())) o.remove("grad");
                if (!o.has("data") && !o.has("grad")) ((ObjectNode) l.get(TENSORS)).remove(e.key());
            }
            if (l.has(TENSORS) && l.get(TENSORS).isEmpty()) l.remove(TENSORS);
        }
        return write(root);
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode options(Map<String, Object> options) {
        ObjectNode o = JSON.createObjectNode();
        options.forEach((key, v) -> {
            if (v instanceof int[] pair) {
                ArrayNode a = o.putArray(key);
                for (int d : pair) a.add(d);
            } else if (v instanceof Integer i) {
                o.put(key, i);
            } else if (v instanceof Double d) {
                o.put(key, d);
            } else {
                o.set(key, JSON.valueToTree(v));
            }
        });
        return o;
    }

    private static ObjectNode tensor(Item it, boolean named) {
        ObjectNode o = JSON.createObjectNode();
        if (named) o.put("name", it.name());
        shape(o, it.shape());
        ArrayNode data = o.putArray("data");
        for (double v : it.data()) data.add(v);
        return o;
    }

    /** A parameter, or an extra tensor: name, shape, data and, unless {@code grad} is null, grad. */
    private static ObjectNode param(Item value, Item grad) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", value.name());
        shape(o, value.shape());
        ArrayNode data = o.putArray("data");
        for (double v : value.data()) data.add(v);
        if (grad == null) return o;
        ArrayNode g = o.putArray("grad");
        for (double v : grad.data()) g.add(v);
        return o;
    }

    private static void shape(ObjectNode o, int[] shape) {
        ArrayNode s = o.putArray("shape");
        for (int d : shape) s.add(d);
    }

    /** A trace file read back: the network it describes, with its weights, and its example run again. */
    public record Replay(Network net, Trace trace) {}

    /**
     * Reads a {@code cnnbp-trace/1} file: rebuilds the network from the input shape, each layer's type
     * and options and the parameters, runs the file's example through it again, and checks that every
     * number the file holds is what that gives (to 1e-9 relative), so that a file edited by hand
     * cannot disagree with itself. Keys the contract may add later are ignored.
     */
    public static Replay read(Path file) {
        return read(file, LayerKinds.builtIn());
    }

    /** As {@link #read(Path)}, for a network whose layers may be of the {@code kinds}. */
    public static Replay read(Path file, LayerKinds kinds) {
        JsonNode root = JsonFiles.read(file, "reference trace");
        String name = file.toString();
        if (!root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new BadInputException(name + ": not a cnnbp trace: expected \"format\": \"" + FORMAT
                    + "\", as cnnbp trace --format json writes");
        }
        if (root.has("only")) {
            throw new BadInputException(name + ": holds only " + root.get("only") + " (trace --only): the reference must be"
                    + " the whole trace, as cnnbp trace --format json writes it without --only");
        }
        String lossKey = root.path("loss_function").asText();
        LossKind loss = null;
        for (LossKind k : LossKind.values()) if (k.key.equals(lossKey)) loss = k;
        if (loss == null) throw new BadInputException(name + ": unknown loss_function " + root.path("loss_function"));
        JsonNode batch = root.path("batch");
        if (!batch.isMissingNode() && (!batch.isIntegralNumber() || batch.asInt() < 2)) {
            throw new BadInputException(name + ": \"batch\" must be an integer of 2 or more (a batch of M examples), got "
                    + batch);
        }
        int m = batch.isMissingNode() ? 1 : batch.asInt();
        JsonNode input = root.path("input");
        int[] shape = shape(input.path("shape"), name + ": input", m > 1 ? 4 : 3);
        if (m > 1 && (shape.length < 2 || shape[0] != m)) {
            throw new BadInputException(name + ": input: \"shape\" must start with the batch size " + m + ", got "
                    + input.path("shape"));
        }
        int[] inShape = m > 1 ? java.util.Arrays.copyOfRange(shape, 1, shape.length) : shape;
        double[] x = numbers(input.path("data"), Shapes.size(shape), name + ": input");
        double[] labels = labels(root.path("label"), m, name);

        JsonNode layers = root.path("layers");
        if (!layers.isArray() || layers.isEmpty()) throw new BadInputException(name + ": \"layers\" must be a non-empty list");
        List<LayerSpec> specs = new ArrayList<>();
        for (JsonNode l : layers) {
            int index = specs.size() + 1;
            if (l.path("index").asInt() != index) {
                throw new BadInputException(name + ": layers[" + (index - 1) + "] has index " + l.path("index")
                        + ", expected " + index);
            }
            specs.add(spec(file, index, l.path("type").asText(), l.path("options"), kinds));
        }
        Network net = NetworkBuilder.build(new NetworkConfig(file, inShape, specs, loss, NetworkConfig.DEFAULT_SEED,
                null, null, null, null, kinds));
        // the file's parameters; buffers (batchnorm's running statistics) as built, since the trace's training-mode forward does not read them
        ObjectNode weights = WeightsFile.toJson(net);
        for (JsonNode w : weights.path("layers")) {
            JsonNode params = layers.get(w.path("index").asInt() - 1).path("params");
            for (cnnbp.layer.Param p : net.layer(w.path("index").asInt() - 1).params()) ((ObjectNode) w).set(p.key, params.path(p.key));
        }
        WeightsFile.set(weights, name, net);
        for (double label : labels) {
            String problem = net.loss().checkLabel(label, net.outShape()[0]);
            if (problem != null) throw new BadInputException(name + ": " + problem + " for loss " + loss.key);
        }
        Trace t = Trace.of(net, x, labels, root.path("source").asText(name), randomKey(root.path("random_key"), name));
        ObjectNode ours = toJson(t);
        agree(name, "layers", ours.get("layers"), root.path("layers"));  // first, to name the earliest layer that differs
        agree(name, "", ours, root);
        return new Replay(net, t);
    }

    /**
     * "random_key": {"seed": S, "epoch": E, "batch": B}, what the trace's dropout masks were drawn from; null
     * when absent (a file from before it was written: the layers keep their keys).
     */
    private static Trace.RandomKey randomKey(JsonNode key, String name) {
        if (key.isMissingNode()) return null;
        JsonNode seed = key.path("seed"), epoch = key.path("epoch"), batch = key.path("batch");
        boolean ok = key.isObject() && seed.isIntegralNumber() && seed.canConvertToLong()
                && epoch.isIntegralNumber() && epoch.canConvertToInt() && epoch.asInt() >= 0
                && batch.isIntegralNumber() && batch.canConvertToInt() && batch.asInt() >= 0;
        if (!ok) {
            throw new BadInputException(name + ": \"random_key\" must be {\"seed\": S, \"epoch\": E, \"batch\": B}, whole"
                    + " numbers (E and B from 0), got " + BadInputException.excerpt(key.toString()));
        }
        return new Trace.RandomKey(seed.asLong(), epoch.asInt(), batch.asInt());
    }

    /** "label": a number, or with a batch of M a list of M numbers. */
    private static double[] labels(JsonNode label, int m, String name) {
        if (m == 1) {
            if (!label.isNumber()) throw new BadInputException(name + ": \"label\" must be a number, got " + label);
            return new double[] {label.asDouble()};
        }
        if (!label.isArray() || label.size() != m) {
            throw new BadInputException(name + ": \"label\" must be a list of " + m + " numbers (one per example), got "
                    + label);
        }
        double[] labels = new double[m];
        for (int i = 0; i < m; i++) {
            if (!label.get(i).isNumber()) {
                throw new BadInputException(name + ": \"label\"[" + i + "] must be a number, got " + label.get(i));
            }
            labels[i] = label.get(i).asDouble();
        }
        return labels;
    }

    /** The spec of a layer from its type and options, which are checked by its kind's schema. */
    private static LayerSpec spec(Path file, int index, String type, JsonNode o, LayerKinds kinds) {
        LayerKind kind = kinds.get(type);
        if (kind == null) {
            throw new BadInputException(file + ": layer " + index + ": unknown type \"" + type + "\""
                    + (kinds.plugins().isEmpty() ? "" : "; the kinds are " + String.join(", ", kinds.keys())));
        }
        String where = file + ": layer " + index + " " + type + ": ";
        if (!o.isObject()) {
            throw new BadInputException(where + "no \"options\"; write the file again with this version of cnnbp trace"
                    + " --format json");
        }
        Map<String, Object> given = JSON.convertValue(o, new TypeReference<LinkedHashMap<String, Object>>() {});
        given.keySet().removeIf(key -> kind.options().stream().noneMatch(opt -> opt.name().equals(key)));  // keys of a later cnnbp
        return new LayerSpec(index, Pos.of(file), kind, Options.of(kind, given, where));
    }

    private static int[] shape(JsonNode n, String where) {
        return shape(n, where, 3);
    }

    /** A shape of at most {@code dims} sizes: 3 for one example's (C, H, W), 4 with a batch's M first. */
    private static int[] shape(JsonNode n, String where, int dims) {
        if (!n.isArray() || n.isEmpty() || n.size() > dims) {
            throw new BadInputException(where + ": \"shape\" must be a list of 1 to " + dims + " sizes, got "
                    + BadInputException.excerpt(n.toString()));
        }
        int[] s = new int[n.size()];
        long size = 1;
        for (int i = 0; i < s.length; i++) {
            if (!n.get(i).isIntegralNumber() || !n.get(i).canConvertToInt() || n.get(i).asInt() < 1) {
                throw new BadInputException(where + ": \"shape\" must hold positive integers, got "
                        + BadInputException.excerpt(n.toString()));
            }
            s[i] = n.get(i).asInt();
            size *= s[i];
            if (size > Integer.MAX_VALUE - 8) {
                throw new BadInputException(where + ": \"shape\" " + n + " is more values than one tensor holds");
            }
        }
        return s;
    }

    private static double[] numbers(JsonNode n, int size, String where) {
        if (!n.isArray() || n.size() != size) {
            throw new BadInputException(where + ": \"data\" must be a list of " + size + " numbers, got "
                    + (n.isArray() ? n.size() + " values" : BadInputException.excerpt(n.toString())));
        }
        double[] d = new double[size];
        for (int i = 0; i < size; i++) {
            Double v = number(n.get(i));
            if (v == null) throw new BadInputException(where + ": \"data\"[" + i + "] is " + n.get(i) + ", not a number");
            d[i] = v;
        }
        return d;
    }

    /** A JSON number, or a NaN or infinity as the contract writes them ("NaN", "Infinity", "-Infinity"). */
    private static Double number(JsonNode v) {
        if (v.isNumber()) return v.asDouble();
        return switch (v.asText("")) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> null;
        };
    }

    /** Every value of {@code ours} must be in {@code theirs}: the same text, or a number within {@link #AGREE}. */
    private static void agree(String file, String at, JsonNode ours, JsonNode theirs) {
        if (ours.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = ours.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String key = at.isEmpty() ? f.getKey() : at + "." + f.getKey();
                if (!theirs.has(f.getKey()) && f.getKey().equals(TENSORS)) continue;  // a file of a cnnbp before them
                if (!theirs.has(f.getKey())) throw new BadInputException(file + ": \"" + key + "\" is missing");
                agree(file, key, f.getValue(), theirs.get(f.getKey()));
            }
        } else if (ours.isArray()) {
            if (!theirs.isArray() || theirs.size() != ours.size()) {
                throw new BadInputException(file + ": \"" + at + "\" must be a list of " + ours.size() + ", got " + theirs);
            }
            for (int i = 0; i < ours.size(); i++) agree(file, at + "[" + i + "]", ours.get(i), theirs.get(i));
        } else if (ours.isNumber()) {
            double a = ours.asDouble();
            Double b = number(theirs);
            boolean same = b != null && (a == b || Double.isNaN(a) && Double.isNaN(b)
                    || Math.abs(a - b) <= AGREE * Math.max(1, Math.abs(a)));
            if (!same) {
                throw new BadInputException(file + ": \"" + at + "\" is " + theirs + ", but the network the file describes"
                        + " gives " + a + " there; was the file edited? Write it again with cnnbp trace --format json");
            }
        } else if (!ours.asText().equals(theirs.asText())) {
            throw new BadInputException(file + ": \"" + at + "\" is " + theirs + ", expected " + ours);
        }
    }
}
