package cnnbp.kind;

import cnnbp.BadInputException;
import cnnbp.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checked options of one layer, by name, in the kind's schema order, defaults filled in: what
 * {@link LayerKind#build} builds from. Values are an Integer, an int[] {h, w}, a Double, a Boolean, a
 * String, a {@link Tensor} (a values option) or a Map (a map option); an optional option left out is
 * absent. Each value may know where it was written, for messages ({@link #place}).
 */
public final class Options {
    private final Map<String, Object> values;
    private final Map<String, String> places;

    private Options(Map<String, Object> values, Map<String, String> places) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.places = Map.copyOf(places);
    }

    /**
     * Checks plain Java values against {@code kind}'s schema and fills in the defaults: ints (Integer or
     * Long), pairs (int[2], a List of two integers, or one integer), numbers, booleans, strings, tensors
     * (a {@link Tensor}, or a nested List of numbers) and maps. A mistake is a {@link BadInputException}
     * starting with {@code where} (e.g. {@code "ref.json: layer 2 conv: "}).
     */
    public static Options of(LayerKind kind, Map<String, ?> given, String where) {
        return of(kind, given, Map.of(), where);
    }

    /** As {@link #of(LayerKind, Map, String)}, with where each given value was written ("file:line:column"). */
    public static Options of(LayerKind kind, Map<String, ?> given, Map<String, String> places, String where) {
        for (String key : given.keySet()) {
            if (kind.options().stream().noneMatch(o -> o.name().equals(key))) {
                List<String> names = kind.options().stream().map(Option::name).toList();
                throw new BadInputException(where + (names.isEmpty() ? "takes no options, got \"" + key + "\""
                        : "unknown option \"" + key + "\"; expected one of " + String.join(", ", names)));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Option o : kind.options()) {
            Object v = given.get(o.name());
            if (v == null) {
                Object d = fallback(o, values);
                if (d != null) values.put(o.name(), d);
                else if (o.required()) throw new BadInputException(where + "missing required option \"" + o.name() + "\"");
                continue;
            }
            values.put(o.name(), check(o, v, where));
        }
        return new Options(values, places);
    }

    /** The default of {@code o} given the values before it, or null. */
    static Object fallback(Option o, Map<String, Object> before) {
        if (o.defaultFrom() != null) {
            Object v = before.get(o.defaultFrom());
            return v instanceof int[] p ? p.clone() : v;
        }
        return o.defaultValue();
    }

    private static Object check(Option o, Object v, String where) {
        String at = where + "\"" + o.name() + "\" must be ";
        switch (o.type()) {
            case INT, POSITIVE_INT -> {
                Long n = whole(v);
                int min = o.type() == Option.Type.POSITIVE_INT ? 1 : Integer.MIN_VALUE;
                if (n == null || n < min || n > Integer.MAX_VALUE || !o.inRange(n)) {
                    throw new BadInputException(at + (o.type() == Option.Type.POSITIVE_INT ? "a positive integer"
                            : "an integer") + (o.lo() > Double.NEGATIVE_INFINITY || o.hi() < Double.POSITIVE_INFINITY
                            ? " " + o.rangeText() : "") + ", got " + v);
                }
                return n.intValue();
            }
            case PAIR -> {
                if (v instanceof String s && o.choices().contains(s)) return s;
                List<?> list = v instanceof int[] a ? List.of(a[0], a.length > 1 ? a[1] : -1)
                        : v instanceof List<?> l ? l : whole(v) != null ? List.of(v, v) : List.of();
                Long h = list.size() == 2 ? whole(list.get(0)) : null, w = list.size() == 2 ? whole(list.get(1)) : null;
                if (v instanceof int[] a && a.length != 2 || h == null || w == null || h < o.min() || w < o.min()
                        || h > Integer.MAX_VALUE || w > Integer.MAX_VALUE) {
                    throw new BadInputException(at + "[height, width], integers of at least " + o.min()
                            + o.choices().stream().map(c -> " or \"" + c + "\"").collect(java.util.stream.Collectors.joining())
                            + ", got " + text(v));
                }
                return new int[] {h.intValue(), w.intValue()};
            }
            case NUMBER -> {
                if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                    throw new BadInputException(at + "a finite number, got " + text(v));
                }
                if (!o.inRange(n.doubleValue())) throw new BadInputException(at + o.rangeText() + ", got " + v);
                return n.doubleValue();
            }
            case BOOL -> {
                if (!(v instanceof Boolean)) throw new BadInputException(at + "true or false, got " + text(v));
                return v;
            }
            case STRING, CHOICE -> {
                if (!(v instanceof String s) || s.isEmpty()) throw new BadInputException(at + "a text value, got " + text(v));
                if (o.type() == Option.Type.CHOICE && !o.choices().contains(s)) {
                    throw new BadInputException(at + "one of " + String.join(", ", o.choices()) + ", got \"" + s + "\"");
                }
                return s;
            }
            case VALUES -> {
                if (v instanceof Tensor t) return t;
                List<Integer> shape = new ArrayList<>();
                List<Double> data = new ArrayList<>();
                if (!flatten(v, 0, shape, data)) {
                    throw new BadInputException(at + "a list of finite numbers, nested for more dimensions, got "
                            + text(v));
                }
                return new Tensor(shape.stream().mapToInt(Integer::intValue).toArray(),
                        data.stream().mapToDouble(Double::doubleValue).toArray());
            }
            case MAP -> {
                if (!(v instanceof Map<?, ?> m)) throw new BadInputException(at + "a mapping, got " + text(v));
                Map<String, Object> copy = new LinkedHashMap<>();
                m.forEach((k, x) -> copy.put(String.valueOf(k), x));
                return Collections.unmodifiableMap(copy);
            }
            default -> throw new IllegalStateException(o.type().toString());
        }
    }

    private static Long whole(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        return null;
    }

    // A rectangular nested list of finite numbers: its dimensions into shape (first seen sets each), values into data.
    private static boolean flatten(Object v, int depth, List<Integer> shape, List<Double> data) {
        if (v instanceof Number n) {
            data.add(n.doubleValue());
            return depth == shape.size() && Double.isFinite(n.doubleValue());
        }
        if (!(v instanceof List<?> l) || l.isEmpty() || depth >= 16) return false;
        if (depth == shape.size()) shape.add(l.size());
        if (shape.get(depth) != l.size()) return false;
        for (Object x : l) if (!flatten(x, depth + 1, shape, data)) return false;
        return true;
    }

    /** A value as JSON writes it: "abc" quoted, lists as [2,3]. */
    private static String text(Object v) {
        if (v instanceof String s) return "\"" + s + "\"";
        if (v instanceof int[] a) return text(java.util.Arrays.stream(a).boxed().toList());
        if (v instanceof List<?> l) return "[" + String.join(",", l.stream().map(Options::text).toList()) + "]";
        return String.valueOf(v);
    }

    /** Whether the option has a value (given, or by default). */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value of an option, or null when it is absent. */
    public Object get(String name) {
        Object v = values.get(name);
        return v instanceof int[] p ? p.clone() : v;
    }

    /** An INT or POSITIVE_INT option's value. */
    public int integer(String name) {
        return (Integer) present(name);
    }

    /** A PAIR option's value, {h, w}. */
    public int[] pair(String name) {
        return ((int[]) present(name)).clone();
    }

    /** A NUMBER option's value. */
    public double number(String name) {
        return (Double) present(name);
    }

    /** A BOOL option's value. */
    public boolean bool(String name) {
        return (Boolean) present(name);
    }

    /** A STRING or CHOICE option's value. */
    public String string(String name) {
        return (String) present(name);
    }

    /** A VALUES option's numbers, shaped as written (a copy), or null when not given. */
    public Tensor tensor(String name) {
        Tensor t = (Tensor) values.get(name);
        return t == null ? null : new Tensor(t.shape, t.data.clone());
    }

    /** A MAP option's entries, or an empty map when not given. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String name) {
        Object m = values.get(name);
        return m == null ? Map.of() : (Map<String, Object>) m;
    }

    /** Every value, in schema order (pairs are not copied: do not change them). */
    public Map<String, Object> values() {
        return values;
    }

    /** Where the option's value was written ("file:line:column"), or null when that is not known. */
    public String place(String name) {
        return places.get(name);
    }

    private Object present(String name) {
        Object v = values.get(name);
        if (v == null) throw new IllegalArgumentException("option '" + name + "' has no value; options are " + values.keySet());
        return v;
    }
}
