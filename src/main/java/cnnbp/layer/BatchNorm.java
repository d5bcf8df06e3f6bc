package cnnbp.layer;

import cnnbp.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch normalization as PyTorch's BatchNorm2d (input (N, C, H, W): statistics per channel over
 * N·H·W values) and BatchNorm1d (input (N, C): per feature over N values). With m the count:
 *
 * <pre>
 * training:   μ = Σ x / m,  σ² = Σ (x − μ)² / m (biased),  X̂ = (x − μ) / √(σ² + ε),  Y = γ ⊙ X̂ + β
 *             running_mean ← (1 − momentum) · running_mean + momentum · μ
 *             running_var  ← (1 − momentum) · running_var  + momentum · σ² · m / (m − 1) (unbiased)
 * evaluation: X̂ = (x − running_mean) / √(running_var + ε)
 * backward:   dL/dβ = Σ dL/dY,  dL/dγ = Σ dL/dY ⊙ X̂,  dL/dX̂ = dL/dY ⊙ γ
 *             training:   dL/dX = (dL/dX̂ − mean(dL/dX̂) − X̂ ⊙ mean(dL/dX̂ ⊙ X̂)) / √(σ² + ε)
 *             evaluation: dL/dX = dL/dX̂ / √(running_var + ε)
 * </pre>
 *
 * Without {@code affine}, γ = 1 and β = 0 and the layer has no parameters. Parameters γ ("gamma",
 * PyTorch's weight) and β ("beta", its bias), (C); buffers "running_mean" (C, starts 0) and
 * "running_var" (C, starts 1). Training needs more than one value per channel, as PyTorch.
 */
public final class BatchNorm implements Layer {
    private final int[] shape;
    private final int c, hw;                   // channels, values per channel of one example
    private final double eps, momentum;
    private final Param gamma, beta;           // (C), null without affine
    private final Tensor runningMean, runningVar;  // (C)
    private boolean training = true;

    private Tensor xhat;                       // (N, shape...): X̂ of the last forward
    private Tensor out;                        // (N, shape...)
    private Tensor dinp;                       // (N, shape...)
    private final double[] mean, var, invStd;  // (C) of the last forward: μ, σ² (batch or running), 1/√(σ² + ε)

    public BatchNorm(int[] shape, double eps, double momentum, boolean affine) {
        this.shape = shape.clone();
        this.c = shape[0];
        this.hw = shape.length == 3 ? shape[1] * shape[2] : 1;
        this.eps = eps;
        this.momentum = momentum;
        this.gamma = affine ? new Param("gamma", filled(c, 1)) : null;
        this.beta = affine ? new Param("beta", Tensor.zeros(c)) : null;
        this.runningMean = Tensor.zeros(c);
        this.runningVar = filled(c, 1);
        this.mean = new double[c];
        this.var = new double[c];
        this.invStd = new double[c];
    }

    private static Tensor filled(int n, double v) {
        Tensor t = Tensor.zeros(n);
        t.fill(v);
        return t;
    }

    @Override
    public String type() {
        return "batchnorm";
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
    public List<Param> params() {
        return gamma == null ? List.of() : List.of(gamma, beta);
    }

    @Override
    public Map<String, Tensor> buffers() {
        Map<String, Tensor> b = new LinkedHashMap<>();
        b.put("running_mean", runningMean);
        b.put("running_var", runningVar);
        return b;
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    public double eps() {
        return eps;
    }

    public double momentum() {
        return momentum;
    }

    public boolean training() {
        return training;
    }

    @Override
    public long macs() {
        return 2L * c * hw;
    }

    @Override
    public Tensor forward(Tensor inp) {
        int n = inp.n();
        long m = (long) n * hw;
        if (training && m < 2) {
            throw new cnnbp.BadInputException("batchnorm " + cnnbp.tensor.Shapes.toString(shape)
                    + ": training needs more than 1 value per channel, got "
                    + m + " (batch " + n + ")");
        }
        xhat = Tensor.reuse(xhat, n, shape);
        out = Tensor.reuse(out, n, shape);
        double[] x = inp.data, xh = xhat.data, o = out.data;
        for (int ch = 0; ch < c; ch++) {
            if (training) {
                double s = 0;
                for (int e = 0; e < n; e++) {
                    for (int i = at(e, ch), end = i + hw; i < end; i++) s += x[i];
                }
                double mu = s / m, ss = 0;
                for (int e = 0; e < n; e++) {
                    for (int i = at(e, ch), end = i + hw; i < end; i++) ss += (x[i] - mu) * (x[i] - mu);
                }
                mean[ch] = mu;
                var[ch] = ss / m;
                runningMean.data[ch] = (1 - momentum) * runningMean.data[ch] + momentum * mu;
                runningVar.data[ch] = (1 - momentum) * runningVar.data[ch] + momentum * ss / (m - 1);
            } else {
                mean[ch] = runningMean.data[ch];
                var[ch] = runningVar.data[ch];
            }
            invStd[ch] = 1 / Math.sqrt(var[ch] + eps);
            double g = gamma == null ? 1 : gamma.value.data[ch], b = beta == null ? 0 : beta.value.data[ch];
            for (int e = 0; e < n; e++) {
                for (int i = at(e, ch), end = i + hw; i < end; i++) {
                    xh[i] = (x[i] - mean[ch]) * invStd[ch];
                    o[i] = g * xh[i] + b;
                }
            }
        }
        return out;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        int n = dout.n();
        long m = (long) n * hw;
        if (needDinp) dinp = Tensor.reuse(dinp, n, shape);
        double[] d = dout.data, xh = xhat.data;
        for (int ch = 0; ch < c; ch++) {
            double sumD = 0, sumDX = 0;  // Σ dL/dY, Σ dL/dY ⊙ X̂ over the channel
            for (int e = 0; e < n; e++) {
                for (int i = at(e, ch), end = i + hw; i < end; i++) {
                    sumD += d[i];
                    sumDX += d[i] * xh[i];
                }
            }
            if (gamma != null) {
                gamma.grad.data[ch] += sumDX;
                beta.grad.data[ch] += sumD;
            }
            if (!needDinp) continue;
            double g = gamma == null ? 1 : gamma.value.data[ch];
            double[] din = dinp.data;
            double k = g * invStd[ch];
            double meanD = sumD / m, meanDX = sumDX / m;  // mean(dL/dX̂) / γ, mean(dL/dX̂ ⊙ X̂) / γ
            for (int e = 0; e < n; e++) {
                for (int i = at(e, ch), end = i + hw; i < end; i++) {
                    din[i] = training ? k * (d[i] - meanD - xh[i] * meanDX) : k * d[i];
                }
            }
        }
        return needDinp ? dinp : null;
    }

    /** Flat index of example e's first value of channel ch. */
    private int at(int e, int ch) {
        return (e * c + ch) * hw;
    }

    /** μ of the last forward, (C): the batch's in training, the running mean in evaluation; a copy. */
    public Tensor mean() {
        return new Tensor(new int[] {c}, mean.clone());
    }

    /** σ² of the last forward, (C): the batch's biased variance in training, the running variance in evaluation; a copy. */
    public Tensor variance() {
        return new Tensor(new int[] {c}, var.clone());
    }

    /** X̂ of the last forward, (N, shape...); a copy. */
    public Tensor normalized() {
        return xhat.copy();
    }

    /** dL/dX̂ = dL/dY ⊙ γ (γ = 1 without affine) for {@code dout} (N, shape...): what backward's dL/dX is made of. */
    public Tensor dnormalized(Tensor dout) {
        Tensor dxhat = dout.copy();  // (N, shape...)
        if (gamma == null) return dxhat;
        for (int e = 0; e < dout.n(); e++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = at(e, ch), end = i + hw; i < end; i++) dxhat.data[i] *= gamma.value.data[ch];
            }
        }
        return dxhat;
    }
}
