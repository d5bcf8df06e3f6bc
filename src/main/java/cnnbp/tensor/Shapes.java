package cnnbp.tensor;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Helpers for shapes, which are plain {@code int[]} as in PyTorch. */
public final class Shapes {
    private Shapes() {}

    public static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    public static int[] prepend(int first, int[] rest) {
        int[] s = new int[rest.length + 1];
        s[0] = first;
        System.arraycopy(rest, 0, s, 1, rest.length);
        return s;
    }

    /** "1x5x5", the form used in messages and reports. */
    public static String toString(int[] shape) {
        return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }

    /** "[1, 5, 5]", the form of a JSON or YAML list. */
    public static String toList(int[] shape) {
        return Arrays.toString(shape);
    }
}
