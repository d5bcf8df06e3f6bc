package cnnbp.layer;

import cnnbp.tensor.Gemm;
import cnnbp.tensor.Parallel;
import cnnbp.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Fully connected, as {@code torch.nn.Linear}: out = inp · weightᵀ + bias.
 * inp is (N, I), weight (U, I), bias (U), out (N, U); backward: dweight += doutᵀ · inp,
 * dbias += Σ_n dout, dinp = dout · weight. Examples run in parallel ({@link Parallel}), and so do
 * dweight's rows, each summed over the batch in order: the same numbers on any number of threads.
 * The multiplies take weight, inp, dweight and dinp as arrays of rows, the layout {@link Gemm}'s
 * vectorized multiply needs, copied from and to the flat tensors.
 */
public final class Dense implements AffineInParams {
    private final int in, units;
    private final Param weight;  // (U, I)
    private final Param bias;    // (U)

    private Tensor inp;          // (N, I), from the last forward
    private Tensor out;          // (N, U)
    private Tensor dinp;         // (N, I)
    private final double[][] weightRows;       // (U, I): weight, as of the last forward
    private final double[][] dweightRows;      // (U, I): weight.grad while backward adds to it
    private double[][] inpRows = new double[0][];   // (N, I)
    private double[][] dinpRows = new double[0][];  // (N, I)
    private double[] doutT = new double[0];    // (U, N): doutᵀ, for dweight

    public Dense(int in, int units, Tensor weight, Tensor bias) {
        this.in = in;
        this.units = units;
        this.weight = new Param("W", weight);
        this.bias = new Param("b", bias);
        this.weightRows = new double[units][in];
        this.dweightRows = new double[units][in];
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
        double[] x = inp.data, wt = weight.value.data, b = bias.value.data, o = out.data;
        for (int u = 0; u < units; u++) System.arraycopy(wt, u * in, weightRows[u], 0, in);
        Parallel.forEach(n, n * macs(), (t, from, to) -> {
            for (int i = from; i < to; i++) System.arraycopy(b, 0, o, i * units, units);
            Gemm.abT(to - from, units, in, x, from * in, weightRows, 0, o, from * units);
        });
        return out;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        int n = dout.n();
        double[] d = dout.data, x = inp.data, dw = weight.grad.data, db = bias.grad.data;
        if (inpRows.length < n) {
            inpRows = new double[n][in];
            dinpRows = new double[n][in];
        }
        if (doutT.length != units * n) doutT = new double[units * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * in, inpRows[i], 0, in);
            for (int u = 0; u < units; u++) doutT[u * n + i] = d[i * units + u];
        }
        Parallel.forEach(units, n * macs(), (t, u0, u1) -> {  // rows u0 .. u1 of dweight and dbias, over the batch
            for (int u = u0; u < u1; u++) System.arraycopy(dw, u * in, dweightRows[u], 0, in);
            Gemm.ab(u1 - u0, in, n, doutT, u0 * n, inpRows, 0, dweightRows, u0);
            for (int u = u0; u < u1; u++) {
                System.arraycopy(dweightRows[u], 0, dw, u * in, in);
                for (int i = 0; i < n; i++) db[u] += doutT[u * n + i];
            }
        });
        if (!needDinp) return null;
        dinp = Tensor.reuse(dinp, n, inShape());
        double[] din = dinp.data;
        Parallel.forEach(n, n * macs(), (t, from, to) -> {
            for (int i = from; i < to; i++) Arrays.fill(dinpRows[i], 0);
            Gemm.ab(to - from, in, units, d, from * units, weightRows, 0, dinpRows, from);
            for (int i = from; i < to; i++) System.arraycopy(dinpRows[i], 0, din, i * in, in);
        });
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
