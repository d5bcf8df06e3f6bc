package cnnbp.layer;

import cnnbp.tensor.Tensor;

/**
 * out = max(0, inp) (NaN stays NaN, as in PyTorch); dinp = dout where out > 0, else 0 (so 0 at the
 * kink, as in PyTorch). Both loops are branch-free: a branch on the sign would be mispredicted about
 * half the time, and cost more than the arithmetic.
 */
public final class Relu implements Piecewise, ExampleWise {
    private static final long MAX_BITS = Double.doubleToRawLongBits(Double.MAX_VALUE);

    private final int[] shape;
    private Tensor inp;   // (N, shape...), of the prepared forward
    private Tensor out;   // (N, shape...), cached: its sign is the mask backward needs
    private Tensor dout;  // (N, shape...), of the prepared backward
    private Tensor dinp;

    public Relu(int[] shape) {
        this.shape = shape.clone();
    }

    @Override
    public String type() {
        return "relu";
    }

    @Override
    public int[] inShape() {
        return shape.clone();
    }

    @Override
    public int[] outShape() {
        return shape.clone();
    }

    @Override
    public Tensor prepareForward(Tensor inp) {
        this.inp = inp;
        out = Tensor.reuse(out, inp.n(), shape);
        return out;
    }

    @Override
    public void forward(int worker, int from, int to) {
        double[] in = inp.data, o = out.data;
        int per = out.perExample();
        for (int i = from * per; i < to * per; i++) o[i] = Math.max(in[i], 0.0);
    }

    @Override
    public Tensor prepareBackward(Tensor dout, boolean needDinp) {
        this.dout = dout;
        dinp = needDinp ? Tensor.reuse(dinp, dout.n(), shape) : null;
        return dinp;
    }

    @Override
    public void backward(int worker, int from, int to) {
        if (dinp == null) return;
        double[] o = out.data, d = dout.data, din = dinp.data;
        int per = out.perExample();
        for (int i = from * per; i < to * per; i++) {
            din[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(d[i]) & positiveMask(o[i]));
        }
    }

    /**
     * All 64 bits set when v > 0, else none, for v = max(inp, 0): +0.0, positive, +∞ or a NaN. Its
     * bits minus 1 lie in [0, bits of Double.MAX_VALUE] exactly when v > 0 (+0.0 gives −1, a NaN
     * lies beyond +∞ or is negative), and the sign of the two differences says whether they do.
     */
    private static long positiveMask(double v) {
        long t = Double.doubleToRawLongBits(v) - 1;
        return ~((t | (MAX_BITS - t)) >> 63);
    }

    /** 1 where the last forward's inp was > 0 (the piece out = inp), 0 where out = 0. */
    @Override
    public int[] pieces(int[] dst) {
        int[] p = dst != null && dst.length == out.size() ? dst : new int[out.size()];
        for (int i = 0; i < p.length; i++) p[i] = out.data[i] > 0 ? 1 : 0;
        return p;
    }
}
