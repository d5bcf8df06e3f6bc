package cnnbp.layer;

import cnnbp.tensor.Tensor;

/** out = inp if inp > 0 else alpha·inp; dinp = dout or alpha·dout likewise (alpha at 0, as PyTorch). */
public final class LeakyRelu implements Piecewise {
    private final int[] shape;
    public final double alpha;
    private Tensor inp;   // (N, shape...), from the last forward
    private Tensor out;
    private Tensor dinp;

    public LeakyRelu(int[] shape, double alpha) {
        this.shape = shape.clone();
        this.alpha = alpha;
    }

    @Override
    public String type() {
        return "leaky_relu";
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
    public Tensor forward(Tensor inp) {
        this.inp = inp;
        out = Tensor.reuse(out, inp.n(), shape);
        for (int i = 0; i < inp.size(); i++) {
            double x = inp.data[i];
            out.data[i] = x > 0 ? x : alpha * x;
        }
        return out;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        if (!needDinp) return null;
        dinp = Tensor.reuse(dinp, dout.n(), shape);
        for (int i = 0; i < dout.size(); i++) {
            dinp.data[i] = inp.data[i] > 0 ? dout.data[i] : alpha * dout.data[i];
        }
        return dinp;
    }

    /** 1 where the last forward's inp was > 0 (the piece out = inp), 0 where out = alpha·inp. */
    @Override
    public int[] pieces(int[] dst) {
        int[] p = dst != null && dst.length == inp.size() ? dst : new int[inp.size()];
        for (int i = 0; i < p.length; i++) p[i] = inp.data[i] > 0 ? 1 : 0;
        return p;
    }
}
