package cnnbp.trace;

import cnnbp.BadInputException;
import cnnbp.config.LayerSpec;
import cnnbp.config.LossKind;
import cnnbp.config.NetworkConfig;
import cnnbp.config.Pos;
import cnnbp.io.JsonFiles;
import cnnbp.kind.LayerKind;
import cnnbp.kind.LayerKinds;
import cnnbp.kind.Options;
import cnnbp.model.Network;
import cnnbp.model.NetworkBuilder;
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

/**
 * The {@code cnnbp-trace/1} JSON contract (documented in docs/formats.md): every number at full
 * precision, shapes of one example, one entry per config layer with its options. {@link #read}
 * turns a file back into the network and the trace that wrote it.
 */
public final class TraceJson {
    public static final String FORMAT = "cnnbp-trace/1";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How far a number of the file may be from the same number computed again: as the golden tests. */
    private static final double AGREE = 1e-9;

    private TraceJson() {}

    public static ObjectNode toJson(Trace t) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("source", t.source());
        root.put("loss_function", t.lossKind().key);
        root.put("loss", t.loss());
        if (t.label() == Math.rint(t.label())) root.put("label", (long) t.label());
        else root.put("label", t.label());
        root.set("input", tensor(t.x(), true));
        root.set("target", tensor(t.y(), true));
        ArrayNode layers = root.putArray("layers");
        for (Step s : t.layers()) {
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
            if (s.mask() != null) l.set("mask", tensor(s.mask(), false));
        }
        return root;
    }

    public static String render(Trace t) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(t)) + "\n";
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

    private static ObjectNode param(Item value, Item grad) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", value.name());
        shape(o, value.shape());
        ArrayNode data = o.putArray("data");
        for (double v : value.data()) data.add(v);
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
        String lossKey = root.path("loss_function").asText();
        LossKind loss = null;
        for (LossKind k : LossKind.values()) if (k.key.equals(lossKey)) loss = k;
        if (loss == null) throw new BadInputException(name + ": unknown loss_function " + root.path("loss_function"));
        JsonNode input = root.path("input");
        int[] inShape = shape(input.path("shape"), name + ": input");
        double[] x = numbers(input.path("data"), Shapes.size(inShape), name + ": input");
        JsonNode label = root.path("label");
        if (!label.isNumber()) throw new BadInputException(name + ": \"label\" must be a number, got " + label);

        JsonNode layers = root.path("layers");
        if (!layers.isArray() || layers.isEmpty()) throw new BadInputException(name + ": \"layers\" must be a non-empty list");
        List<LayerSpec> specs = new ArrayList<>();
        ObjectNode weights = JSON.createObjectNode().put("format", WeightsFile.FORMAT);
        ArrayNode weightLayers = weights.putArray("layers");
        for (JsonNode l : layers) {
            int index = specs.size() + 1;
            if (l.path("index").asInt() != index) {
                throw new BadInputException(name + ": layers[" + (index - 1) + "] has index " + l.path("index")
                        + ", expected " + index);
            }
            specs.add(spec(file, index, l.path("type").asText(), l.path("options"), kinds));
            if (l.path("params").isObject()) {
                weightLayers.addObject().put("index", index).put("type", l.path("type").asText())
                        .setAll((ObjectNode) l.path("params"));
            }
        }
        Network net = NetworkBuilder.build(new NetworkConfig(file, inShape, specs, loss, NetworkConfig.DEFAULT_SEED,
                null, null, null, kinds));
        WeightsFile.set(weights, name, net);
        String problem = net.loss().checkLabel(label.asDouble(), net.outShape()[0]);
        if (problem != null) throw new BadInputException(name + ": " + problem + " for loss " + loss.key);
        Trace t = Trace.of(net, x, label.asDouble(), root.path("source").asText(name));
        ObjectNode ours = toJson(t);
        agree(name, "layers", ours.get("layers"), root.path("layers"));  // first, to name the earliest layer that differs
        agree(name, "", ours, root);
        return new Replay(net, t);
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
        if (!n.isArray() || n.isEmpty() || n.size() > 3) {
            throw new BadInputException(where + ": \"shape\" must be a list of 1 to 3 sizes, got "
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
