package cnnbp.homework;

import cnnbp.BadInputException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * How a student's numbers are drawn: a config's {@code variants:} section, every key optional.
 * <pre>
 * variants:
 *   input:   {min: 0, max: 1, step: 0.1}     # X, each element
 *   weights: {min: -1, max: 1, step: 0.1}    # every W
 *   bias:    {min: -0.5, max: 0.5, step: 0.1} # every b
 *   labels:  [0, 1]                          # default: every label the loss takes (0/1, or each class)
 *   allow_ties: false                        # a tie for a max-pool window's maximum
 *   allow_relu_zero: false                   # a ReLU input exactly 0
 *   tries: 1000                              # draws per student before giving up
 * </pre>
 */
public record VariantSpec(Range input, Range weights, Range bias, List<Double> labels, boolean allowTies,
                          boolean allowReluZero, int tries) {
    private static final List<String> KEYS = List.of("input", "weights", "bias", "labels", "allow_ties",
            "allow_relu_zero", "tries");
    private static final int MAX_TRIES = 100_000;

    /** min, min + step, ..., max: the numbers a hand can work with. */
    public record Range(BigDecimal min, BigDecimal max, BigDecimal step) {
        /** How many values the range holds. */
        int count() {
            return max.subtract(min).divideToIntegralValue(step).intValueExact() + 1;
        }

        /** The k-th value, exactly as written in decimal. */
        BigDecimal value(int k) {
            return min.add(step.multiply(BigDecimal.valueOf(k))).stripTrailingZeros();
        }
    }

    public static final VariantSpec DEFAULT = new VariantSpec(range("0", "1", "0.1"), range("-1", "1", "0.1"),
            range("-0.5", "0.5", "0.1"), null, false, false, 1000);

    private static Range range(String min, String max, String step) {
        return new Range(new BigDecimal(min), new BigDecimal(max), new BigDecimal(step));
    }

    /** The {@code variants:} of the config text, or the defaults where it has none. */
    public static VariantSpec of(String configYaml, Path file) {
        Object root = new Load(LoadSettings.builder().build()).loadFromString(configYaml);
        if (!(root instanceof Map<?, ?> top) || top.get("variants") == null) return DEFAULT;
        String where = file + ": variants: ";
        if (!(top.get("variants") instanceof Map<?, ?> v)) {
            throw new BadInputException(where + "expected a mapping such as {input: {min: 0, max: 5, step: 1}}");
        }
        for (Object key : v.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new BadInputException(where + "unknown key '" + key + "'; expected " + String.join(", ", KEYS));
            }
        }
        List<Double> labels = null;
        if (v.get("labels") != null) {
            if (!(v.get("labels") instanceof List<?> list) || list.isEmpty()) {
                throw new BadInputException(where + "'labels' must be a non-empty list of numbers such as [0, 1]");
            }
            labels = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof Number n)) throw new BadInputException(where + "'labels' must be numbers, got " + o);
                labels.add(n.doubleValue());
            }
        }
        int tries = DEFAULT.tries;
        if (v.get("tries") != null) {
            if (!(v.get("tries") instanceof Integer t) || t < 1 || t > MAX_TRIES) {
                throw new BadInputException(where + "'tries' must be an integer 1 to " + MAX_TRIES + ", got " + v.get("tries"));
            }
            tries = t;
        }
        return new VariantSpec(range(v, "input", DEFAULT.input, where), range(v, "weights", DEFAULT.weights, where),
                range(v, "bias", DEFAULT.bias, where), labels, bool(v, "allow_ties", where),
                bool(v, "allow_relu_zero", where), tries);
    }

    private static boolean bool(Map<?, ?> v, String key, String where) {
        Object o = v.get(key);
        if (o == null) return false;
        if (!(o instanceof Boolean b)) throw new BadInputException(where + "'" + key + "' must be true or false, got " + o);
        return b;
    }

    private static Range range(Map<?, ?> v, String key, Range dflt, String where) {
        Object o = v.get(key);
        if (o == null) return dflt;
        String expected = "'" + key + "' must be {min: A, max: B, step: S} with A ≤ B, S > 0 and B − A a multiple of S";
        if (!(o instanceof Map<?, ?> m)) throw new BadInputException(where + expected + ", got " + o);
        for (Object k : m.keySet()) {
            if (!List.of("min", "max", "step").contains(String.valueOf(k))) {
                throw new BadInputException(where + key + ": unknown key '" + k + "'; expected min, max, step");
            }
        }
        BigDecimal min = number(m.get("min"), dflt.min), max = number(m.get("max"), dflt.max),
                step = number(m.get("step"), dflt.step);
        if (min == null || max == null || step == null || min.compareTo(max) > 0 || step.signum() <= 0
                || max.subtract(min).remainder(step).signum() != 0
                || max.subtract(min).divideToIntegralValue(step).compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
            throw new BadInputException(where + expected + ", got " + o);
        }
        return new Range(min, max, step);
    }

    private static BigDecimal number(Object o, BigDecimal dflt) {
        if (o == null) return dflt;
        if (o instanceof Integer || o instanceof Long || o instanceof java.math.BigInteger) return new BigDecimal(o.toString());
        if (o instanceof Double d && Double.isFinite(d)) return new BigDecimal(Double.toString(d));
        return null;
    }
}
