package cnnbp.exec;

import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * Tensors on the wire: {@code {"shape": [...], "data": [...]}}, data flat, row-major, batch first.
 * Doubles are written by Jackson as {@link Double#toString} does, which reads back to the same double.
 */
final class Wire {
    private Wire() {}

    static ObjectNode tensor(Tensor t) {
        ObjectNode j = ExecProcess.JSON.createObjectNode();
        ArrayNode shape = j.putArray("shape");
        for (int d : t.shape) shape.add(d);
        ArrayNode data = j.putArray("data");
        for (double v : t.data) data.add(v);
        return j;
    }

    /**
     * The tensor in {@code node}, which must have shape {@code expected}; null with the reason in
     * {@code why[0]} when it is not a tensor of that shape or a value is not a number.
     */
    static Tensor read(JsonNode node, int[] expected, String[] why) {
        if (node == null || !node.isObject()) {
            why[0] = node == null ? "is missing" : "is not a {\"shape\", \"data\"} object";
            return null;
        }
        JsonNode shape = node.get("shape"), data = node.get("data");
        if (shape == null || !shape.isArray() || data == null || !data.isArray()) {
            why[0] = "is not a {\"shape\": [...], \"data\": [...]} object";
            return null;
        }
        int[] s = new int[shape.size()];
        for (int i = 0; i < s.length; i++) {
            JsonNode d = shape.get(i);
            if (!d.canConvertToInt() || !d.isIntegralNumber() || d.asInt() < 0) {
                why[0] = "has shape " + shape + ", not a list of sizes";
                return null;
            }
            s[i] = d.asInt();
        }
        if (expected != null && !Arrays.equals(s, expected)) {
            why[0] = "has shape " + Shapes.toList(s) + ", expected " + Shapes.toList(expected);
            return null;
        }
        if (data.size() != Shapes.size(s)) {
            why[0] = "has shape " + Shapes.toList(s) + " but " + data.size() + " values";
            return null;
        }
        double[] v = new double[data.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = data.get(i);
            if (!x.isNumber()) {
                why[0] = "has a value that is not a number at flat index " + i + ": " + ExecProcess.clip(x.toString(), 40);
                return null;
            }
            v[i] = x.doubleValue();
        }
        return new Tensor(s, v);
    }

    /** Whether any value is NaN. */
    static boolean hasNaN(double[] v) {
        for (double x : v) if (Double.isNaN(x)) return true;
        return false;
    }

    /** The flat index of the first NaN, or −1. */
    static int firstNaN(double[] v) {
        for (int i = 0; i < v.length; i++) if (Double.isNaN(v[i])) return i;
        return -1;
    }
}
