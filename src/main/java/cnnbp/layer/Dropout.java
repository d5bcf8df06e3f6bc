package cnnbp.layer;

import cnnbp.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Inverted dropout, as PyTorch's {@code nn.Dropout(p)}: in training, {@code out = inp ⊙ mask / (1 − p)}
 * with each mask element 1 with probability 1 − p, else 0; {@code dinp = dout ⊙ mask / (1 − p)}.
 * In evaluation it is the identity. The mask is a pure function of the layer's random key
 * ({@link #setRandomKey}) and the batch's size: drawn at the first forward after either changes and
 * kept, so repeated forwards of a gradient check see one mask. p = 1 drops everything (out = 0).
 */
public final class Dropout implements Layer {
    private final int[] shape;
    private final double p;
    private boolean training = true;
    private long key;

    private Tensor mask;    // (N, shape...), 0 or 1; null until drawn for (key, N)
    private Tensor out;     // (N, shape...)
    private Tensor dinp;    // (N, shape...)

    public Dropout(int[] shape, double p) {
        this.shape = shape.clone();
        this.p = p;
    }

    @Override
    public String type() {
        return "dropout";
    }

    @Override
    public int[] inShape() {
        return shape.clone();
    }

    @Override
    public int[] outShape() {
        return shape.clone();
    }

    public double p() {
        return p;
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    @Override
    public void setRandomKey(long key) {
        if (key != this.key) mask = null;
        this.key = key;
    }

    /** Uses {@code mask} (N, shape...) of 0s and 1s, kept until the key or the batch size changes (a trace, a golden). */
    public void setMask(Tensor mask) {
        this.mask = mask.copy();
    }

    @Override
    public Tensor forward(Tensor inp) {
        if (!training) return inp;
        int n = inp.n();
        if (mask == null || mask.n() != n) mask = draw(key, n, shape, p);
        out = Tensor.reuse(out, n, shape);
        double scale = p == 1 ? 0 : 1 / (1 - p);
        double[] in = inp.data, m = mask.data, o = out.data;
        for (int i = 0; i < o.length; i++) o[i] = in[i] * m[i] * scale;
        return out;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        if (!needDinp) return null;
        if (!training) return dout;
        dinp = Tensor.reuse(dinp, dout.n(), shape);
        double scale = p == 1 ? 0 : 1 / (1 - p);
        double[] d = dout.data, m = mask.data, din = dinp.data;
        for (int i = 0; i < din.length; i++) din[i] = d[i] * m[i] * scale;
        return dinp;
    }

    /** The mask of the last training forward, (N, shape...): 1 where the element was kept; a copy, null before one. */
    public Tensor mask() {
        return mask == null ? null : mask.copy();
    }

    /** The mask for {@code key} and a batch of n: element i is kept when a uniform draw in [0, 1) is ≥ p. */
    static Tensor draw(long key, int n, int[] shape, double p) {
        Tensor m = Tensor.batch(n, shape);
        SplittableRandom random = new SplittableRandom(key);
        for (int i = 0; i < m.data.length; i++) m.data[i] = random.nextDouble() >= p ? 1 : 0;
        return m;
    }
}
