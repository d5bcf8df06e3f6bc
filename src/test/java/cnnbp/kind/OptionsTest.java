package cnnbp.kind;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cnnbp.BadInputException;
import cnnbp.layer.Layer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A kind's schema checks plain values (an API caller's, a trace file's) and fills in defaults. */
class OptionsTest {
    /** A kind with one option of every type. */
    static final LayerKind ALL = new LayerKind() {
        @Override
        public String key() {
            return "all";
        }

        @Override
        public List<Option> options() {
            return List.of(Option.positiveInt("units"), Option.integer("shift").withDefault(-2).range(-5, 5),
                    Option.pair("size", 1), Option.pair("stride", 1).defaultsTo("size"),
                    Option.number("rate").withDefault(0.5).range(0, 1), Option.bool("train").withDefault(true),
                    Option.string("command").optional(), Option.choice("mode", "fan_in", "fan_out").withDefault("fan_in"),
                    Option.values("weights").optional(), Option.map("options").optional());
        }

        @Override
        public Layer build(Options options, int[] inShape, BuildContext context) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void fillsDefaultsInSchemaOrder() {
        Options o = Options.of(ALL, Map.of("units", 3, "size", List.of(2, 3), "weights", List.of(List.of(1, 2)),
                "options", Map.of("k", "v")), "t: ");
        assertEquals(3, o.integer("units"));
        assertEquals(-2, o.integer("shift"));
        assertArrayEquals(new int[] {2, 3}, o.pair("stride"), "a default taken from another option");
        assertEquals(0.5, o.number("rate"));
        assertEquals("fan_in", o.string("mode"));
        assertFalse(o.has("command"));
        assertArrayEquals(new int[] {1, 2}, o.tensor("weights").shape);
        assertEquals(Map.of("k", "v"), o.map("options"));
        assertEquals(List.of("units", "shift", "size", "stride", "rate", "train", "mode", "weights", "options"),
                List.copyOf(o.values().keySet()));
        Map<String, Object> traced = new LinkedHashMap<>(ALL.traceOptions(o));
        assertFalse(traced.containsKey("weights"), "values options are a trace's params, not its options");
        assertEquals("all, units 3, shift -2, size 2x3, stride 2x3, rate 0.5, train true, mode fan_in, options {k=v}",
                ALL.describe(o, null));
    }

    @Test
    void mistakesAreOneLineNamingTheOption() {
        assertEquals("t: missing required option \"units\"", message(Map.of("size", 2)));
        assertEquals("t: \"units\" must be a positive integer, got 0", message(Map.of("units", 0, "size", 2)));
        assertEquals("t: \"shift\" must be an integer between -5 and 5, got 9",
                message(Map.of("units", 1, "size", 2, "shift", 9)));
        assertEquals("t: \"size\" must be [height, width], integers of at least 1, got [2,0]",
                message(Map.of("units", 1, "size", List.of(2, 0))));
        assertEquals("t: \"rate\" must be between 0 and 1, got 2", message(Map.of("units", 1, "size", 2, "rate", 2)));
        assertEquals("t: \"train\" must be true or false, got \"yes\"",
                message(Map.of("units", 1, "size", 2, "train", "yes")));
        assertEquals("t: \"mode\" must be one of fan_in, fan_out, got \"fan\"",
                message(Map.of("units", 1, "size", 2, "mode", "fan")));
        assertEquals("t: \"weights\" must be a list of finite numbers, nested for more dimensions, got [[1,2],[3]]",
                message(Map.of("units", 1, "size", 2, "weights", List.of(List.of(1, 2), List.of(3)))));
        assertEquals("t: unknown option \"unit\"; expected one of units, shift, size, stride, rate, train, command, mode,"
                + " weights, options", message(Map.of("unit", 1)));
    }

    private static String message(Map<String, ?> given) {
        return assertThrows(BadInputException.class, () -> Options.of(ALL, given, "t: ")).getMessage();
    }
}
