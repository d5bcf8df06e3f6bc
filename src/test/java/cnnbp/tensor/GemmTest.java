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

    /**
     * Which operand is transposed, in the layouts the Javadoc gives: A flat from A_OFF; B as rows (each
     * row its own array, from row B_OFF of the array of rows, each TAIL longer than it needs); C as
     * rows from row C_OFF for ab, flat from C_OFF for abT.
     */
    enum Op {
        AB, ABT;

        /** B's element (p, j) of the product's B (k, n), stored as (k, n) or, for ABT, (n, k). */
        int bAt(int p, int j, int n, int k) {
            return this == ABT ? j * k + p : p * n + j;
        }

        void run(int m, int n, int k, double[] a, double[] b, double[] c) {
            switch (this) {
                case AB -> {
                    double[][] cRows = rows(c, C_OFF, m, n);
                    Gemm.ab(m, n, k, a, A_OFF, rows(b, B_OFF, k, n), B_OFF, cRows, C_OFF);
                    unrows(cRows, c, C_OFF, m, n);
                }
                case ABT -> Gemm.abT(m, n, k, a, A_OFF, rows(b, B_OFF, n, k), B_OFF, c, C_OFF);
            }
        }

        /**
         * The (r, len) matrix at x[off ..] as rows off .. off + r of an array of rows, each row TAIL
         * longer than len, with SENTINEL rows before it and SENTINEL cells after each row.
         */
        static double[][] rows(double[] x, int off, int r, int len) {
            double[][] rows = new double[off + r][len + TAIL];
            for (double[] row : rows) java.util.Arrays.fill(row, SENTINEL);
            for (int i = 0; i < r; i++) System.arraycopy(x, off + i * len, rows[off + i], 0, len);
            return rows;
        }

        /** Copies rows back to x[off ..], failing if a kernel wrote outside the matrix. */
        static void unrows(double[][] rows, double[] x, int off, int r, int len) {
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < rows[i].length; j++) {
                    boolean inside = i >= off && j < len;
                    if (inside) x[off + (i - off) * len + j] = rows[i][j];
                    else if (rows[i][j] != SENTINEL) fail("row " + i + " cell " + j + " outside C changed to " + rows[i][j]);
                }
            }
        }
    }

    /** Random values with about one in five exactly 0. */
    private static double[] operand(Random rnd, int offset, int size) {
        double[] x = new double[offset + size];
        for (int i = 0; i < offset; i++) x[i] = SENTINEL;  // must not be read into the product
        for (int i = offset; i < x.length; i++) x[i] = rnd.nextInt(5) == 0 ? 0 : rnd.nextDouble() * 2 - 1;
        return x;
    }

    private static void check(Op op, int m, int n, int k) {
        String name = op.name().toLowerCase().replace("abt", "abT") + " m" + m + " n" + n + " k" + k;
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
                    double t = a[A_OFF + i * k + p] * b[B_OFF + op.bAt(p, j, n, k)];
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

    /** A block of 4x4 dot products and a lone one give the same bits, so cutting m between threads cannot change C. */
    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("sizes")
    void abTGivesTheSameBitsForAnyCutOfM(int m, int n, int k) {
        Random rnd = new Random(31L * m + 7L * n + k);
        double[] a = operand(rnd, 0, m * k);
        double[][] b = Op.rows(operand(rnd, 0, n * k), 0, n, k);
        double[] whole = new double[m * n];
        Gemm.abT(m, n, k, a, 0, b, 0, whole, 0);
        for (int cut = 1; cut < m; cut++) {
            double[] parts = new double[m * n];
            Gemm.abT(cut, n, k, a, 0, b, 0, parts, 0);
            Gemm.abT(m - cut, n, k, a, cut * k, b, 0, parts, cut * n);
            for (int e = 0; e < m * n; e++) {
                if (Double.doubleToRawLongBits(parts[e]) != Double.doubleToRawLongBits(whole[e])) {
                    fail("cut at row " + cut + ": C[" + e + "] is " + parts[e] + ", in one piece " + whole[e]);
                }
            }
        }
    }
}
