package cnnbp.testplugin;

import cnnbp.layer.Layer;
import cnnbp.tensor.Tensor;

/** out = scale · inp²; dinp = 2 · scale · inp · dout, or, {@code broken}, without the factor 2. */
final class Square implements Layer {
    private final int[] shape;
    private final double scale;
    private final boolean broken;
    private Tensor inp;

    Square(int[] shape, double scale, boolean broken) {
        this.shape = shape.clone();
        this.scale = scale;
        this.broken = broken;
    }

    @Override
    public String type() {
        return "square";
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
        Tensor out = Tensor.zeros(inp.shape);
        for (int i = 0; i < inp.size(); i++) out.data[i] = scale * inp.data[i] * inp.data[i];
        return out;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        if (!needDinp) return null;
        Tensor dinp = Tensor.zeros(dout.shape);
        double factor = broken ? 1 : 2;
        for (int i = 0; i < dout.size(); i++) dinp.data[i] = factor * scale * inp.data[i] * dout.data[i];
        return dinp;
    }
}
