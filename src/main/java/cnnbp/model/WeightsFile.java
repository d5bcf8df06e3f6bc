package cnnbp.model;

import cnnbp.BadInputException;
import cnnbp.io.AtomicFiles;
import cnnbp.io.JsonFiles;
import cnnbp.layer.Layer;
import cnnbp.layer.Param;
import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@code cnnbp-weights/1} JSON file: every conv and dense layer's parameters, by 1-based
 * config index, each tensor as its PyTorch-layout shape and row-major data.
 * <pre>
 * {"format": "cnnbp-weights/1",
 *  "layers": [{"index": 1, "type": "conv", "W": {"shape": [8, 1, 3, 3], "data": [...]},
 *                                          "b": {"shape": [8], "data": [...]}}, ...]}
 * </pre>
 * A layer with buffers (batchnorm's running statistics, saved but not trained) also holds them under
 * "buffers", in the same form; a layer with buffers and no parameters (batchnorm without affine) has an
 * entry with "buffers" alone. A reader that knows no buffers skips the key.
 * <pre>
 *   {"index": 2, "type": "batchnorm", "gamma": {...}, "beta": {...},
 *    "buffers": {"running_mean": {"shape": [8], "data": [...]}, "running_var": {...}}}
 * </pre>
 * Other top-level keys (a checkpoint's class names, network and training state: {@code cnnbp.train.Checkpoint})
 * are kept by whoever writes them and ignored here.
 */
public final class WeightsFile {
    public static final String FORMAT = "cnnbp-weights/1";
    static final ObjectMapper JSON = new ObjectMapper();

    private WeightsFile() {}

    /** The file's JSON for the network's current parameters. */
    public static ObjectNode toJson(Network net) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode layers = root.putArray("layers");
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layer(i);
            if (!saved(l)) continue;
            ObjectNode entry = layers.addObject();
            entry.put("index", i + 1);
            entry.put("type", l.type());
            for (Param p : l.params()) put(entry.putObject(p.key), p.value);
            if (!l.buffers().isEmpty()) {
                ObjectNode buffers = entry.putObject("buffers");
                l.buffers().forEach((key, value) -> put(buffers.putObject(key), value));
            }
        }
        return root;
    }

    /** Whether the file holds layer {@code l}: it has parameters or buffers. */
    private static boolean saved(Layer l) {
        return !l.params().isEmpty() || !l.buffers().isEmpty();
    }

    private static void put(ObjectNode t, Tensor value) {
        ArrayNode shape = t.putArray("shape");
        for (int d : value.shape) shape.add(d);
        ArrayNode data = t.putArray("data");
        for (double v : value.data) data.add(v);
    }

    public static void write(Path file, Network net) throws IOException {
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(net)) + "\n");
    }

    /** Reads the file and sets every conv and dense layer's parameters from it. */
    public static void read(Path file, Network net) {
        set(readJson(file), file.toString(), net);
    }

    /** The parsed JSON of a weights (or checkpoint) file; a missing or malformed file is a {@link BadInputException}. */
    public static JsonNode readJson(Path file) {
        return JsonFiles.read(file, "weights");
    }

    /** Sets the network's parameters from a parsed weights (or checkpoint) JSON; {@code name} is for messages. */
    public static void set(JsonNode root, String name, Network net) {
        checkFormat(root, name);
        JsonNode layers = root.path("layers");
        if (!layers.isArray()) throw new BadInputException(name + ": \"layers\" must be a list");
        Set<Integer> seen = new HashSet<>();
        for (JsonNode entry : layers) {
            JsonNode at = entry.path("index");
            int index = at.isIntegralNumber() && at.canConvertToInt() ? at.asInt() : -1;
            if (index < 1 || index > net.layers().size()) {
                throw new BadInputException(name + ": layer index " + BadInputException.excerpt(at.toString())
                        + " is not a layer of the config (1.." + net.layers().size() + ")");
            }
            Layer l = net.layer(index - 1);
            String where = name + ": layer " + index + " " + l.type();
            if (!saved(l)) throw new BadInputException(where + " has no weights, but the file gives some");
            String type = entry.path("type").asText();
            if (!type.equals(l.type())) {
                throw new BadInputException(where + ": the file says this layer is '" + type + "'");
            }
            if (!seen.add(index)) throw new BadInputException(where + " appears twice");
            for (Param p : l.params()) setParam(entry.path(p.key), where + " " + p.key, p.value);
            for (var b : l.buffers().entrySet()) {
                setParam(entry.path("buffers").path(b.getKey()), where + " buffer " + b.getKey(), b.getValue());
            }
        }
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layer(i);
            if (saved(l) && !seen.contains(i + 1)) {
                throw new BadInputException(name + ": layer " + (i + 1) + " " + l.type() + " is missing");
            }
        }
    }

    /** Refuses JSON that is not a {@code cnnbp-weights/1} file; {@code name} is for the message. */
    public static void checkFormat(JsonNode root, String name) {
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new BadInputException(name + ": not a cnnbp weights file: expected \"format\": \"" + FORMAT + "\"");
        }
    }

    private static void setParam(JsonNode t, String where, Tensor value) {
        if (!t.isObject()) throw new BadInputException(where + " is missing");
        JsonNode shape = t.path("shape"), data = t.path("data");
        int[] s = new int[shape.size()];
        for (int i = 0; i < s.length; i++) s[i] = shape.get(i).isIntegralNumber() ? shape.get(i).asInt() : -1;
        if (!shape.isArray() || !java.util.Arrays.equals(s, value.shape)) {
            throw new BadInputException(where + ": shape " + BadInputException.excerpt(shape.toString()) + ", expected " + Shapes.toList(value.shape));
        }
        if (!data.isArray() || data.size() != value.size()) {
            throw new BadInputException(where + ": " + (data.isArray() ? data.size() : 0) + " values, expected "
                    + value.size() + " for shape " + Shapes.toList(value.shape));
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode v = data.get(i);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw new BadInputException(where + ": value " + i + " is " + BadInputException.excerpt(String.valueOf(v))
                        + ", expected a finite number");
            }
            value.data[i] = v.asDouble();
        }
    }
}
