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
        backward(dinp.data, dout.data, out.data);
        return dinp;
    }

    /** The backward as a function of the output alone: dinp = dout · (1 − out²). All (N, shape...). */
    public static void backward(double[] dinp, double[] dout, double[] out) {
        for (int i = 0; i < dout.length; i++) dinp[i] = dout[i] * (1 - out[i] * out[i]);
    }
}
