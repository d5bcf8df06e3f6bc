package cnnbp.layer;

import cnnbp.tensor.Tensor;

/** out = max(0, inp); dinp = dout where out > 0, else 0 (so 0 at the kink, as in PyTorch). */
public final class Relu implements Piecewise {
    private final int[] shape;
    private Tensor out;   // (N, shape...), cached: its sign is the mask backward needs
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
    public Tensor forward(Tensor inp) {
        out = Tensor.reuse(out, inp.n(), shape);
        for (int i = 0; i < inp.size(); i++) out.data[i] = inp.data[i] > 0 ? inp.data[i] : 0;
        return out;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        if (!needDinp) return null;
        dinp = Tensor.reuse(dinp, dout.n(), shape);
        for (int i = 0; i < dout.size(); i++) dinp.data[i] = out.data[i] > 0 ? dout.data[i] : 0;
        return dinp;
    }

    /** 1 where the last forward's inp was > 0 (the piece out = inp), 0 where out = 0. */
    @Override
    public int[] pieces(int[] dst) {
        int[] p = dst != null && dst.length == out.size() ? dst : new int[out.size()];
        for (int i = 0; i < p.length; i++) p[i] = out.data[i] > 0 ? 1 : 0;
        return p;
    }
}
