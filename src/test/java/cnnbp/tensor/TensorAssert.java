package cnnbp.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/**
 * Random tensors and element-wise comparisons shared by the layer, loss and network tests. Every
 * failure message names what was compared, the element's multi-index and both values.
 */
public final class TensorAssert {
    private TensorAssert() {}

    /** How a test fills a tensor of the given shape with random values in [lo, hi]. */
    @FunctionalInterface
    public interface Fill {
        Tensor of(Random rnd, double lo, double hi, int... shape);
    }

    /** The grid of {@link #dyadic}: 2^-10. */
    public static final double GRID = 0x1p-10;

    /** A tensor of the given shape, each element uniform in [lo, hi). */
    public static Tensor uniform(Random rnd, double lo, double hi, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) t.data[i] = lo + (hi - lo) * rnd.nextDouble();
        return t;
    }

    /**
     * Like {@link #uniform}, rounded to multiples of 2^-10. For values in [-4, 4] the products of two
     * of them, sums of thousands of those, and x ± 2^-20 are all exact in double: a finite difference
     * through a linear layer (conv, dense, pooling) carries no rounding noise at all.
     */
    public static Tensor dyadic(Random rnd, double lo, double hi, int... shape) {
        Tensor t = uniform(rnd, lo, hi, shape);
        for (int i = 0; i < t.size(); i++) t.data[i] = Math.rint(t.data[i] / GRID) * GRID;
        return t;
    }

    /** Like {@link #dyadic}, but every element has |x| > gap: keeps ReLU-like kinks out of reach of h. */
    public static Tensor awayFromZero(Random rnd, double lo, double hi, double gap, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            double x;
            do x = Math.rint((lo + (hi - lo) * rnd.nextDouble()) / GRID) * GRID; while (Math.abs(x) <= gap);
            t.data[i] = x;
        }
        return t;
    }

    /**
     * Pairwise distinct values at least {@code step} apart, in random order: a shuffled progression
     * centred on 0. Max pooling on it has no ties for a finite difference to cross.
     */
    public static Tensor distinct(Random rnd, double step, int... shape) {
        Tensor t = Tensor.zeros(shape);
        int size = t.size();
        for (int i = 0; i < size; i++) t.data[i] = (i - size / 2.0) * step;
        for (int i = size - 1; i > 0; i--) {  // Fisher-Yates
            int j = rnd.nextInt(i + 1);
            double tmp = t.data[i];
            t.data[i] = t.data[j];
            t.data[j] = tmp;
        }
        return t;
    }

    /** "[1, 0, 2, 3]": the multi-index of flat element {@code flat} of a row-major tensor of this shape. */
    public static String index(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        StringBuilder sb = new StringBuilder("[");
        for (int d = 0; d < idx.length; d++) sb.append(d == 0 ? "" : ", ").append(idx[d]);
        return sb.append(']').toString();
    }

    /** |a − b| / max(|a|, |b|, floor); 0 when a == b, NaN when exactly one is NaN. */
    public static double relErr(double a, double b, double floor) {
        if (a == b || Double.isNaN(a) && Double.isNaN(b)) return 0;
        return Math.abs(a - b) / Math.max(Math.max(Math.abs(a), Math.abs(b)), floor);
    }

    /** Asserts relErr(expected[i], actual[i], floor) ≤ tol for every element of a tensor of this shape. */
    public static void assertClose(String what, int[] shape, double[] expected, double[] actual, double tol,
                                   double floor) {
        assertEquals(expected.length, actual.length, what + ": number of elements");
        for (int i = 0; i < expected.length; i++) {
            double err = relErr(expected[i], actual[i], floor);
            if (!(err <= tol)) {
                fail(what + " element " + index(shape, i) + ": expected " + expected[i] + ", got " + actual[i]
                        + " (relative error " + err + " > " + tol + ")");
            }
        }
    }

    /**
     * Asserts |expected[i] − actual[i]| ≤ tol · max(|expected[i]|, |actual[i]|, scale[i]) for every
     * element. {@code scale[i]} is Σ|terms| of the sum that produced element i: a sum's rounding
     * error is relative to that, not to the sum itself, which cancellation can make arbitrarily small.
     */
    public static void assertCloseScaled(String what, int[] shape, double[] expected, double[] actual,
                                         double[] scale, double tol) {
        assertEquals(expected.length, actual.length, what + ": number of elements");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            double bound = tol * Math.max(Math.max(Math.abs(e), Math.abs(a)), scale[i]);
            if (!(Math.abs(e - a) <= bound)) {
                fail(what + " element " + index(shape, i) + ": expected " + e + ", got " + a
                        + " (|difference| " + Math.abs(e - a) + " > " + bound + ")");
            }
        }
    }

    /** Asserts bitwise-equal values (NaN equals NaN), naming the first element that differs. */
    public static void assertExactly(String what, int[] shape, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what + ": number of elements");
        for (int i = 0; i < expected.length; i++) {
            if (Double.compare(expected[i], actual[i]) != 0 && expected[i] != actual[i]) {
                fail(what + " element " + index(shape, i) + ": expected exactly " + expected[i] + ", got "
                        + actual[i]);
            }
        }
    }
}
