package cnnbp.config;

import cnnbp.text.DidYouMean;
import cnnbp.BadInputException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.constructor.core.ConstructYamlCoreFloat;
import org.snakeyaml.engine.v2.constructor.core.ConstructYamlCoreInt;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One YAML mapping of a config, its keys checked against the keys it may have: no duplicates, no unknown
 * keys, every required key present. The getters turn values into Java values; every mistake becomes a
 * {@link BadInputException} that starts with the value's {@code file:line:column}, then {@code where}
 * (e.g. {@code "layer 1 conv: "}), then what was expected and what was found.
 *
 * <p>Scalars are typed by the YAML 1.2 core schema, and that tag alone decides: an integer field takes
 * only integer scalars ({@code 2}, {@code 0x10}), not {@code 2.0} and not {@code "2"}. Sizes and counts
 * written as floats are more often a slip (a value pasted from a weights list) than intent, and accepting
 * {@code 2.0} but not {@code 2.5} would make the rule harder to state. Number fields take ints and floats.
 */
final class Section {
    /** Deepest nesting of a numbers list; also stops a self-referencing YAML alias. */
    static final int MAX_NESTING = 16;

    private static final ConstructNode INT = new ConstructYamlCoreInt();
    private static final ConstructNode FLOAT = new ConstructYamlCoreFloat();

    private final Path file;
    private final String where;
    private final Pos pos;
    private final List<String> known;
    private final Map<String, Node> values;

    private Section(Path file, String where, Pos pos, List<String> known, Map<String, Node> values) {
        this.file = file;
        this.where = where;
        this.pos = pos;
        this.known = known;
        this.values = values;
    }

    /**
     * Checks the entries of a mapping that starts at {@code pos}. {@code noun} names a key in messages
     * ("top-level key", "option", "key"); {@code required} and {@code optional} are all the keys it may have.
     */
    static Section of(Path file, String where, Pos pos, List<NodeTuple> entries, String noun,
                      List<String> required, List<String> optional) {
        List<String> known = new ArrayList<>(required);
        known.addAll(optional);
        Map<String, Node> values = new LinkedHashMap<>();
        Map<String, Node> keyNodes = new HashMap<>();
        for (NodeTuple entry : entries) {
            Node keyNode = entry.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar)) {
                throw error(file, keyNode, where + "expected a " + noun + " name, got " + describe(keyNode));
            }
            String key = scalar.getValue();
            Node first = keyNodes.get(key);
            if (first != null) {
                Pos firstPos = pos(file, first);
                throw error(file, keyNode, where + "duplicate " + noun + " '" + key + "' (first at line "
                        + firstPos.line() + ", column " + firstPos.column() + ")");
            }
            if (!known.contains(key)) {
                throw error(file, keyNode, where + "unknown " + noun + " '" + key + "'"
                        + DidYouMean.suggest(key, known) + "; expected one of " + String.join(", ", known));
            }
            keyNodes.put(key, keyNode);
            values.put(key, entry.getValueNode());
        }
        for (String key : required) {
            if (!values.containsKey(key)) {
                throw new BadInputException(pos + ": " + where + "missing required " + noun + " '" + key + "'");
            }
        }
        return new Section(file, where, pos, List.copyOf(known), values);
    }

    Path file() {
        return file;
    }

    /** Where the mapping starts. */
    Pos pos() {
        return pos;
    }

    /** The value under {@code key}, or null when the mapping does not have it. */
    Node node(String key) {
        if (!known.contains(key)) {
            throw new IllegalArgumentException("'" + key + "' is not one of this section's keys " + known);
        }
        return values.get(key);
    }

    /** An error at {@code at}: {@code file:line:column: where message}. */
    BadInputException error(Node at, String message) {
        return error(file, at, where + message);
    }

    /** A required integer ≥ 1. */
    int positiveInt(String key) {
        return intAt(required(key), key, 1, "'" + key + "' must be a positive integer");
    }

    /**
     * An int or a 2-list [height, width], each ≥ {@code min} (0 or 1), as int[2] {h, w}; {@code absent}
     * when the key is not given.
     */
    int[] pair(String key, int min, int[] absent) {
        Node n = node(key);
        if (n == null) {
            return absent;
        }
        String mustBe = "'" + key + "' must be a " + (min > 0 ? "positive" : "non-negative")
                + " integer or [height, width]";
        if (n instanceof SequenceNode list && list.getValue().size() == 2) {
            return new int[] {intAt(list.getValue().get(0), key, min, mustBe),
                    intAt(list.getValue().get(1), key, min, mustBe)};
        }
        if (n instanceof ScalarNode) {
            int v = intAt(n, key, min, mustBe);
            return new int[] {v, v};
        }
        throw error(n, mustBe + ", got " + describe(n));
    }

    /** Any integer that fits a long, or {@code absent}. */
    long integer(String key, long absent) {
        Node n = node(key);
        if (n == null) {
            return absent;
        }
        Number v = integerValue(n);
        if (v == null || v instanceof BigInteger) {
            throw error(n, "'" + key + "' must be an integer" + (v == null ? "" : " that fits in 64 bits")
                    + ", got " + describe(n));
        }
        return v.longValue();
    }

    /** A finite number, int or float, or {@code absent}. */
    double number(String key, double absent) {
        Node n = node(key);
        if (n == null) {
            return absent;
        }
        Double v = numberValue(n);
        if (v == null) {
            throw error(n, "'" + key + "' must be a number, got " + describe(n));
        }
        if (!Double.isFinite(v)) {
            throw error(n, "'" + key + "' must be a finite number, got " + describe(n));
        }
        return v;
    }

    /** A string scalar (not a number or boolean), or {@code absent}. */
    String string(String key, String absent) {
        Node n = node(key);
        if (n == null) {
            return absent;
        }
        if (!(n instanceof ScalarNode s) || isNull(n) || s.getValue().isEmpty()) {
            throw error(n, "'" + key + "' must be a text value, got " + describe(n));
        }
        return s.getValue();
    }

    /** true or false, or {@code absent}. */
    boolean bool(String key, boolean absent) {
        Node n = node(key);
        if (n == null) {
            return absent;
        }
        if (!(n instanceof ScalarNode s) || !s.getTag().equals(Tag.BOOL)) {
            throw error(n, "'" + key + "' must be true or false, got " + describe(n));
        }
        return Boolean.parseBoolean(s.getValue().toLowerCase(java.util.Locale.ROOT));
    }

    /** A positive finite number, written as a number (0.5) or a fraction (1/255), or {@code absent}. */
    double fraction(String key, double absent) {
        Node n = node(key);
        if (n == null) {
            return absent;
        }
        Double v = numberValue(n);
        if (v == null && n instanceof ScalarNode s && s.getTag().equals(Tag.STR)) {
            String[] parts = s.getValue().split("/", -1);
            if (parts.length == 2) {
                try {
                    v = Double.parseDouble(parts[0].strip()) / Double.parseDouble(parts[1].strip());
                } catch (NumberFormatException e) {
                    v = null;
                }
            }
        }
        if (v == null || !Double.isFinite(v) || v <= 0) {
            throw error(n, "'" + key + "' must be a positive number or a fraction such as 1/255, got " + describe(n));
        }
        return v;
    }

    /** A (nested) list of finite numbers, or null when the key is not given. */
    Values values(String key) {
        Node n = node(key);
        return n == null ? null : valuesAt(n, key);
    }

    /** An int ≥ {@code min} at {@code n}; otherwise the error {@code mustBe + ", got " + what was found}. */
    int intAt(Node n, String key, int min, String mustBe) {
        Number v = integerValue(n);
        if (v == null || v instanceof BigInteger || v.longValue() < min || v.longValue() > Integer.MAX_VALUE) {
            String tooLarge = v != null && v.doubleValue() > Integer.MAX_VALUE ? " (too large)" : "";
            throw error(n, mustBe + ", got " + describe(n) + tooLarge);
        }
        return v.intValue();
    }

    /** Numbers as a list, nested for more dimensions: the nesting is the shape, the data row-major. */
    Values valuesAt(Node n, String key) {
        return valuesAt(n, key, false);
    }

    /**
     * As {@link #valuesAt(Node, String)}; with {@code answers}, what a student wrote: null stands for a
     * value left out (marked in {@link Values#missing()}), and .inf and .nan are numbers like any other.
     */
    Values valuesAt(Node n, String key, boolean answers) {
        if (!(n instanceof SequenceNode)) {
            throw error(n, "'" + key + "' must be a list of numbers, nested for more dimensions, got "
                    + describe(n));
        }
        // The first entry at each depth sets that dimension; fill() then checks every other list against it.
        List<Integer> dims = new ArrayList<>();
        long size = 1;
        Node cur = n;
        while (cur instanceof SequenceNode list) {
            if (dims.size() == MAX_NESTING) {
                throw error(cur, "'" + key + "' is nested deeper than " + MAX_NESTING + " lists");
            }
            if (list.getValue().isEmpty()) {
                throw error(cur, "'" + key + "' contains an empty list; expected numbers");
            }
            dims.add(list.getValue().size());
            size *= list.getValue().size();
            if (size > Integer.MAX_VALUE) {
                throw error(n, "'" + key + "' has more than " + Integer.MAX_VALUE + " numbers");
            }
            cur = list.getValue().get(0);
        }
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        double[] data = new double[(int) size];
        boolean[] missing = answers ? new boolean[(int) size] : null;
        fill(n, 0, shape, data, missing, new int[1], key);
        return new Values(shape, data, missing, pos(file, n));
    }

    // Row-major: data[next[0]++] in the order the numbers are written; a null marks missing[next[0]] when allowed.
    private void fill(Node n, int depth, int[] shape, double[] data, boolean[] missing, int[] next, String key) {
        if (depth == shape.length) {
            if (n instanceof SequenceNode) {
                throw error(n, "'" + key + "' is ragged: expected a number here, like the first entry at this"
                        + " depth, got " + describe(n));
            }
            if (missing != null && isNull(n)) {
                missing[next[0]++] = true;
                return;
            }
            Double v = numberValue(n);
            if (v == null) {
                throw error(n, "'" + key + "' must contain only numbers" + (missing != null ? " or null" : "")
                        + ", got " + describe(n));
            }
            if (missing == null && !Double.isFinite(v)) {
                throw error(n, "'" + key + "' must contain only finite numbers, got " + describe(n));
            }
            data[next[0]++] = v;
            return;
        }
        if (!(n instanceof SequenceNode list) || list.getValue().size() != shape[depth]) {
            throw error(n, "'" + key + "' is ragged: expected a list of " + shape[depth]
                    + " here, like the first list at this depth, got " + describe(n));
        }
        for (Node child : list.getValue()) {
            fill(child, depth + 1, shape, data, missing, next, key);
        }
    }

    private Node required(String key) {
        Node n = node(key);
        if (n == null) {
            throw new IllegalStateException("required key '" + key + "' was not checked for");
        }
        return n;
    }

    /** An integer scalar's value (Integer, Long or BigInteger), or null for anything else. */
    private static Number integerValue(Node n) {
        if (!(n instanceof ScalarNode s) || !s.getTag().equals(Tag.INT)) {
            return null;
        }
        try {
            return (Number) INT.construct(s);
        } catch (RuntimeException e) { // an explicit !!int on text that is not one
            return null;
        }
    }

    /** An int or float scalar's value (possibly infinite or NaN), or null for anything else. */
    static Double numberValue(Node n) {
        if (n instanceof ScalarNode s && s.getTag().equals(Tag.FLOAT)) {
            try {
                return (Double) FLOAT.construct(s);
            } catch (RuntimeException e) { // an explicit !!float on text that is not one
                return null;
            }
        }
        Number v = integerValue(n);
        return v == null ? null : v.doubleValue();
    }

    static BadInputException error(Path file, Node at, String message) {
        return new BadInputException(pos(file, at) + ": " + message);
    }

    /** Where a node starts, 1-based (snakeyaml's marks are 0-based). */
    static Pos pos(Path file, Node n) {
        return n.getStartMark()
                .map(m -> new Pos(file, m.getLine() + 1, m.getColumn() + 1))
                .orElse(new Pos(file, 1, 1));
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /** What the user wrote, for "got ..." in messages: "abc" quoted if a string, a list of 3, nothing. */
    static String describe(Node n) {
        if (n instanceof SequenceNode list) {
            int size = list.getValue().size();
            return size == 0 ? "an empty list" : "a list of " + size + (size == 1 ? " entry" : " entries");
        }
        if (n instanceof MappingNode map) {
            return map.getValue().isEmpty() ? "an empty mapping" : "a mapping";
        }
        ScalarNode s = (ScalarNode) n;
        String text = s.getValue().replace("\n", "\\n");
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        if (s.getTag().equals(Tag.NULL) && text.isEmpty()) {
            return "nothing";
        }
        return s.getTag().equals(Tag.STR) ? '"' + text + '"' : text;
    }
}
