package cnnbp.tensor;

/**
 * Matrix multiplies accumulating into C ({@code +=}); dimensions are C (m, n), and k is the shared
 * dimension. A flat matrix is given as (array, offset), row-major; a matrix of rows as (array of
 * rows, first row), each row its own {@code double[]} starting at 0.
 *
 * <p>Why rows: Java 17's JIT vectorizes a loop {@code c[j] += a·b[j]} only when every array in it is
 * indexed by the same expression, {@code [j]} here: with rows at different offsets of one array
 * ({@code c[ci + j] += a·b[bp + j]}) it runs scalar, 3–4x slower. So the hot multiply of a
 * convolution, {@link #ab(int, int, int, double[], int, double[][], int, double[][], int)}, takes its
 * B and C as rows (and runs at 25–35 GFLOP/s on a 2-core Xeon, where the flat one managed 4), and {@link #abT(int, int, int, double[], int, double[][], int, double[], int)}, a
 * reduction the JIT does not vectorize, keeps 16 sums in registers instead. The flat kernels serve
 * the dense layer, whose multiplies are small.
 */
public final class Gemm {
    private Gemm() {}

    /**
     * C (m, n) += A (m, k) · B (k, n): A flat, B the rows b[b0 .. b0 + k), C the rows
     * c[c0 .. c0 + m). Four rows of C against two rows of B at a time: each pass loads six rows,
     * stores four and does eight fused multiply-adds an element (two rows of C did four for four loads
     * and two stores, and ran 20–25% slower on this network's shapes). Every element of C is summed
     * over p in order, as the plain loop would, so the blocking never changes a bit.
     */
    public static void ab(int m, int n, int k, double[] a, int aOff, double[][] b, int b0, double[][] c, int c0) {
        int i = 0;
        for (; i + 3 < m; i += 4) {
            double[] c0r = c[c0 + i], c1r = c[c0 + i + 1], c2r = c[c0 + i + 2], c3r = c[c0 + i + 3];
            int a0 = aOff + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k, p = 0;
            for (; p + 1 < k; p += 2) {
                double u0 = a[a0 + p], u1 = a[a1 + p], u2 = a[a2 + p], u3 = a[a3 + p];
                double w0 = a[a0 + p + 1], w1 = a[a1 + p + 1], w2 = a[a2 + p + 1], w3 = a[a3 + p + 1];
                double[] x0 = b[b0 + p], x1 = b[b0 + p + 1];
                for (int j = 0; j < n; j++) {
                    double v0 = x0[j], v1 = x1[j];
                    c0r[j] = Math.fma(w0, v1, Math.fma(u0, v0, c0r[j]));
                    c1r[j] = Math.fma(w1, v1, Math.fma(u1, v0, c1r[j]));
                    c2r[j] = Math.fma(w2, v1, Math.fma(u2, v0, c2r[j]));
                    c3r[j] = Math.fma(w3, v1, Math.fma(u3, v0, c3r[j]));
                }
            }
            if (p < k) {
                double u0 = a[a0 + p], u1 = a[a1 + p], u2 = a[a2 + p], u3 = a[a3 + p];
                double[] x0 = b[b0 + p];
                for (int j = 0; j < n; j++) {
                    double v0 = x0[j];
                    c0r[j] = Math.fma(u0, v0, c0r[j]);
                    c1r[j] = Math.fma(u1, v0, c1r[j]);
                    c2r[j] = Math.fma(u2, v0, c2r[j]);
                    c3r[j] = Math.fma(u3, v0, c3r[j]);
                }
            }
        }
        for (; i < m; i++) {  // the last rows, one at a time
            double[] ci = c[c0 + i];
            for (int p = 0; p < k; p++) {
                double a0 = a[aOff + i * k + p];
                double[] x0 = b[b0 + p];
                for (int j = 0; j < n; j++) ci[j] = Math.fma(a0, x0[j], ci[j]);
            }
        }
    }

    /**
     * C (m, n) += A (m, k) · Bᵀ: A flat, B (n, k) the rows b[b0 .. b0 + n), C flat. Each element is
     * one dot product over p in order, fused multiply-adds from 0, then added to C; 4x4 blocks of
     * them run together so that each load feeds four products. A block and a lone dot product give
     * the same bits, so how m is cut into blocks (or between threads) never changes the result.
     */
    public static void abT(int m, int n, int k, double[] a, int aOff, double[][] b, int b0, double[] c, int cOff) {
        int i = 0;
        for (; i + 3 < m; i += 4) {
            int a0 = aOff + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
            int j = 0;
            for (; j + 3 < n; j += 4) {
                double[] y0 = b[b0 + j], y1 = b[b0 + j + 1], y2 = b[b0 + j + 2], y3 = b[b0 + j + 3];
                double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
                double s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
                for (int p = 0; p < k; p++) {
                    double u0 = a[a0 + p], u1 = a[a1 + p], u2 = a[a2 + p], u3 = a[a3 + p];
                    double v0 = y0[p], v1 = y1[p], v2 = y2[p], v3 = y3[p];
                    s00 = Math.fma(u0, v0, s00); s01 = Math.fma(u0, v1, s01); s02 = Math.fma(u0, v2, s02); s03 = Math.fma(u0, v3, s03);
                    s10 = Math.fma(u1, v0, s10); s11 = Math.fma(u1, v1, s11); s12 = Math.fma(u1, v2, s12); s13 = Math.fma(u1, v3, s13);
                    s20 = Math.fma(u2, v0, s20); s21 = Math.fma(u2, v1, s21); s22 = Math.fma(u2, v2, s22); s23 = Math.fma(u2, v3, s23);
                    s30 = Math.fma(u3, v0, s30); s31 = Math.fma(u3, v1, s31); s32 = Math.fma(u3, v2, s32); s33 = Math.fma(u3, v3, s33);
                }
                int c0 = cOff + i * n + j, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
                c[c0] += s00; c[c0 + 1] += s01; c[c0 + 2] += s02; c[c0 + 3] += s03;
                c[c1] += s10; c[c1 + 1] += s11; c[c1 + 2] += s12; c[c1 + 3] += s13;
                c[c2] += s20; c[c2 + 1] += s21; c[c2 + 2] += s22; c[c2 + 3] += s23;
                c[c3] += s30; c[c3 + 1] += s31; c[c3 + 2] += s32; c[c3 + 3] += s33;
            }
            for (; j < n; j++) {  // the last columns: four rows against one row of B
                double[] y0 = b[b0 + j];
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int p = 0; p < k; p++) {
                    double v = y0[p];
                    s0 = Math.fma(a[a0 + p], v, s0);
                    s1 = Math.fma(a[a1 + p], v, s1);
                    s2 = Math.fma(a[a2 + p], v, s2);
                    s3 = Math.fma(a[a3 + p], v, s3);
                }
                c[cOff + i * n + j] += s0;
                c[cOff + (i + 1) * n + j] += s1;
                c[cOff + (i + 2) * n + j] += s2;
                c[cOff + (i + 3) * n + j] += s3;
            }
        }
        for (; i < m; i++) {  // the last rows, one dot product at a time
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s = Math.fma(a[aOff + i * k + p], b[b0 + j][p], s);
                c[cOff + i * n + j] += s;
            }
        }
    }
}
