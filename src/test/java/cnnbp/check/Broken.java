package cnnbp.check;

import cnnbp.layer.BatchNorm;
import cnnbp.layer.Dropout;
import cnnbp.loss.LossKind;
import cnnbp.layer.Layer;
import cnnbp.layer.MaxPool2d;
import cnnbp.layer.Param;
import cnnbp.layer.Piecewise;
import cnnbp.loss.Loss;
import cnnbp.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Test-only broken layers and losses: a real one whose forward is untouched and whose backward is
 * corrupted, the kinds of mistakes people make writing backprop. The wrapper keeps the real
 * layer's pieces so that kinks are still seen, and is not an {@code AffineInParams}, so the checker
 * recomputes it whole.
 */
final class Broken implements Piecewise {
    /** The corrupted backward: gets the real layer, dout and needDinp; returns dinp. */
    interface Backward {
        Tensor apply(Layer real, Tensor dout, boolean needDinp);
    }

    private final Layer real;
    private final Backward backward;

    Broken(Layer real, Backward backward) {
        this.real = real;
        this.backward = backward;
    }

    @Override public String type() { return real.type(); }
    @Override public int[] inShape() { return real.inShape(); }
    @Override public int[] outShape() { return real.outShape(); }
    @Override public List<Param> params() { return real.params(); }
    @Override public Tensor forward(Tensor inp) { return real.forward(inp); }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        return backward.apply(real, dout, needDinp);
    }

    @Override
    public int[] pieces(int[] dst) {
        return real instanceof Piecewise p ? p.pieces(dst) : new int[0];
    }

    // ---- the mistakes ----

    /** dL/d(inp) multiplied by a factor. */
    static Backward dinpTimes(double factor) {
        return (real, dout, need) -> map(real.backward(dout, true), d -> {
            for (int i = 0; i < d.size(); i++) d.data[i] *= factor;
            return d;
        });
    }

    /** dL/d(inp) shifted by one element: element i gets what belongs to i + 1. */
    static Backward dinpShifted() {
        return (real, dout, need) -> map(real.backward(dout, true), d -> {
            double[] x = d.data.clone();
            for (int i = 0; i < x.length; i++) d.data[i] = x[(i + 1) % x.length];
            return d;
        });
    }

    /** The weight gradient shifted by one element. Grads are zeroed before the checker's backward. */
    static Backward weightGradShifted() {
        return (real, dout, need) -> {
            Tensor d = real.backward(dout, need);
            double[] g = real.params().get(0).grad.data, x = g.clone();
            for (int i = 0; i < g.length; i++) g[i] = x[(i + 1) % g.length];
            return d;
        };
    }

    /** The weight gradient transposed: (U, I) → (I, U) for a square dense, kernel rows ↔ columns for a conv. */
    static Backward weightGradTransposed() {
        return (real, dout, need) -> {
            Tensor d = real.backward(dout, need);
            Param w = real.params().get(0);
            int[] s = w.grad.shape;
            int r = s[s.length - 2], c = s[s.length - 1], planes = w.grad.size() / (r * c);
            double[] g = w.grad.data, x = g.clone();
            for (int p = 0; p < planes; p++) {
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < c; j++) g[p * r * c + i * c + j] = x[p * r * c + j * c + i];
                }
            }
            return d;
        };
    }

    /** The bias gradient dropped: left at zero. */
    static Backward biasGradDropped() {
        return (real, dout, need) -> {
            Tensor d = real.backward(dout, need);
            real.params().get(1).grad.fill(0);
            return d;
        };
    }

    /** Leaky ReLU's negative side passing nothing back (as ReLU would) instead of alpha · dout. */
    static Backward negativeSideDropped() {
        return (real, dout, need) -> map(real.backward(dout, true), d -> {
            int[] pieces = ((Piecewise) real).pieces(null);
            for (int i = 0; i < d.size(); i++) if (pieces[i] == 0) d.data[i] = 0;
            return d;
        });
    }

    /** Max pooling routing each window's gradient to the window's top-left element, not its maximum. */
    static Backward maxpoolTopLeft() {
        return (real, dout, need) -> {
            MaxPool2d pool = (MaxPool2d) real;
            int[] in = pool.inShape(), out = pool.outShape(), k = pool.stride();
            Tensor d = Tensor.batch(dout.n(), in);
            for (int plane = 0; plane < dout.n() * in[0]; plane++) {
                for (int y = 0; y < out[1]; y++) {
                    for (int x = 0; x < out[2]; x++) {
                        d.data[(plane * in[1] + y * k[0]) * in[2] + x * k[1]] += dout.data[(plane * out[1] + y) * out[2] + x];
                    }
                }
            }
            return d;
        };
    }

    /** Parameter k's gradient multiplied by a factor (a slip of a factor in dL/dγ). */
    static Backward paramGradTimes(int k, double factor) {
        return (real, dout, need) -> {
            Tensor d = real.backward(dout, need);
            double[] g = real.params().get(k).grad.data;
            for (int i = 0; i < g.length; i++) g[i] *= factor;
            return d;
        };
    }

    /**
     * Batch normalization's dL/dX in training without its last term: (dL/dX̂ − mean(dL/dX̂)) / √(σ² + ε),
     * the − X̂ ⊙ mean(dL/dX̂ ⊙ X̂) dropped (the variance's path forgotten). Added back onto the real dinp.
     */
    static Backward batchnormVarianceTermDropped() {
        return (real, dout, need) -> map(real.backward(dout, true), d -> {
            BatchNorm bn = (BatchNorm) real;
            int c = bn.inShape()[0], hw = d.perExample() / c, n = d.n();
            double[] xhat = bn.normalized().data, var = bn.variance().data;
            for (int ch = 0; ch < c; ch++) {
                double g = bn.params().isEmpty() ? 1 : bn.params().get(0).value.data[ch], sum = 0;
                for (int e = 0; e < n; e++) {
                    for (int i = (e * c + ch) * hw; i < (e * c + ch + 1) * hw; i++) sum += dout.data[i] * xhat[i];
                }
                double term = g / Math.sqrt(var[ch] + bn.eps()) * sum / ((long) n * hw);
                for (int e = 0; e < n; e++) {
                    for (int i = (e * c + ch) * hw; i < (e * c + ch + 1) * hw; i++) d.data[i] += term * xhat[i];
                }
            }
            return d;
        });
    }

    /** Dropout's backward without its mask: every element passes dout / (1 − p), dropped ones too. */
    static Backward dropoutMaskNotApplied() {
        return (real, dout, need) -> {
            Dropout drop = (Dropout) real;
            Tensor d = dout.copy();
            for (int i = 0; i < d.size(); i++) d.data[i] /= 1 - drop.p();
            return d;
        };
    }

    private static Tensor map(Tensor t, UnaryOperator<Tensor> f) {
        return f.apply(t);
    }

    /** A real loss whose gradient is multiplied by a factor (through its fused path too). */
    static Loss lossTimes(Loss real, double factor) {
        return new Loss() {
            @Override public LossKind kind() { return real.kind(); }
            @Override public String checkLabel(double label, int k) { return real.checkLabel(label, k); }
            @Override public Tensor target(double[] labels, int k) { return real.target(labels, k); }
            @Override public double forward(Tensor pred, double[] labels) { return real.forward(pred, labels); }
            @Override public double forwardFromLogits(Tensor z, double[] labels) { return real.forwardFromLogits(z, labels); }
            @Override public Tensor backward() { return times(real.backward()); }

            @Override
            public Tensor backwardThrough(Layer activation) {
                Tensor d = real.backwardThrough(activation);
                return d == null ? null : times(d);
            }

            private Tensor times(Tensor d) {
                for (int i = 0; i < d.size(); i++) d.data[i] *= factor;
                return d;
            }
        };
    }
}
