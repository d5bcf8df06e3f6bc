package cnnbp.config;

import cnnbp.BadInputException;
import cnnbp.kind.LayerKind;
import cnnbp.kind.LayerKinds;
import cnnbp.kind.Options;
import cnnbp.loss.LossKind;
import cnnbp.tensor.Shapes;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network a weights file was trained as, kept under its {@code "architecture"} key so that the file
 * alone can be evaluated, predicted with and exported: the input shape, each layer's kind and the
 * options that determine it (a config's given weights left out: the file holds the weights), the loss,
 * what reading an input needs of the config's {@code data:} (not its paths), and the plugin jar of each
 * layer kind that comes from one.
 * <pre>
 * "architecture": {"input": [1, 28, 28],
 *   "layers": [{"type": "conv", "options": {"filters": 8, "kernel": [3, 3], "stride": [1, 1], "padding": [1, 1]}},
 *              {"type": "relu", "options": {}}, ...],
 *   "loss": "cross_entropy",
 *   "data": {"scale": 1.0, "resize": false, "on_bad_file": "error", "label_column": "y"},
 *   "plugins": {"hardswish": "layers.jar"}}
 * </pre>
 * {@code data} is there only when the config has a {@code data:} section ({@code label_column} only when
 * it names one), {@code plugins} only when a kind comes from a plugin.
 */
public final class Architecture {
    /** The weights file's top-level key. */
    public static final String KEY = "architecture";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Architecture() {}

    /** The architecture of {@code cfg}'s network, to put under {@link #KEY}. */
    public static ObjectNode toJson(NetworkConfig cfg) {
        ObjectNode a = JSON.createObjectNode();
        ArrayNode input = a.putArray("input");
        for (int d : cfg.input()) input.add(d);
        ArrayNode layers = a.putArray("layers");
        for (LayerSpec l : cfg.layers()) {
            ObjectNode entry = layers.addObject().put("type", l.type());
            ObjectNode options = entry.putObject("options");
            l.kind().traceOptions(l.options()).forEach((key, v) -> options.set(key, JSON.valueToTree(v)));
        }
        a.put("loss", cfg.loss().key);
        DataSpec d = cfg.data();
        if (d != null) {
            ObjectNode data = a.putObject("data");
            data.put("scale", d.scale());
            data.put("resize", d.resize());
            data.put("on_bad_file", d.skipBadFiles() ? "skip" : "error");
            if (d.labelColumn() != null) data.put("label_column", d.labelColumn());
        }
        ObjectNode plugins = JSON.createObjectNode();
        for (LayerSpec l : cfg.layers()) {
            Path jar = cfg.kinds().source(l.type());
            if (jar != null) plugins.put(l.type(), jar.toString());
        }
        if (!plugins.isEmpty()) a.set("plugins", plugins);
        return a;
    }

    /** Whether a weights file's JSON holds an architecture (files written before it was kept do not). */
    public static boolean in(JsonNode root) {
        return root.has(KEY);
    }

    /**
     * The network config the weights file's architecture describes, with layer kinds from {@code kinds};
     * {@code file} is the weights file's name, for messages and as {@link NetworkConfig#file}. It has no
     * example and no data paths; its training settings are the defaults but for the batch, the
     * checkpoint's. Anything that does not fit is a {@link BadInputException} naming the file and field.
     */
    public static NetworkConfig read(JsonNode root, Path file, LayerKinds kinds) {
        JsonNode a = root.path(KEY);
        String at = file + ": " + KEY;
        if (!a.isObject()) throw new BadInputException(at + " must be a mapping, got " + excerpt(a));
        int[] input = input(a.path("input"), at + ".input");
        JsonNode layers = a.path("layers");
        if (!layers.isArray() || layers.isEmpty()) {
            throw new BadInputException(at + ".layers must be a non-empty list of layers, got " + excerpt(layers));
        }
        List<LayerSpec> specs = new ArrayList<>();
        for (JsonNode l : layers) specs.add(layer(l, specs.size() + 1, file, at, a.path("plugins"), kinds));
        LossKind loss = null;
        for (LossKind k : LossKind.values()) if (k.key.equals(a.path("loss").asText(null))) loss = k;
        if (loss == null) {
            throw new BadInputException(at + ".loss must be one of " + String.join(", ",
                    Arrays.stream(LossKind.values()).map(k -> k.key).toList()) + ", got " + excerpt(a.path("loss")));
        }
        TrainSpec defaults = TrainSection.parse(null, NetworkConfig.DEFAULT_SEED);
        JsonNode batch = root.path("training").path("batch");
        TrainSpec train = batch.canConvertToInt() && batch.isIntegralNumber() && batch.asInt() >= 1
                ? new TrainSpec(batch.asInt(), defaults.epochs(), defaults.optimizer(), defaults.lrSchedule(), defaults.seed())
                : defaults;
        return new NetworkConfig(file, input, List.copyOf(specs), loss, NetworkConfig.DEFAULT_SEED, null, null,
                data(a.path("data"), at + ".data", file), train, kinds);
    }

    private static int[] input(JsonNode n, String at) {
        boolean ok = n.isArray() && (n.size() == 1 || n.size() == 3);
        int[] shape = new int[ok ? n.size() : 0];
        for (int i = 0; ok && i < shape.length; i++) {
            ok = n.get(i).isIntegralNumber() && n.get(i).canConvertToInt() && n.get(i).asInt() >= 1;
            shape[i] = n.get(i).asInt();
        }
        if (!ok) {
            throw new BadInputException(at + " must be a list of 1 or 3 positive integers, [channels, height, width]"
                    + " or [features], got " + excerpt(n));
        }
        return shape;
    }

    /** Layer {@code index} (1-based): its kind, which must be loaded, and its options, checked by the kind's schema. */
    private static LayerSpec layer(JsonNode l, int index, Path file, String at, JsonNode plugins, LayerKinds kinds) {
        String where = at + ".layers[" + (index - 1) + "]";
        if (!l.isObject() || !l.path("type").isTextual()) {
            throw new BadInputException(where + " must be a mapping with \"type\" and \"options\", got " + excerpt(l));
        }
        String type = l.path("type").asText();
        LayerKind kind = kinds.get(type);
        if (kind == null && plugins.path(type).isTextual()) {
            String jar = plugins.path(type).asText();
            throw new BadInputException(file + ": layer " + index + " is of kind '" + type + "' from the plugin " + jar
                    + ", which is not loaded; give it with --plugin " + jar);
        }
        if (kind == null) {
            throw new BadInputException(where + ".type: unknown layer type " + excerpt(l.path("type"))
                    + "; expected one of " + String.join(", ", kinds.keys()));
        }
        JsonNode o = l.path("options");
        if (!o.isMissingNode() && !o.isObject()) {
            throw new BadInputException(where + ".options must be a mapping, got " + excerpt(o));
        }
        Map<String, Object> given = o.isMissingNode() ? Map.of()
                : JSON.convertValue(o, new TypeReference<LinkedHashMap<String, Object>>() {});
        return new LayerSpec(index, Pos.of(file), kind, Options.of(kind, given, where + " " + type + ": "));
    }

    /** The config's data: without its paths (null when the file has none): what reading inputs needs. */
    private static DataSpec data(JsonNode d, String at, Path file) {
        if (d.isMissingNode()) return null;
        if (!d.isObject()) throw new BadInputException(at + " must be a mapping, got " + excerpt(d));
        JsonNode scale = d.path("scale"), resize = d.path("resize"), onBad = d.path("on_bad_file"),
                label = d.path("label_column");
        if (!scale.isMissingNode() && !(scale.isNumber() && scale.asDouble() > 0 && Double.isFinite(scale.asDouble()))) {
            throw new BadInputException(at + ".scale must be a positive number, got " + excerpt(scale));
        }
        if (!resize.isMissingNode() && !resize.isBoolean()) {
            throw new BadInputException(at + ".resize must be true or false, got " + excerpt(resize));
        }
        if (!onBad.isMissingNode() && !List.of("error", "skip").contains(onBad.asText(""))) {
            throw new BadInputException(at + ".on_bad_file must be \"error\" or \"skip\", got " + excerpt(onBad));
        }
        if (!label.isMissingNode() && !label.isTextual()) {
            throw new BadInputException(at + ".label_column must be a text, got " + excerpt(label));
        }
        return new DataSpec(null, null, scale.asDouble(1), label.isMissingNode() ? null : label.asText(),
                onBad.asText("error").equals("skip"), resize.asBoolean(false), Pos.of(file));
    }

    /**
     * Checks that {@code cfg} describes the network {@code trained} does (the weights file's architecture):
     * the same input, the same layers with the same options, the same loss. The first difference is a
     * {@link BadInputException}: "w.json: trained as another network than c.conf: layer 3 conv: filters 16 in
     * c.conf, 8 in w.json". The data settings may differ: the config's are used.
     */
    public static void check(NetworkConfig cfg, NetworkConfig trained) {
        String start = trained.file() + ": trained as another network than " + cfg.file() + ": ";
        String ours = " in " + cfg.file() + ", ", theirs = " in " + trained.file();
        if (!Arrays.equals(cfg.input(), trained.input())) {
            throw new BadInputException(start + "input " + shape(cfg.input()) + ours + shape(trained.input()) + theirs);
        }
        int n = Math.min(cfg.layers().size(), trained.layers().size());
        for (int i = 0; i < n; i++) {
            LayerSpec a = cfg.layers().get(i), b = trained.layers().get(i);
            String layer = start + "layer " + (i + 1) + " ";
            if (!a.type().equals(b.type())) {
                throw new BadInputException(layer + "is " + a.type() + ours + b.type() + theirs);
            }
            Map<String, Object> x = a.kind().traceOptions(a.options()), y = b.kind().traceOptions(b.options());
            for (String key : union(x, y)) {
                String u = text(x.get(key)), v = text(y.get(key));
                if (!u.equals(v)) throw new BadInputException(layer + a.type() + ": " + key + " " + u + ours + v + theirs);
            }
        }
        if (cfg.layers().size() != trained.layers().size()) {
            throw new BadInputException(start + cfg.layers().size() + " layers" + ours + trained.layers().size()
                    + " layers" + theirs);
        }
        if (cfg.loss() != trained.loss()) {
            throw new BadInputException(start + "loss " + cfg.loss().key + ours + trained.loss().key + theirs);
        }
    }

    private static List<String> union(Map<String, Object> x, Map<String, Object> y) {
        List<String> keys = new ArrayList<>(x.keySet());
        y.keySet().stream().filter(k -> !x.containsKey(k)).forEach(keys::add);
        return keys;
    }

    /** An option's value as a config writes it: 3x3, 0.25, true; "none" when absent. */
    private static String text(Object v) {
        return v == null ? "none" : LayerKind.text(v);
    }

    private static String shape(int[] s) {
        return Shapes.toString(s);
    }

    private static String excerpt(JsonNode n) {
        return n.isMissingNode() ? "nothing" : BadInputException.excerpt(n.toString());
    }
}
