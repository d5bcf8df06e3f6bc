package cnnbp.tensor;

/**
 * Matrix multiplies over row-major blocks of flat arrays, accumulating into C ({@code +=}). Each
 * matrix is given as (array, offset); dimensions are C (m, n), and K is the shared dimension.
 * The inner loops run along contiguous rows so that the JIT vectorizes them.
 */
public final class Gemm {
    private Gemm() {}

    /** C (m, n) += A (m, k) · B (k, n). */
    public static void ab(int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
                          double[] c, int cOff) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            for (int p = 0; p < k; p++) {
                double aip = a[aOff + i * k + p];
                if (aip == 0) continue;
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
            }
        }
    }

    /** C (m, n) += A (m, k) · Bᵀ, where B is (n, k). */
    public static void abT(int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
                           double[] c, int cOff) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * k;
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * k;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int p = 0;
                for (; p + 3 < k; p += 4) {
                    s0 += a[ai + p] * b[bj + p];
                    s1 += a[ai + p + 1] * b[bj + p + 1];
                    s2 += a[ai + p + 2] * b[bj + p + 2];
                    s3 += a[ai + p + 3] * b[bj + p + 3];
                }
                for (; p < k; p++) s0 += a[ai + p] * b[bj + p];
                c[cOff + i * n + j] += (s0 + s1) + (s2 + s3);
            }
        }
    }

    /** C (m, n) += Aᵀ · B, where A is (k, m) and B is (k, n). */
    public static void aTb(int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
                           double[] c, int cOff) {
        for (int p = 0; p < k; p++) {
            int bp = bOff + p * n;
            for (int i = 0; i < m; i++) {
                double api = a[aOff + p * m + i];
                if (api == 0) continue;
                int ci = cOff + i * n;
                for (int j = 0; j < n; j++) c[ci + j] += api * b[bp + j];
            }
        }
    }
}
