package cnnbp.layer;

import cnnbp.tensor.Gemm;
import cnnbp.tensor.Parallel;
import cnnbp.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * 2-D convolution as PyTorch defines it: cross-correlation with zero padding.
 *
 * <pre>
 * out[n, f, oh, ow] = bias[f] + Σ_c Σ_i Σ_j weight[f, c, i, j] · inp[n, c, oh·sh − ph + i, ow·sw − pw + j]
 * </pre>
 *
 * Computed as a matrix multiply: im2col unrolls each example into col (K, P), K = C·kh·kw rows of
 * P = OH·OW output positions, so out_n (F, P) = weight (F, K) · col + bias. Backward is two more
 * multiplies: dweight += dout_n · colᵀ, dcol = weightᵀ · dout_n, then col2im adds dcol back into
 * dinp. N = batch, C = in channels, F = filters, (H, W) in, (OH, OW) out.
 *
 * <p>Examples run in parallel ({@link Parallel}), and dweight's rows do, each summed over the
 * batch in order: the same numbers on any number of threads. col and the multiplies' other
 * operands are arrays of rows, the layout {@link Gemm}'s vectorized multiply needs.
 */
public final class Conv2d implements AffineInParams {
    private final int c, h, w;          // input (C, H, W)
    private final int f, oh, ow;        // output (F, OH, OW)
    private final int kh, kw, sh, sw, ph, pw;
    private final int k, p;             // K = C·kh·kw, P = OH·OW
    private final Param weight;         // (F, C, kh, kw), viewed as (F, K)
    private final Param bias;           // (F)

    private Tensor out;                      // (N, F, OH, OW)
    private Tensor dinp;                     // (N, C, H, W)
    private double[][] col = new double[0][];  // (N·K, P): example n's col (K, P) is rows n·K ..; kept for backward
    private final double[] weightT;          // (K, F): weightᵀ, for dcol
    private double[][][] rowsF = new double[0][][];  // per worker (F, P): out_n as it is summed, or dout_n
    private double[][][] rowsK = new double[0][][];  // per worker (K, P): dcol

    public Conv2d(int[] inShape, int filters, int[] kernel, int[] stride, int[] padding, Tensor weight,
                  Tensor bias) {
        this.c = inShape[0];
        this.h = inShape[1];
        this.w = inShape[2];
        this.f = filters;
        this.kh = kernel[0];
        this.kw = kernel[1];
        this.sh = stride[0];
        this.sw = stride[1];
        this.ph = padding[0];
        this.pw = padding[1];
        this.oh = outSize(h, kh, sh, ph);
        this.ow = outSize(w, kw, sw, pw);
        this.k = c * kh * kw;
        this.p = oh * ow;
        this.weight = new Param("W", weight);
        this.bias = new Param("b", bias);
        this.weightT = new double[k * f];
    }

    /** PyTorch's output size: floor((in + 2·pad − kernel) / stride) + 1. */
    public static int outSize(int in, int kernel, int stride, int pad) {
        return Math.floorDiv(in + 2 * pad - kernel, stride) + 1;
    }

    @Override
    public String type() {
        return "conv";
    }

    @Override
    public int[] inShape() {
        return new int[] {c, h, w};
    }

    @Override
    public int[] outShape() {
        return new int[] {f, oh, ow};
    }

    public int[] kernel() {
        return new int[] {kh, kw};
    }

    public int[] stride() {
        return new int[] {sh, sw};
    }

    public int[] padding() {
        return new int[] {ph, pw};
    }

    @Override
    public List<Param> params() {
        return List.of(weight, bias);
    }

    @Override
    public long macs() {
        return (long) f * k * p;
    }

    @Override
    public Tensor forward(Tensor inp) {
        int n = inp.n();
        out = Tensor.reuse(out, n, outShape());
        if (col.length < n * k) col = new double[n * k][p];
        if (rowsF.length < Parallel.threads()) rowsF = new double[Parallel.threads()][f][p];
        double[] in = inp.data, wt = weight.value.data, b = bias.value.data, o = out.data;
        Parallel.forEach(n, (t, from, to) -> {
            double[][] acc = rowsF[t];  // (F, P)
            for (int i = from; i < to; i++) {
                im2col(in, i * c * h * w, col, i * k);
                for (int fi = 0; fi < f; fi++) Arrays.fill(acc[fi], b[fi]);
                Gemm.ab(f, p, k, wt, 0, col, i * k, acc, 0);
                for (int fi = 0; fi < f; fi++) System.arraycopy(acc[fi], 0, o, (i * f + fi) * p, p);
            }
        });
        return out;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        int n = dout.n();
        double[] dw = weight.grad.data, db = bias.grad.data, d = dout.data;
        Parallel.forEach(f, (t, f0, f1) -> {  // rows f0 .. f1 of dweight and dbias, over the whole batch
            for (int i = 0; i < n; i++) {
                Gemm.abT(f1 - f0, k, p, d, (i * f + f0) * p, col, i * k, dw, f0 * k);
                for (int fi = f0; fi < f1; fi++) {
                    double s = 0;
                    for (int j = 0; j < p; j++) s += d[(i * f + fi) * p + j];
                    db[fi] += s;
                }
            }
        });
        if (!needDinp) return null;
        dinp = Tensor.reuse(dinp, n, inShape());
        if (rowsK.length < Parallel.threads()) rowsK = new double[Parallel.threads()][k][p];
        if (rowsF.length < Parallel.threads()) rowsF = new double[Parallel.threads()][f][p];
        double[] wt = weight.value.data;
        for (int fi = 0; fi < f; fi++) {
            for (int r = 0; r < k; r++) weightT[r * f + fi] = wt[fi * k + r];
        }
        Parallel.forEach(n, (t, from, to) -> {
            double[][] doutN = rowsF[t], dcol = rowsK[t];  // (F, P), (K, P)
            for (int i = from; i < to; i++) {
                for (int fi = 0; fi < f; fi++) System.arraycopy(d, (i * f + fi) * p, doutN[fi], 0, p);
                for (double[] row : dcol) Arrays.fill(row, 0);
                Gemm.ab(k, p, f, weightT, 0, doutN, 0, dcol, 0);
                Arrays.fill(dinp.data, i * c * h * w, (i + 1) * c * h * w, 0);
                col2im(dcol, dinp.data, i * c * h * w);
            }
        });
        return dinp;
    }

    /**
     * weight[f, c, i, j], flat e = f·K + r with r = (c·kh + i)·kw + j, moves out[n, f, :] by δ times
     * row r of example n's col; bias[f] moves all of out[n, f, :] by δ.
     */
    @Override
    public void shiftOutput(Param param, int e, double delta, Tensor base) {
        int n = out.n();
        double[] o = out.data, b = base.data;
        if (param == weight) {
            int fi = e / k, r = e % k;
            for (int i = 0; i < n; i++) {
                int oOff = (i * f + fi) * p;
                double[] cr = col[i * k + r];
                for (int j = 0; j < p; j++) o[oOff + j] = b[oOff + j] + delta * cr[j];
            }
        } else if (param == bias) {
            for (int i = 0; i < n; i++) {
                int oOff = (i * f + e) * p;
                for (int j = 0; j < p; j++) o[oOff + j] = b[oOff + j] + delta;
            }
        } else {
            throw new IllegalArgumentException("not a parameter of this layer: " + param.key);
        }
    }

    /** col rows row0 .. row0 + K ← the patches of one example (C, H, W) at inOff; zero outside the image. */
    private void im2col(double[] in, int inOff, double[][] col, int row0) {
        for (int ci = 0; ci < c; ci++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    double[] row = col[row0 + (ci * kh + i) * kw + j];
                    int x0 = firstInside(j), x1 = endInside(j);  // x0 ≤ x < x1 read inside the image
                    Arrays.fill(row, 0);  // the padding; what lies inside the image is copied over it
                    for (int y = 0; y < oh; y++) {
                        int iy = y * sh - ph + i, r = y * ow;
                        if (iy < 0 || iy >= h || x0 >= x1) continue;
                        int inRow = inOff + (ci * h + iy) * w - pw + j;  // + x·sw: the input under x
                        if (sw == 1) {
                            System.arraycopy(in, inRow + x0, row, r + x0, x1 - x0);
                        } else {
                            for (int x = x0; x < x1; x++) row[r + x] = in[inRow + x * sw];
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of im2col: adds each entry of dcol (K, P) into din (C, H, W) at dinOff. */
    private void col2im(double[][] dcol, double[] din, int dinOff) {
        for (int ci = 0; ci < c; ci++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    double[] row = dcol[(ci * kh + i) * kw + j];
                    int x0 = firstInside(j), x1 = endInside(j);
                    for (int y = 0; y < oh; y++) {
                        int iy = y * sh - ph + i, r = y * ow;
                        if (iy < 0 || iy >= h) continue;
                        int inRow = dinOff + (ci * h + iy) * w - pw + j;
                        for (int x = x0; x < x1; x++) din[inRow + x * sw] += row[r + x];
                    }
                }
            }
        }
    }

    /** The first output column x whose kernel column j reads inside the image: x·sw − pw + j ≥ 0. */
    private int firstInside(int j) {
        return Math.min(ow, Math.max(0, Math.floorDiv(pw - j + sw - 1, sw)));
    }

    /** One past the last output column x whose kernel column j reads inside: x·sw − pw + j < W. */
    private int endInside(int j) {
        return Math.min(ow, Math.max(0, Math.floorDiv(w - 1 + pw - j, sw) + 1));
    }
}
