package cnnbp.layer;

import cnnbp.tensor.Tensor;

/**
 * Global pooling, (N, C, H, W) → (N, C): each channel's mean ({@code avg}) or maximum over its
 * H·W positions, flattened, as PyTorch's {@code flatten(AdaptiveAvgPool2d(1)(x), 1)} (or
 * AdaptiveMaxPool2d). Backward spreads dout / (H·W) over the channel (avg), or routes it to the
 * channel's maximum, the first in row-major order on ties and the last NaN, as {@link MaxPool2d}.
 */
public final class GlobalPool2d implements Piecewise {
    private final boolean max;
    private final int c, hw;
    private final int[] inShape;

    private Tensor out;                  // (N, C)
    private Tensor dinp;                 // (N, C, H, W)
    private int[] argmax = new int[0];   // (N, C): flat index into inp of each channel's max

    public GlobalPool2d(int[] inShape, boolean max) {
        this.inShape = inShape.clone();
        this.max = max;
        this.c = inShape[0];
        this.hw = inShape[1] * inShape[2];
    }

    @Override
    public String type() {
        return max ? "global_maxpool" : "global_avgpool";
    }

    @Override
    public int[] inShape() {
        return inShape.clone();
    }

    @Override
    public int[] outShape() {
        return new int[] {c};
    }

    @Override
    public Tensor forward(Tensor inp) {
        out = Tensor.reuse(out, inp.n(), outShape());
        if (argmax.length != out.size()) argmax = new int[out.size()];
        double[] in = inp.data, o = out.data;
        for (int plane = 0; plane < o.length; plane++) {
            int first = plane * hw;
            if (max) {
                int best = first;
                for (int i = first + 1; i < first + hw; i++) {
                    if (in[i] > in[best] || Double.isNaN(in[i])) best = i;
                }
                argmax[plane] = best;
                o[plane] = in[best];
            } else {
                double s = 0;
                for (int i = first; i < first + hw; i++) s += in[i];
                o[plane] = s / hw;
            }
        }
        return out;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        if (!needDinp) return null;
        dinp = Tensor.reuse(dinp, dout.n(), inShape);
        double[] d = dout.data, din = dinp.data;
        for (int plane = 0; plane < d.length; plane++) {
            int first = plane * hw;
            if (max) {
                java.util.Arrays.fill(din, first, first + hw, 0);
                din[argmax[plane]] = d[plane];
            } else {
                java.util.Arrays.fill(din, first, first + hw, d[plane] / hw);
            }
        }
        return dinp;
    }

    /** For the max: the routing mask of the last forward, (N, C, H, W), 1 at each channel's maximum. */
    public Tensor mask() {
        Tensor mask = Tensor.batch(out.n(), inShape);
        for (int plane = 0; plane < out.size(); plane++) mask.data[argmax[plane]] = 1;
        return mask;
    }

    /** For the max, each channel's piece is its maximum's position; the mean has one piece. */
    @Override
    public int[] pieces(int[] dst) {
        int[] p = dst != null && dst.length == out.size() ? dst : new int[out.size()];
        for (int i = 0; i < p.length; i++) p[i] = max ? argmax[i] : 0;
        return p;
    }
}
