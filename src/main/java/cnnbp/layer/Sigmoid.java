package cnnbp.layer;

import cnnbp.tensor.Tensor;

/** out = 1 / (1 + e^−inp); dinp = dout · out · (1 − out). */
public final class Sigmoid implements Layer {
    private final int[] shape;
    private Tensor out;   // (N, shape...), cached for backward
    private Tensor dinp;

    public Sigmoid(int[] shape) {
        this.shape = shape.clone();
    }

    @Override
    public String type() {
        return "sigmoid";
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
        for (int i = 0; i < inp.size(); i++) out.data[i] = 1 / (1 + Math.exp(-inp.data[i]));
        return out;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        if (!needDinp) return null;
        dinp = Tensor.reuse(dinp, dout.n(), shape);
        backward(dinp.data, dout.data, out.data);
        return dinp;
    }

    /**
     * The backward as a function of the output alone, as the worked examples write it:
     * dinp = dout · out · (1 − out), element by element. All three arrays are (N, shape...).
     */
    public static void backward(double[] dinp, double[] dout, double[] out) {
        for (int i = 0; i < dout.length; i++) dinp[i] = dout[i] * out[i] * (1 - out[i]);
    }
}
