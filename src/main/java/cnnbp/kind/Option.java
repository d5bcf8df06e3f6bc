package cnnbp.kind;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One option of a layer kind's schema: its name (the config key), its type, whether it is required,
 * its default and its range. Config loading ({@code - conv: {filters: 2, kernel: 3}}), a reference
 * trace's {@code options} and {@link Options#of} all check values against it, so every kind's
 * mistakes read alike. An option is required unless it is given a default or made {@link #optional()}.
 *
 * <pre>
 * List.of(Option.positiveInt("filters"), Option.pair("kernel", 1),
 *         Option.pair("stride", 1).withDefault(new int[] {1, 1}), Option.values("weights").optional(),
 *         Option.number("slope").withDefault(1.0 / 6).range(0, 1))
 * </pre>
 */
public final class Option {
    /** What values an option takes, and the Java type {@link Options} returns them as. */
    public enum Type {
        /** Any integer that fits an int: {@link Options#integer}. */
        INT,
        /** An integer ≥ 1: {@link Options#integer}. */
        POSITIVE_INT,
        /** [height, width] of integers ≥ the option's minimum, or one integer n for [n, n]: {@link Options#pair}. */
        PAIR,
        /** A finite number, int or float: {@link Options#number}. */
        NUMBER,
        /** true or false: {@link Options#bool}. */
        BOOL,
        /** A text value: {@link Options#string}. */
        STRING,
        /** One of a fixed list of words: {@link Options#string}. */
        CHOICE,
        /** A (nested) list of finite numbers, the nesting its shape, as a tensor: {@link Options#tensor}. */
        VALUES,
        /** A free-form mapping (numbers, text, lists, mappings): {@link Options#map}. */
        MAP
    }

    private final String name;
    private final Type type;
    private final boolean required;
    private final Object defaultValue;
    private final String defaultFrom;
    private final int min;
    private final double lo, hi;
    private final List<String> choices;

    private Option(String name, Type type, boolean required, Object defaultValue, String defaultFrom, int min,
                   double lo, double hi, List<String> choices) {
        this.name = Objects.requireNonNull(name);
        this.type = type;
        this.required = required;
        this.defaultValue = defaultValue;
        this.defaultFrom = defaultFrom;
        this.min = min;
        this.lo = lo;
        this.hi = hi;
        this.choices = choices;
    }

    private static Option of(String name, Type type, int min) {
        return new Option(name, type, true, null, null, min, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                List.of());
    }

    /** An integer. */
    public static Option integer(String name) {
        return of(name, Type.INT, Integer.MIN_VALUE);
    }

    /** An integer ≥ 1. */
    public static Option positiveInt(String name) {
        return of(name, Type.POSITIVE_INT, 1);
    }

    /** A pair [height, width] of integers ≥ {@code min} (0 or 1); an integer n stands for [n, n]. */
    public static Option pair(String name, int min) {
        return of(name, Type.PAIR, min);
    }

    /** A finite number. */
    public static Option number(String name) {
        return of(name, Type.NUMBER, 0);
    }

    /** true or false. */
    public static Option bool(String name) {
        return of(name, Type.BOOL, 0);
    }

    /** A text value. */
    public static Option string(String name) {
        return of(name, Type.STRING, 0);
    }

    /** One of {@code choices}. */
    public static Option choice(String name, String... choices) {
        return new Option(name, Type.CHOICE, true, null, null, 0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                List.of(choices));
    }

    /** A (nested) list of finite numbers, such as a layer's given weights. */
    public static Option values(String name) {
        return of(name, Type.VALUES, 0);
    }

    /** A free-form mapping, passed on as it is written. */
    public static Option map(String name) {
        return of(name, Type.MAP, 0);
    }

    /**
     * This option with a default, used when the config leaves it out: an Integer, int[] {h, w}, Double,
     * Boolean or String as its type reads. The option is then not required.
     */
    public Option withDefault(Object value) {
        Object v = value instanceof int[] pair ? pair.clone() : value instanceof Number n && type == Type.NUMBER
                ? (Object) n.doubleValue() : value;
        return new Option(name, type, false, v, null, min, lo, hi, choices);
    }

    /** This option, defaulting to the value of the option {@code other} (declared before it): a pool's stride its size. */
    public Option defaultsTo(String other) {
        return new Option(name, type, false, null, other, min, lo, hi, choices);
    }

    /** This option, not required and absent ({@link Options#has} false) when the config leaves it out. */
    public Option optional() {
        return new Option(name, type, false, null, null, min, lo, hi, choices);
    }

    /** This PAIR option, also taking one of {@code words} (a String): conv's {@code padding: same}. */
    public Option orWord(String... words) {
        return new Option(name, type, required, defaultValue, defaultFrom, min, lo, hi, List.of(words));
    }

    /** This number or integer option, limited to lo..hi (inclusive). */
    public Option range(double lo, double hi) {
        return new Option(name, type, required, defaultValue, defaultFrom, min, lo, hi, choices);
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public boolean required() {
        return required;
    }

    /** The default value, or null (none, or {@link #defaultFrom()}). */
    public Object defaultValue() {
        return defaultValue instanceof int[] pair ? pair.clone() : defaultValue;
    }

    /** The option whose value is this one's default, or null. */
    public String defaultFrom() {
        return defaultFrom;
    }

    /** The least value of each element of a pair, or of a positive integer. */
    public int min() {
        return min;
    }

    /** The least allowed number (negative infinity when unlimited). */
    public double lo() {
        return lo;
    }

    /** The greatest allowed number (positive infinity when unlimited). */
    public double hi() {
        return hi;
    }

    /** What a choice option may be. */
    public List<String> choices() {
        return choices;
    }

    /** Whether {@code v} is inside this option's range. */
    public boolean inRange(double v) {
        return v >= lo && v <= hi;
    }

    /** The range as text, for messages: "between 0 and 1", "at least 0", "at most 10". */
    public String rangeText() {
        if (lo == Double.NEGATIVE_INFINITY) return "at most " + plain(hi);
        if (hi == Double.POSITIVE_INFINITY) return "at least " + plain(lo);
        return "between " + plain(lo) + " and " + plain(hi);
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return name + " (" + type.name().toLowerCase(java.util.Locale.ROOT)
                + (required ? ", required" : defaultValue != null ? ", default " + (defaultValue instanceof int[] p
                ? Arrays.toString(p) : defaultValue) : defaultFrom != null ? ", default " + defaultFrom : ", optional")
                + ")";
    }
}
