package cnnbp.optim;

import cnnbp.layer.Param;
import java.util.List;

/**
 * Stochastic gradient descent with momentum and weight decay, as {@code torch.optim.SGD} (no
 * dampening, no Nesterov) computes it for every parameter w with gradient g:
 * <pre>
 * g ← g + wd·w               (only when wd ≠ 0; biases decay too, as in PyTorch)
 * v ← μ·v + g                (v = g on the first step; no v at all when μ = 0)
 * w ← w − lr·v
 * </pre>
 * The velocities v are the "momentum buffers" a checkpoint keeps to resume exactly.
 */
public final class Sgd {
    private final List<Param> params;
    private final double lr, momentum, weightDecay;
    private final double[][] velocity;  // one per param, its shape; meaningful once started
    private boolean started;

    public Sgd(List<Param> params, double lr, double momentum, double weightDecay) {
        this.params = List.copyOf(params);
        this.lr = lr;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.velocity = new double[params.size()][];
        for (int i = 0; i < velocity.length; i++) velocity[i] = new double[params.get(i).value.size()];
    }

    /** Updates every parameter from its gradient (which it leaves as it is). */
    public void step() {
        for (int pi = 0; pi < params.size(); pi++) {
            double[] w = params.get(pi).value.data, g = params.get(pi).grad.data, v = velocity[pi];
            for (int i = 0; i < w.length; i++) {
                double d = weightDecay != 0 ? g[i] + weightDecay * w[i] : g[i];
                if (momentum != 0) {
                    d = started ? momentum * v[i] + d : d;
                    v[i] = d;
                }
                w[i] -= lr * d;
            }
        }
        started = momentum != 0;
    }

    /**
     * The momentum buffers, one per parameter in {@link cnnbp.model.Network#params()} order, or
     * null before the first step or when μ = 0 (PyTorch keeps none then either). Live arrays.
     */
    public double[][] velocity() {
        return started ? velocity : null;
    }

    /** Restores momentum buffers saved from {@link #velocity()}; null means none yet. */
    public void setVelocity(double[][] saved) {
        if (saved == null || momentum == 0) {
            started = false;
            return;
        }
        if (saved.length != velocity.length) {
            throw new IllegalArgumentException(saved.length + " momentum buffers for " + velocity.length + " parameters");
        }
        for (int i = 0; i < velocity.length; i++) {
            if (saved[i].length != velocity[i].length) {
                throw new IllegalArgumentException("momentum buffer " + i + " has " + saved[i].length
                        + " values, its parameter " + velocity[i].length);
            }
            System.arraycopy(saved[i], 0, velocity[i], 0, velocity[i].length);
        }
        started = true;
    }
}
