package cnnbp.layer;

import cnnbp.tensor.Tensor;

/**
 * Average pooling over (kh, kw) windows moved by (sh, sw), no padding, floor mode:
 * {@code out[n, c, oh, ow] = mean over the window of inp[n, c, ...]}. Backward spreads each dout
 * element evenly, dout / (kh·kw), over its window.
 */
public final class AvgPool2d implements Layer {
    private final int c, h, w, oh, ow;
    private final int kh, kw, sh, sw;

    private Tensor out;   // (N, C, OH, OW)
    private Tensor dinp;  // (N, C, H, W)

    public AvgPool2d(int[] inShape, int[] size, int[] stride) {
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
        return "avgpool";
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
        double[] in = inp.data, o = out.data;
        double scale = 1.0 / (kh * kw);
        for (int plane = 0; plane < n * c; plane++) {
            int inOff = plane * h * w;
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    double s = 0;
                    for (int i = 0; i < kh; i++) {
                        int row = inOff + (y * sh + i) * w + x * sw;
                        for (int j = 0; j < kw; j++) s += in[row + j];
                    }
                    o[(plane * oh + y) * ow + x] = s * scale;
                }
            }
        }
        return out;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        if (!needDinp) return null;
        int n = dout.n();
        dinp = Tensor.reuse(dinp, n, inShape());
        dinp.fill(0);
        double[] d = dout.data, din = dinp.data;
        double scale = 1.0 / (kh * kw);
        for (int plane = 0; plane < n * c; plane++) {
            int inOff = plane * h * w;
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    double g = d[(plane * oh + y) * ow + x] * scale;
                    for (int i = 0; i < kh; i++) {
                        int row = inOff + (y * sh + i) * w + x * sw;
                        for (int j = 0; j < kw; j++) din[row + j] += g;
                    }
                }
            }
        }
        return dinp;
    }
}
