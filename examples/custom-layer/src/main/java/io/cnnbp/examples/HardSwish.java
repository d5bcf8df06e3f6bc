package io.cnnbp.examples;

import cnnbp.layer.Piecewise;
import cnnbp.tensor.Tensor;

/**
 * Hard swish, as {@code torch.nn.Hardswish} when offset = 3: out = inp · clamp(inp + offset, 0, 2·offset) / (2·offset).
 * dinp = dout · 0 where inp ≤ −offset, dout where inp ≥ offset, dout · (2·inp + offset) / (2·offset) between.
 * inp, out, dinp and dout are (N, shape...).
 */
public final class HardSwish implements Piecewise {
    private final int[] shape;
    private final double offset;
    private Tensor inp;   // (N, shape...), from the last forward

    public HardSwish(int[] shape, double offset) {
        this.shape = shape.clone();
        this.offset = offset;
    }

    @Override
    public String type() {
        return "hardswish";
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
        for (int i = 0; i < inp.size(); i++) {
            double x = inp.data[i];
            out.data[i] = x * Math.min(Math.max(x + offset, 0), 2 * offset) / (2 * offset);
        }
        return out;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        if (!needDinp) return null;
        Tensor dinp = Tensor.zeros(dout.shape);
        for (int i = 0; i < dout.size(); i++) {
            double x = inp.data[i];
            double slope = x <= -offset ? 0 : x >= offset ? 1 : (2 * x + offset) / (2 * offset);
            dinp.data[i] = dout.data[i] * slope;
        }
        return dinp;
    }

    /** Which piece each element used: 0 (flat), 1 (the curve), 2 (the identity). */
    @Override
    public int[] pieces(int[] dst) {
        int[] p = dst != null && dst.length == inp.size() ? dst : new int[inp.size()];
        for (int i = 0; i < p.length; i++) {
            double x = inp.data[i];
            p[i] = x <= -offset ? 0 : x >= offset ? 2 : 1;
        }
        return p;
    }
}
