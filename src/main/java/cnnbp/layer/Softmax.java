package cnnbp.layer;

import cnnbp.tensor.Tensor;

/**
 * Softmax over the K features of each example: out[n, k] = e^(inp[n, k] − m) / Σ_j e^(inp[n, j] − m),
 * m = max_j inp[n, j] for stability. Backward is the Jacobian-vector product
 * dinp[n, k] = out[n, k] · (dout[n, k] − Σ_j dout[n, j] · out[n, j]). Followed by cross-entropy, the
 * network skips this and uses the fused dL/dZ = (A − Y) / M instead (see {@code Network}).
 */
public final class Softmax implements Layer {
    private final int k;
    private Tensor out;   // (N, K), cached for backward
    private Tensor dinp;

    public Softmax(int features) {
        this.k = features;
    }

    @Override
    public String type() {
        return "softmax";
    }

    @Override
    public int[] inShape() {
        return new int[] {k};
    }

    @Override
    public int[] outShape() {
        return new int[] {k};
    }

    @Override
    public Tensor forward(Tensor inp) {
        int n = inp.n();
        out = Tensor.reuse(out, n, outShape());
        double[] x = inp.data, o = out.data;
        for (int i = 0; i < n; i++) {
            int off = i * k;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) max = Math.max(max, x[off + j]);
            double sum = 0;
            for (int j = 0; j < k; j++) {
                o[off + j] = Math.exp(x[off + j] - max);
                sum += o[off + j];
            }
            for (int j = 0; j < k; j++) o[off + j] /= sum;
        }
        return out;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        if (!needDinp) return null;
        dinp = Tensor.reuse(dinp, dout.n(), outShape());
        backward(dinp.data, dout.data, out.data, k);
        return dinp;
    }

    /**
     * The backward as a function of the output alone: dinp = out ⊙ (dout − Σ_j dout_j · out_j) for
     * each example. dinp, dout and out are (N, K).
     */
    public static void backward(double[] dinp, double[] dout, double[] out, int k) {
        for (int off = 0; off < dout.length; off += k) {
            double dot = 0;
            for (int j = 0; j < k; j++) dot += dout[off + j] * out[off + j];
            for (int j = 0; j < k; j++) dinp[off + j] = out[off + j] * (dout[off + j] - dot);
        }
    }
}
