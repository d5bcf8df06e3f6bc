package cnnbp.layer;

import cnnbp.tensor.Gemm;
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
 */
public final class Conv2d implements AffineInParams {
    private final int c, h, w;          // input (C, H, W)
    private final int f, oh, ow;        // output (F, OH, OW)
    private final int kh, kw, sh, sw, ph, pw;
    private final int k, p;             // K = C·kh·kw, P = OH·OW
    private final Param weight;         // (F, C, kh, kw), viewed as (F, K)
    private final Param bias;           // (F)

    private Tensor out;                 // (N, F, OH, OW)
    private Tensor dinp;                // (N, C, H, W)
    private double[] col = new double[0];  // (N, K, P), kept for backward
    private double[] dcol;              // (K, P)

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
        this.dcol = new double[k * p];
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
        if (out == null || out.n() != n) col = new double[n * k * p];
        out = Tensor.reuse(out, n, outShape());
        double[] wt = weight.value.data, b = bias.value.data, o = out.data;
        for (int i = 0; i < n; i++) {
            im2col(inp.data, i * c * h * w, col, i * k * p);
            int oOff = i * f * p;
            for (int fi = 0; fi < f; fi++) Arrays.fill(o, oOff + fi * p, oOff + (fi + 1) * p, b[fi]);
            Gemm.ab(f, p, k, wt, 0, col, i * k * p, o, oOff);
        }
        return out;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        int n = dout.n();
        double[] dw = weight.grad.data, db = bias.grad.data, d = dout.data;
        for (int i = 0; i < n; i++) {
            int dOff = i * f * p;
            Gemm.abT(f, k, p, d, dOff, col, i * k * p, dw, 0);
            for (int fi = 0; fi < f; fi++) {
                double s = 0;
                for (int j = 0; j < p; j++) s += d[dOff + fi * p + j];
                db[fi] += s;
            }
        }
        if (!needDinp) return null;
        dinp = Tensor.reuse(dinp, n, inShape());
        dinp.fill(0);
        for (int i = 0; i < n; i++) {
            Arrays.fill(dcol, 0);
            Gemm.aTb(k, p, f, weight.value.data, 0, d, i * f * p, dcol, 0);
            col2im(dcol, dinp.data, i * c * h * w);
        }
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
                int oOff = (i * f + fi) * p, cOff = (i * k + r) * p;
                for (int j = 0; j < p; j++) o[oOff + j] = b[oOff + j] + delta * col[cOff + j];
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

    /** col (K, P) at colOff ← the patches of one example (C, H, W) at inOff; zero outside the image. */
    private void im2col(double[] in, int inOff, double[] col, int colOff) {
        for (int ci = 0; ci < c; ci++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    int row = colOff + ((ci * kh + i) * kw + j) * p;
                    for (int y = 0; y < oh; y++) {
                        int iy = y * sh - ph + i;
                        int r = row + y * ow;
                        if (iy < 0 || iy >= h) {
                            Arrays.fill(col, r, r + ow, 0);
                            continue;
                        }
                        int inRow = inOff + (ci * h + iy) * w;
                        for (int x = 0; x < ow; x++) {
                            int ix = x * sw - pw + j;
                            col[r + x] = ix >= 0 && ix < w ? in[inRow + ix] : 0;
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of im2col: adds each entry of dcol (K, P) into din (C, H, W) at dinOff. */
    private void col2im(double[] dcol, double[] din, int dinOff) {
        for (int ci = 0; ci < c; ci++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    int row = ((ci * kh + i) * kw + j) * p;
                    for (int y = 0; y < oh; y++) {
                        int iy = y * sh - ph + i;
                        if (iy < 0 || iy >= h) continue;
                        int inRow = dinOff + (ci * h + iy) * w;
                        for (int x = 0; x < ow; x++) {
                            int ix = x * sw - pw + j;
                            if (ix >= 0 && ix < w) din[inRow + ix] += dcol[row + y * ow + x];
                        }
                    }
                }
            }
        }
    }
}
