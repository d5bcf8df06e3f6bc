package cnnbp.layer;

import cnnbp.tensor.Tensor;

/** out = tanh(inp); dinp = dout · (1 − out²). */
public final class Tanh implements Layer {
    private final int[] shape;
    private Tensor out;   // (N, shape...), cached for backward
    private Tensor dinp;

    public Tanh(int[] shape) {
        this.shape = shape.clone();
    }

    @Override
    public String type() {
        return "tanh";
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
        for (int i = 0; i < inp.size(); i++) out.data[i] = Math.tanh(inp.data[i]);
        return out;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        if (!needDinp) return null;
        dinp = Tensor.reuse(dinp, dout.n(), shape);
        for (int i = 0; i < dout.size(); i++) {
            double a = out.data[i];
            dinp.data[i] = dout.data[i] * (1 - a * a);
        }
        return dinp;
    }
}
