package cnnbp.layer;

import cnnbp.tensor.Parallel;
import cnnbp.tensor.Tensor;
import java.util.Arrays;

/**
 * Max pooling over (kh, kw) windows moved by (sh, sw), no padding, floor mode:
 * {@code out[n, c, oh, ow] = max over the window of inp[n, c, ...]}. Backward routes each
 * dout element to the position that was the window's maximum, the first one in row-major window
 * order on ties, as PyTorch does (a NaN counts as the maximum, and the last NaN of a window wins, as in
 * PyTorch's CPU kernel); forward caches those positions (argmax).
 */
public final class MaxPool2d implements Piecewise {
    private final int c, h, w, oh, ow;
    private final int kh, kw, sh, sw;

    private Tensor out;                  // (N, C, OH, OW)
    private Tensor dinp;                 // (N, C, H, W)
    private int[] argmax = new int[0];   // (N, C, OH, OW): flat index into inp of each window's max

    public MaxPool2d(int[] inShape, int[] size, int[] stride) {
        this.c = inShape[0];
        this.h = inShape[1];
        this.w = inShape[2];
        this.kh = size[0];
        this.kw = size[1];
        this.sh = stride[0];
        this.sw = stride[1];
        this.oh = (h - kh) / sh + 1;
        this.ow = (w - kw) / sw + 1;
    }

    @Override
    public String type() {
        return "maxpool";
    }

    @Override
    public int[] inShape() {
        return new int[] {c, h, w};
    }

    @Override
    public int[] outShape() {
        return new int[] {c, oh, ow};
    }

    public int[] size() {
        return new int[] {kh, kw};
    }

    public int[] stride() {
        return new int[] {sh, sw};
    }

    @Override
    public Tensor forward(Tensor inp) {
        int n = inp.n();
        out = Tensor.reuse(out, n, outShape());
        if (argmax.length != out.size()) argmax = new int[out.size()];
        double[] in = inp.data, o = out.data;
        Parallel.forEach(n, (t, from, to) -> {
            for (int plane = from * c; plane < to * c; plane++) {
                int inOff = plane * h * w;
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        int start = inOff + (y * sh) * w + x * sw;  // the window's top left
                        int best = windowArgmax(in, start);
                        int oi = (plane * oh + y) * ow + x;
                        o[oi] = in[best];
                        argmax[oi] = best;
                    }
                }
            }
        });
        return out;
    }

    /**
     * The position of the window's maximum: the first in row-major order among equal ones, the
     * last NaN if it holds any. Found as the max (Math.max: NaN wins) and then the first element
     * equal to it, which runs with fewer mispredicted branches than comparing as we go.
     */
    private int windowArgmax(double[] in, int start) {
        double max = in[start];
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) max = Math.max(max, in[start + i * w + j]);
        }
        int best = start;
        if (Double.isNaN(max)) {  // as PyTorch: a NaN is the max, the last NaN wins
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) best = Double.isNaN(in[start + i * w + j]) ? start + i * w + j : best;
            }
            return best;
        }
        for (int i = kh - 1; i >= 0; i--) {
            for (int j = kw - 1; j >= 0; j--) best = in[start + i * w + j] == max ? start + i * w + j : best;
        }
        return best;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        if (!needDinp) return null;
        dinp = Tensor.reuse(dinp, dout.n(), inShape());
        double[] d = dout.data, din = dinp.data;
        int per = dout.perExample(), inPer = dinp.perExample();
        Parallel.forEach(dout.n(), (t, from, to) -> {  // an example's windows route only into its own input
            Arrays.fill(din, from * inPer, to * inPer, 0);
            for (int i = from * per; i < to * per; i++) din[argmax[i]] += d[i];
        });
        return dinp;
    }

    /**
     * The routing mask of the last forward, (N, C, H, W): how many windows send their gradient to
     * each input element; 0 or 1 unless windows overlap.
     */
    public Tensor mask() {
        Tensor mask = Tensor.batch(out.n(), inShape());
        for (int i = 0; i < out.size(); i++) mask.data[argmax[i]] += 1;
        return mask;
    }

    /** The argmax of the last forward, (N, C, OH, OW); a copy. */
    public int[] argmax() {
        return argmax.clone();
    }

    /** The argmax of the last forward, (N, C, OH, OW): each window's piece is its maximum's position. */
    @Override
    public int[] pieces(int[] dst) {
        int[] p = dst != null && dst.length == out.size() ? dst : new int[out.size()];
        System.arraycopy(argmax, 0, p, 0, p.length);
        return p;
    }
}
