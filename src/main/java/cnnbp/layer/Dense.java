package cnnbp.layer;

import cnnbp.tensor.Gemm;
import cnnbp.tensor.Tensor;
import java.util.List;

/**
 * Fully connected, as {@code torch.nn.Linear}: out = inp · weightᵀ + bias.
 * inp is (N, I), weight (U, I), bias (U), out (N, U); backward: dweight += doutᵀ · inp,
 * dbias += Σ_n dout, dinp = dout · weight.
 */
public final class Dense implements AffineInParams {
    private final int in, units;
    private final Param weight;  // (U, I)
    private final Param bias;    // (U)

    private Tensor inp;          // (N, I), from the last forward
    private Tensor out;          // (N, U)
    private Tensor dinp;         // (N, I)

    public Dense(int in, int units, Tensor weight, Tensor bias) {
        this.in = in;
        this.units = units;
        this.weight = new Param("W", weight);
        this.bias = new Param("b", bias);
    }

    @Override
    public String type() {
        return "dense";
    }

    @Override
    public int[] inShape() {
        return new int[] {in};
    }

    @Override
    public int[] outShape() {
        return new int[] {units};
    }

    @Override
    public List<Param> params() {
        return List.of(weight, bias);
    }

    @Override
    public long macs() {
        return (long) in * units;
    }

    @Override
    public Tensor forward(Tensor inp) {
        int n = inp.n();
        this.inp = inp;
        out = Tensor.reuse(out, n, outShape());
        double[] o = out.data, b = bias.value.data;
        for (int i = 0; i < n; i++) System.arraycopy(b, 0, o, i * units, units);
        Gemm.abT(n, units, in, inp.data, 0, weight.value.data, 0, o, 0);
        return out;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        int n = dout.n();
        double[] d = dout.data, db = bias.grad.data;
        Gemm.aTb(units, in, n, d, 0, inp.data, 0, weight.grad.data, 0);
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < units; u++) db[u] += d[i * units + u];
        }
        if (!needDinp) return null;
        dinp = Tensor.reuse(dinp, n, inShape());
        dinp.fill(0);
        Gemm.ab(n, in, units, d, 0, weight.value.data, 0, dinp.data, 0);
        return dinp;
    }

    /** weight[u, i] moves out[n, u] by δ · inp[n, i]; bias[u] moves out[n, u] by δ. */
    @Override
    public void shiftOutput(Param param, int e, double delta, Tensor base) {
        int n = out.n();
        double[] o = out.data, b = base.data;
        if (param == weight) {
            int u = e / in, i = e % in;
            for (int m = 0; m < n; m++) o[m * units + u] = b[m * units + u] + delta * inp.data[m * in + i];
        } else if (param == bias) {
            for (int m = 0; m < n; m++) o[m * units + e] = b[m * units + e] + delta;
        } else {
            throw new IllegalArgumentException("not a parameter of this layer: " + param.key);
        }
    }
}
