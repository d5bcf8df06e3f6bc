package cnnbp.config;

import cnnbp.text.DidYouMean;
import cnnbp.BadInputException;
import cnnbp.kind.LayerKind;
import cnnbp.kind.LayerKinds;
import cnnbp.kind.Option;
import cnnbp.kind.Options;
import cnnbp.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The entries of a config's {@code layers:}: each names a kind of the registry ({@link LayerKinds})
 * and gives options, which are checked against the kind's schema ({@link Option}) here, with every
 * mistake at its file:line:column. Pairs are (h, w); an int n stands for [n, n].
 */
final class LayerEntries {
    private LayerEntries() {}

    /**
     * Parses the {@code index}-th (1-based) entry of {@code layers:}: a bare type name ({@code - relu}) or
     * a one-key mapping from the type name to its options ({@code - conv: {filters: 1, kernel: 2}}).
     */
    static LayerSpec parse(Path file, int index, Node entry, LayerKinds kinds) {
        Pos pos = Section.pos(file, entry);
        String where = "layer " + index + ": ";
        List<String> names = kinds.keys();
        Node nameNode;
        Node options = null;
        if (entry instanceof MappingNode map && map.getValue().size() == 1) {
            nameNode = map.getValue().get(0).getKeyNode();
            options = map.getValue().get(0).getValueNode();
        } else if (entry instanceof MappingNode map && map.getValue().size() > 1) {
            List<String> keys = new ArrayList<>();
            for (NodeTuple t : map.getValue()) {
                keys.add(t.getKeyNode() instanceof ScalarNode s ? s.getValue() : Section.describe(t.getKeyNode()));
            }
            throw Section.error(file, entry, where + "expected one key, the layer type, got " + keys.size()
                    + " keys: " + String.join(", ", keys) + "; put the options under the type, e.g. - "
                    + keys.get(0) + ": {...}");
        } else if (entry instanceof ScalarNode && !Section.isNull(entry)) {
            nameNode = entry;
        } else {
            throw Section.error(file, entry, where + "expected a layer type such as relu, or type: {options},"
                    + " got " + Section.describe(entry));
        }
        if (!(nameNode instanceof ScalarNode nameScalar) || !nameScalar.getTag().equals(Tag.STR)) {
            throw Section.error(file, nameNode, where + "expected a layer type, one of " + String.join(", ", names)
                    + ", got " + Section.describe(nameNode));
        }
        String name = nameScalar.getValue();
        LayerKind kind = kinds.get(name);
        if (kind == null) {
            throw Section.error(file, nameScalar, where + "unknown layer type '" + name + "'"
                    + DidYouMean.suggest(name, names) + "; expected one of " + String.join(", ", names));
        }
        return new LayerSpec(index, pos, kind, options(file, index, pos, kind, options));
    }

    private static Options options(Path file, int index, Pos pos, LayerKind kind, Node options) {
        String where = "layer " + index + " " + kind.key() + ": ";
        List<String> required = new ArrayList<>(), optional = new ArrayList<>();
        for (Option o : kind.options()) (o.required() ? required : optional).add(o.name());
        List<NodeTuple> entries;
        Pos optionsPos = pos;
        if (options == null || Section.isNull(options)) {
            if (!required.isEmpty()) {
                throw new BadInputException(pos + ": " + where + "got no options; expected a mapping with "
                        + keysText(required, optional));
            }
            entries = List.of();
        } else if (options instanceof MappingNode map) {
            if (required.isEmpty() && optional.isEmpty() && !map.getValue().isEmpty()) {
                Node firstKey = map.getValue().get(0).getKeyNode();
                throw Section.error(file, firstKey, where + "takes no options, got "
                        + (firstKey instanceof ScalarNode s ? "'" + s.getValue() + "'" : Section.describe(firstKey)));
            }
            entries = map.getValue();
            optionsPos = Section.pos(file, map);
        } else if (required.isEmpty() && optional.isEmpty()) {
            throw Section.error(file, options, where + "takes no options, got " + Section.describe(options));
        } else {
            throw Section.error(file, options, where + "options must be a mapping with "
                    + keysText(required, optional) + ", got " + Section.describe(options));
        }
        Section section = Section.of(file, where, optionsPos, entries, "option", required, optional);
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> places = new HashMap<>();
        for (Option o : kind.options()) {
            Node n = section.node(o.name());
            if (n == null) continue;
            values.put(o.name(), value(section, o, n));
            places.put(o.name(), Section.pos(file, n).toString());
        }
        return Options.of(kind, values, places, pos + ": " + where);
    }

    /** A PAIR option's word (conv's padding "same"). */
    private static String wordOf(Section s, Option o, ScalarNode n) {
        if (!o.choices().contains(n.getValue())) {
            throw s.error(n, "'" + o.name() + "' must be a " + (o.min() > 0 ? "positive" : "non-negative")
                    + " integer, [height, width] or " + String.join(", ", o.choices().stream().map(c -> "'" + c + "'").toList())
                    + ", got '" + n.getValue() + "'");
        }
        return n.getValue();
    }

    /** The value of option {@code o} at {@code n}, checked as its type says, as {@link Options} holds it. */
    private static Object value(Section s, Option o, Node n) {
        String key = o.name();
        return switch (o.type()) {
            case POSITIVE_INT -> inRange(s, o, n, s.positiveInt(key));
            case INT -> inRange(s, o, n, s.intAt(n, key, Integer.MIN_VALUE, "'" + key + "' must be an integer"));
            case PAIR -> n instanceof ScalarNode word && !o.choices().isEmpty() && !word.getValue().matches("[-+]?\\d+")
                    ? wordOf(s, o, word) : s.pair(key, o.min(), null);
            case NUMBER -> inRange(s, o, n, s.number(key, Double.NaN));
            case BOOL -> s.bool(key, false);
            case STRING -> s.string(key, null);
            case CHOICE -> {
                String v = s.string(key, null);
                if (!o.choices().contains(v)) {
                    throw s.error(n, "'" + key + "' must be one of " + String.join(", ", o.choices()) + ", got '" + v
                            + "'" + DidYouMean.suggest(v, o.choices()));
                }
                yield v;
            }
            case VALUES -> {
                Values v = s.values(key);
                yield new Tensor(v.shape(), v.data());
            }
            case MAP -> {
                if (!(n instanceof MappingNode)) {
                    throw s.error(n, "'" + key + "' must be a mapping, got " + Section.describe(n));
                }
                LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema()).build();
                yield new StandardConstructor(settings).constructSingleDocument(java.util.Optional.of(n));
            }
        };
    }

    private static <T extends Number> T inRange(Section s, Option o, Node n, T v) {
        if (!o.inRange(v.doubleValue())) {
            throw s.error(n, "'" + o.name() + "' must be " + o.rangeText() + ", got " + Section.describe(n));
        }
        return v;
    }

    private static String keysText(List<String> required, List<String> optional) {
        if (required.isEmpty()) {
            return "optional " + String.join(", ", optional);
        }
        String text = String.join(", ", required) + " (required)";
        return optional.isEmpty() ? text : text + " and " + String.join(", ", optional) + " (optional)";
    }
}
