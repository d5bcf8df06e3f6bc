package cnnbp.layer;

import cnnbp.tensor.Tensor;
import java.util.Arrays;

/**
 * Max pooling over (kh, kw) windows moved by (sh, sw), no padding, floor mode:
 * {@code out[n, c, oh, ow] = max over the window of inp[n, c, ...]}. Backward routes each
 * dout element to the position that was the window's maximum, the first one in row-major window
 * order on ties, as PyTorch does (a NaN counts as the maximum, and the last NaN of a window wins, as in
 * PyTorch's CPU kernel); forward caches those positions (argmax).
 */
public final class MaxPool2d implements Piecewise, ExampleWise {
    private final int c, h, w, oh, ow;
    private final int kh, kw, sh, sw;

    private Tensor inp;                  // (N, C, H, W), of the prepared forward
    private Tensor out;                  // (N, C, OH, OW)
    private Tensor dout;                 // (N, C, OH, OW), of the prepared backward
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
    public Tensor prepareForward(Tensor inp) {
        this.inp = inp;
        out = Tensor.reuse(out, inp.n(), outShape());
        if (argmax.length != out.size()) argmax = new int[out.size()];
        return out;
    }

    @Override
    public void forward(int worker, int from, int to) {
        double[] in = inp.data, o = out.data;
        for (int plane = from * c; plane < to * c; plane++) {
            for (int y = 0; y < oh; y++) {
                int row = (plane * oh + y) * ow, top = (plane * h + y * sh) * w;  // out row, the windows' top input row
                if (kh == 2 && kw == 2) {
                    windows2x2(in, o, row, top);
                    continue;
                }
                for (int x = 0; x < ow; x++) argmax[row + x] = top + x * sw;
                for (int i = 0; i < kh; i++) {
                    for (int j = i == 0 ? 1 : 0; j < kw; j++) challenge(in, row, top + i * w + j);
                }
                for (int x = 0; x < ow; x++) o[row + x] = in[argmax[row + x]];
            }
        }
    }

    /**
     * A row of 2x2 windows, the usual pool, each window in registers. Its running maximum m is
     * {@code Math.max}, which the JIT compiles without a branch (a branch on a ReLU's output, half
     * zeros, would be mispredicted half the time; a select between doubles becomes one), and its best
     * position moves to an element v when v > m or v is a NaN, an int select. m differs from the value
     * at the best position only as +0.0 against −0.0, which compare the same, so the position is
     * PyTorch's, and the output is the value there.
     */
    private void windows2x2(double[] in, double[] o, int row, int top) {
        for (int x = 0; x < ow; x++) {
            int at = top + x * sw, best = at;
            double v0 = in[at], v1 = in[at + 1], v2 = in[at + w], v3 = in[at + w + 1];
            double m = v0;
            best = v1 > m | v1 != v1 ? at + 1 : best;
            m = Math.max(m, v1);
            best = v2 > m | v2 != v2 ? at + w : best;
            m = Math.max(m, v2);
            best = v3 > m | v3 != v3 ? at + w + 1 : best;
            argmax[row + x] = best;
            o[row + x] = in[best];
        }
    }

    /**
     * Any other window: one row of windows at a time, and for each element of the window (i, j) a pass
     * along the row (the short loops over the window stay outside), the choice a conditional move.
     * Element (i, j) of each window of an out row challenges the window's best so far: it takes the
     * place when greater, or a NaN (as PyTorch: a NaN wins, the last one). {@code first} is the
     * element of the first window; the x-th window's is sw further each.
     */
    private void challenge(double[] in, int row, int first) {
        for (int x = 0; x < ow; x++) {
            int at = first + x * sw, best = argmax[row + x];
            double v = in[at];
            argmax[row + x] = v > in[best] | Double.isNaN(v) ? at : best;
        }
    }

    @Override
    public Tensor prepareBackward(Tensor dout, boolean needDinp) {
        this.dout = dout;
        dinp = needDinp ? Tensor.reuse(dinp, dout.n(), inShape()) : null;
        return dinp;
    }

    /** An example's windows route only into its own input. */
    @Override
    public void backward(int worker, int from, int to) {
        if (dinp == null) return;
        double[] d = dout.data, din = dinp.data;
        int per = dout.perExample(), inPer = dinp.perExample();
        Arrays.fill(din, from * inPer, to * inPer, 0);
        for (int i = from * per; i < to * per; i++) din[argmax[i]] += d[i];
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
