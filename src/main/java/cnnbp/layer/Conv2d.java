package cnnbp.layer;

import cnnbp.tensor.Gemm;
import cnnbp.tensor.Parallel;
import cnnbp.tensor.Tensor;
import java.util.ArrayList;
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
 * <p>Examples run in parallel ({@link ExampleWise}); dweight and dbias are summed per fixed chunk of
 * examples, and the chunks' parts added in order: the same numbers on any number of threads. col
 * is made again in backward rather than kept for the whole batch, so that each thread's working
 * set stays in its own cache. col and the multiplies' other operands are arrays of rows, the
 * layout {@link Gemm}'s vectorized multiply needs.
 */
public final class Conv2d implements AffineInParams, ExampleWise {
    private static final int ROWS_K = 32;  // from this K on, dweight is a vectorized multiply (see backward)

    private final int c, h, w;          // input (C, H, W)
    private final int f, oh, ow;        // output (F, OH, OW)
    private final int kh, kw, sh, sw, ph, pw;
    private final int k, p;             // K = C·kh·kw, P = OH·OW
    private final int[] xFirst, xEnd;   // (kw): output columns x0 ≤ x < x1 whose kernel column j reads inside the image
    private final boolean shifts;       // stride 1 and OW = W: each row of col is the input plane shifted (im2col)
    private final List<Shift> shifted;  // with shifts, the kernel positions (i, j) that read inside the image
    private final Param weight;         // (F, C, kh, kw), viewed as (F, K)
    private final Param bias;           // (F)

    private Tensor inp;                      // (N, C, H, W), from the last forward
    private Tensor out;                      // (N, F, OH, OW)
    private Tensor dout;                     // (N, F, OH, OW), of the prepared backward
    private boolean needDinp;
    private Tensor dinp;                     // (N, C, H, W)
    private final double[] weightT;          // (K, F): weightᵀ, for dcol
    private double[][][] col = new double[0][][];    // per worker (K, P): one example's col
    private double[][][] dcol = new double[0][][];   // per worker (K, P)
    private double[][][] rowsF = new double[0][][];  // per worker (F, P): out_n as it is summed, or dout_n
    private double[][][] rowsP = new double[0][][];  // per worker (P, K): colᵀ, when K ≥ ROWS_K
    private double[][][] rowsFK = new double[0][][]; // per worker (F, K): a chunk's dweight, when K ≥ ROWS_K
    private double[][][] planes = new double[0][][]; // per worker (2, H·W): col2im's sum and shifted row, with shifts
    private double[][] dweightPart = new double[0][];  // per chunk (F·K): its part of dweight
    private double[][] dbiasPart = new double[0][];    // per chunk (F)

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
        this.xFirst = new int[kw];
        this.xEnd = new int[kw];
        for (int j = 0; j < kw; j++) {
            xFirst[j] = firstInside(j);
            xEnd[j] = endInside(j);
        }
        this.shifts = sh == 1 && sw == 1 && ow == w;
        this.shifted = shifts ? shiftRows() : List.of();
    }

    /**
     * Kernel position (i, j), row ij of a channel's rows of col, as a shift of the input plane (stride 1,
     * OW = W): col[q] = plane[q + shift] for from ≤ q < to, but 0 in rows y outside [y0, y1) and columns
     * x outside [x0, x1), which read the padding.
     */
    private record Shift(int ij, int shift, int from, int to, int y0, int y1, int x0, int x1) {}

    /** The kernel positions that read inside the image; the others' rows of col are all padding, 0. */
    private List<Shift> shiftRows() {
        List<Shift> list = new ArrayList<>();
        for (int i = 0; i < kh; i++) {
            int y0 = Math.max(0, ph - i), y1 = Math.min(oh, h + ph - i);  // rows y0 ≤ y < y1 read inside
            for (int j = 0; j < kw; j++) {
                int x0 = xFirst[j], x1 = xEnd[j];
                if (y0 < y1 && x0 < x1) {
                    int shift = (i - ph) * w + (j - pw), from = y0 * w + x0, to = (y1 - 1) * w + x1;
                    list.add(new Shift(i * kw + j, shift, from, to, y0, y1, x0, x1));
                }
            }
        }
        return List.copyOf(list);
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
    public Tensor prepareForward(Tensor inp) {
        this.inp = inp;
        out = Tensor.reuse(out, inp.n(), outShape());
        perWorker();
        return out;
    }

    @Override
    public void forward(int worker, int from, int to) {
        double[] in = inp.data, wt = weight.value.data, b = bias.value.data, o = out.data;
        double[][] colN = col[worker], acc = rowsF[worker];  // (K, P), (F, P)
        for (int i = from; i < to; i++) {
            im2col(in, i * c * h * w, colN);
            for (int fi = 0; fi < f; fi++) Arrays.fill(acc[fi], b[fi]);
            Gemm.ab(f, p, k, wt, 0, colN, 0, acc, 0);
            for (int fi = 0; fi < f; fi++) System.arraycopy(acc[fi], 0, o, (i * f + fi) * p, p);
        }
    }

    @Override
    public Tensor prepareBackward(Tensor dout, boolean needDinp) {
        int chunks = Parallel.chunks(dout.n());
        this.dout = dout;
        this.needDinp = needDinp;
        perWorker();
        if (dweightPart.length < chunks) {
            dweightPart = new double[chunks][f * k];
            dbiasPart = new double[chunks][f];
        }
        if (!needDinp) return null;
        dinp = Tensor.reuse(dinp, dout.n(), inShape());
        double[] wt = weight.value.data;
        for (int fi = 0; fi < f; fi++) {
            for (int r = 0; r < k; r++) weightT[r * f + fi] = wt[fi * k + r];
        }
        return dinp;
    }

    /**
     * dweight += dout_n · colᵀ, a sum over P for each of its F·K elements. With K ≥ {@link #ROWS_K}
     * it runs as dout_n (F, P) · rows (P, K), rows being col's transpose, so that the multiply
     * vectorizes along K; with a small K, as dot products ({@link Gemm#abT}).
     */
    @Override
    public void backward(int worker, int from, int to) {
        double[] in = inp.data, d = dout.data;
        double[][] colN = col[worker], doutN = rowsF[worker], dcolN = dcol[worker];  // (K, P), (F, P), (K, P)
        double[][] rowsN = rowsP[worker], dwN = rowsFK[worker];                      // (P, K), (F, K)
        for (int ch = from / Parallel.CHUNK; ch * Parallel.CHUNK < to; ch++) {
            double[] dw = dweightPart[ch], db = dbiasPart[ch];
            Arrays.fill(dw, 0);
            Arrays.fill(db, 0);
            for (double[] row : dwN) Arrays.fill(row, 0);
            for (int i = ch * Parallel.CHUNK; i < Math.min(to, (ch + 1) * Parallel.CHUNK); i++) {
                im2col(in, i * c * h * w, colN);
                if (k >= ROWS_K) {
                    transpose(colN, rowsN);
                    Gemm.ab(f, k, p, d, i * f * p, rowsN, 0, dwN, 0);
                } else {
                    Gemm.abT(f, k, p, d, i * f * p, colN, 0, dw, 0);
                }
                for (int fi = 0; fi < f; fi++) db[fi] += sum(d, (i * f + fi) * p, p);
                if (!needDinp) continue;
                for (int fi = 0; fi < f; fi++) System.arraycopy(d, (i * f + fi) * p, doutN[fi], 0, p);
                for (double[] row : dcolN) Arrays.fill(row, 0);
                Gemm.ab(k, p, f, weightT, 0, doutN, 0, dcolN, 0);  // dcol = weightᵀ · dout_n
                if (shifts) {
                    col2imShifts(dcolN, dinp.data, i * c * h * w, planes[worker]);
                } else {
                    Arrays.fill(dinp.data, i * c * h * w, (i + 1) * c * h * w, 0);
                    col2im(dcolN, dinp.data, i * c * h * w);
                }
            }
            if (k >= ROWS_K) {
                for (int fi = 0; fi < f; fi++) System.arraycopy(dwN[fi], 0, dw, fi * k, k);
            }
        }
    }

    /**
     * a[from] + ... + a[from + len − 1], as four sums of every fourth element added at the end: four
     * chains of additions run at once where one would wait for each addition before the next.
     */
    private static double sum(double[] a, int from, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = from, end = from + len;
        for (; j + 3 < end; j += 4) {
            s0 += a[j];
            s1 += a[j + 1];
            s2 += a[j + 2];
            s3 += a[j + 3];
        }
        for (; j < end; j++) s0 += a[j];
        return (s0 + s1) + (s2 + s3);
    }

    /** dweight and dbias += the chunks' parts, in chunk order. */
    @Override
    public void finishBackward() {
        double[] dw = weight.grad.data, db = bias.grad.data;
        for (int ch = 0; ch < Parallel.chunks(dout.n()); ch++) {
            for (int e = 0; e < f * k; e++) dw[e] += dweightPart[ch][e];
            for (int fi = 0; fi < f; fi++) db[fi] += dbiasPart[ch][fi];
        }
    }

    /** Each worker's own col, dcol and (F, P) rows, for as many workers as there are threads. */
    private void perWorker() {
        int threads = Parallel.threads();
        if (col.length < threads) {
            col = new double[threads][k][p];
            dcol = new double[threads][k][p];
            rowsF = new double[threads][f][p];
            rowsP = k >= ROWS_K ? new double[threads][p][k] : new double[threads][0][];
            rowsFK = k >= ROWS_K ? new double[threads][f][k] : new double[threads][0][];
            planes = new double[threads][shifts ? 2 : 0][h * w];
        }
    }

    /**
     * weight[f, c, i, j], flat e = f·K + (c·kh + i)·kw + j, moves out[n, f, y, x] by δ times
     * inp[n, c, y·sh − ph + i, x·sw − pw + j] (0 in the padding); bias[f] moves all of out[n, f, :] by δ.
     */
    @Override
    public void shiftOutput(Param param, int e, double delta, Tensor base) {
        int n = out.n();
        double[] o = out.data, b = base.data, in = inp.data;
        if (param == weight) {
            int fi = e / k, ci = e % k / (kh * kw), i = e % (kh * kw) / kw, j = e % kw;
            for (int m = 0; m < n; m++) {
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        int iy = y * sh - ph + i, ix = x * sw - pw + j, at = ((m * f + fi) * oh + y) * ow + x;
                        double v = iy >= 0 && iy < h && ix >= 0 && ix < w ? in[((m * c + ci) * h + iy) * w + ix] : 0;
                        o[at] = b[at] + delta * v;
                    }
                }
            }
        } else if (param == bias) {
            for (int m = 0; m < n; m++) {
                int oOff = (m * f + e) * p;
                for (int j = 0; j < p; j++) o[oOff + j] = b[oOff + j] + delta;
            }
        } else {
            throw new IllegalArgumentException("not a parameter of this layer: " + param.key);
        }
    }

    /**
     * col (K, P) ← the patches of one example (C, H, W) at inOff. Only the entries inside the image
     * are written, the same ones every time: the padding's stay the zeros the buffer was made with.
     */
    private void im2col(double[] in, int inOff, double[][] col) {
        if (shifts) {
            im2colShifts(in, inOff, col);
            return;
        }
        for (int ci = 0; ci < c; ci++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    double[] row = col[(ci * kh + i) * kw + j];
                    int x0 = xFirst[j], x1 = xEnd[j];  // x0 ≤ x < x1 read inside the image
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

    /**
     * im2col for stride 1 and OW = W (a "same" padding across, the common 3x3 pad 1): row (ci, i, j)
     * of col, flat over (y, x), is channel ci's plane flat, shifted by (i − ph)·W + (j − pw), so it is one
     * copy (where 1,000 rows of 14 took 5 µs). The shift wraps a few entries of each row around from the
     * next or previous image row: those read the padding, and are set to 0. Rows of kernel positions
     * that read only padding are never written: they stay the zeros the buffer was made with.
     */
    private void im2colShifts(double[] in, int inOff, double[][] col) {
        for (int ci = 0; ci < c; ci++) {
            for (Shift s : shifted) {
                double[] row = col[ci * kh * kw + s.ij];
                System.arraycopy(in, inOff + ci * h * w + s.from + s.shift, row, s.from, s.to - s.from);
                wrapped(row, s, 0.0);
            }
        }
    }

    /**
     * col2im for the same shapes as {@link #im2colShifts}: each row of dcol, shifted back, is added
     * to channel ci's sum, sum[q] += shifted[q] over the whole plane at once (a loop the JIT vectorizes,
     * where the row-by-row adds of {@link #col2im} run scalar). The wrapped entries become −0.0, which
     * adds nothing to any number (not even the sign of a 0), so the sums are col2im's, bit for bit.
     */
    private void col2imShifts(double[][] dcol, double[] din, int dinOff, double[][] planes) {
        double[] sum = planes[0], shiftedRow = planes[1];
        for (int ci = 0; ci < c; ci++) {
            Arrays.fill(sum, 0);
            for (Shift s : shifted) {
                double[] row = dcol[ci * kh * kw + s.ij];
                wrapped(row, s, -0.0);
                System.arraycopy(row, s.from, shiftedRow, s.from + s.shift, s.to - s.from);
                for (int q = s.from + s.shift; q < s.to + s.shift; q++) sum[q] += shiftedRow[q];
            }
            System.arraycopy(sum, 0, din, dinOff + ci * h * w, h * w);
        }
    }

    /** Sets row[y·W + x] = v for y0 ≤ y < y1 and x outside [x0, x1) of s: the few entries its shift wraps around. */
    private void wrapped(double[] row, Shift s, double v) {
        for (int y = s.y0; y < s.y1; y++) {
            for (int x = 0; x < s.x0; x++) row[y * w + x] = v;
            for (int x = s.x1; x < w; x++) row[y * w + x] = v;
        }
    }

    /** rows (P, K) ← col (K, P) transposed, four rows of it at a time (one pass down col fills four). */
    private void transpose(double[][] col, double[][] rows) {
        int q = 0;
        for (; q + 3 < p; q += 4) {
            double[] r0 = rows[q], r1 = rows[q + 1], r2 = rows[q + 2], r3 = rows[q + 3];
            for (int e = 0; e < k; e++) {
                double[] from = col[e];
                r0[e] = from[q];
                r1[e] = from[q + 1];
                r2[e] = from[q + 2];
                r3[e] = from[q + 3];
            }
        }
        for (; q < p; q++) {
            for (int e = 0; e < k; e++) rows[q][e] = col[e][q];
        }
    }

    /** The adjoint of im2col: adds each entry of dcol (K, P) into din (C, H, W) at dinOff. */
    private void col2im(double[][] dcol, double[] din, int dinOff) {
        for (int ci = 0; ci < c; ci++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    double[] row = dcol[(ci * kh + i) * kw + j];
                    int x0 = xFirst[j], x1 = xEnd[j];
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
