package cnnbp.layer;

import cnnbp.tensor.Tensor;

/**
 * out = max(0, inp) (NaN stays NaN, as in PyTorch); dinp = dout where out > 0 or is NaN, else 0 (so 0
 * at the kink, as in PyTorch). Both loops are branch-free: a branch on the sign would be mispredicted about
 * half the time, and cost more than the arithmetic.
 */
public final class Relu implements Piecewise, ExampleWise {

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
     * All 64 bits set unless v, an output max(inp, 0.0), is +0.0 (every input ≤ 0 gives exactly +0.0): set
     * for a positive v, +∞ and a NaN, which passes its gradient on as PyTorch's threshold_backward does.
     * Some bit of bits or −bits is the sign bit exactly when bits ≠ 0.
     */
    private static long positiveMask(double v) {
        long bits = Double.doubleToRawLongBits(v);
        return (bits | -bits) >> 63;
    }

    /** 1 where the last forward's inp was > 0 (the piece out = inp), 0 where out = 0. */
    @Override
    public int[] pieces(int[] dst) {
        int[] p = dst != null && dst.length == out.size() ? dst : new int[out.size()];
        for (int i = 0; i < p.length; i++) p[i] = out.data[i] > 0 ? 1 : 0;
        return p;
    }
}
