package cnnbp.tensor;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GemmTest {
    private static final int[] SIZES = {1, 3, 7, 17};
    private static final int A_OFF = 5, B_OFF = 3, C_OFF = 2, TAIL = 4;  // TAIL: guard cells after C
    private static final double SENTINEL = -777.25;

    /** Every (m, n, k) from {1, 3, 7, 17}³. */
    static Stream<Arguments> sizes() {
        return IntStream.range(0, SIZES.length * SIZES.length * SIZES.length).mapToObj(i -> Arguments.of(
                SIZES[i / 16], SIZES[i / 4 % 4], SIZES[i % 4]));
    }

    /** Which operand is transposed; the layouts the Javadoc gives. */
    enum Op {
        AB, ABT, ATB;

        /** A's element (i, p) of the product's A (m, k), stored as (m, k) or, for ATB, (k, m). */
        int aAt(int i, int p, int m, int k) {
            return this == ATB ? p * m + i : i * k + p;
        }

        /** B's element (p, j) of the product's B (k, n), stored as (k, n) or, for ABT, (n, k). */
        int bAt(int p, int j, int n, int k) {
            return this == ABT ? j * k + p : p * n + j;
        }

        void run(int m, int n, int k, double[] a, double[] b, double[] c) {
            switch (this) {
                case AB -> Gemm.ab(m, n, k, a, A_OFF, b, B_OFF, c, C_OFF);
                case ABT -> Gemm.abT(m, n, k, a, A_OFF, b, B_OFF, c, C_OFF);
                case ATB -> Gemm.aTb(m, n, k, a, A_OFF, b, B_OFF, c, C_OFF);
            }
        }
    }

    /** Random values with about one in five exactly 0 (ab and aTb skip zeros of A). */
    private static double[] operand(Random rnd, int offset, int size) {
        double[] x = new double[offset + size];
        for (int i = 0; i < offset; i++) x[i] = SENTINEL;  // must not be read into the product
        for (int i = offset; i < x.length; i++) x[i] = rnd.nextInt(5) == 0 ? 0 : rnd.nextDouble() * 2 - 1;
        return x;
    }

    private static void check(Op op, int m, int n, int k) {
        String name = op.name().toLowerCase().replace("abt", "abT").replace("atb", "aTb") + " m" + m + " n" + n + " k" + k;
        Random rnd = new Random(name.hashCode());
        double[] a = operand(rnd, A_OFF, m * k), b = operand(rnd, B_OFF, k * n);
        double[] c = new double[C_OFF + m * n + TAIL];
        for (int i = 0; i < c.length; i++) c[i] = SENTINEL;
        for (int i = 0; i < m * n; i++) c[C_OFF + i] = rnd.nextDouble() * 2 - 1;  // C's prior contents
        double[] aBefore = a.clone(), bBefore = b.clone(), cBefore = c.clone();

        op.run(m, n, k, a, b, c);

        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                // The naive triple loop, accumulating into C's prior value.
                double s = cBefore[C_OFF + i * n + j], scale = Math.abs(s);
                for (int p = 0; p < k; p++) {
                    double t = a[A_OFF + op.aAt(i, p, m, k)] * b[B_OFF + op.bAt(p, j, n, k)];
                    s += t;
                    scale += Math.abs(t);
                }
                double got = c[C_OFF + i * n + j];
                if (!(Math.abs(got - s) <= 1e-12 * Math.max(scale, Math.abs(s)))) {
                    fail(name + ": C[" + i + ", " + j + "] expected C + Σ A·B = " + s + ", got " + got);
                }
            }
        }
        for (int i = 0; i < C_OFF; i++) assertUnchanged(name + ": C before its offset", cBefore, c, i);
        for (int i = C_OFF + m * n; i < c.length; i++) assertUnchanged(name + ": C after its end", cBefore, c, i);
        for (int i = 0; i < a.length; i++) assertUnchanged(name + ": A", aBefore, a, i);
        for (int i = 0; i < b.length; i++) assertUnchanged(name + ": B", bBefore, b, i);
    }

    private static void assertUnchanged(String what, double[] before, double[] after, int i) {
        if (before[i] != after[i]) fail(what + " cell " + i + " changed from " + before[i] + " to " + after[i]);
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("sizes")
    void abAccumulatesTheNaiveProduct(int m, int n, int k) {
        check(Op.AB, m, n, k);
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("sizes")
    void abTAccumulatesTheNaiveProduct(int m, int n, int k) {
        check(Op.ABT, m, n, k);
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("sizes")
    void aTbAccumulatesTheNaiveProduct(int m, int n, int k) {
        check(Op.ATB, m, n, k);
    }
}
