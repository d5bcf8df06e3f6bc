package cnnbp.optim;

import cnnbp.layer.Param;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent as {@code torch.optim.SGD} computes it, for every parameter w with
 * gradient g, momentum μ, dampening τ, weight decay λ:
 * <pre>
 * g ← g + λ·w                  (only when λ ≠ 0; biases decay too, as in PyTorch)
 * b ← g on the first step,     (the momentum buffer; none at all when μ = 0)
 *     μ·b + (1 − τ)·g after
 * g ← g + μ·b  with Nesterov,  b without
 * w ← w − lr·g
 * </pre>
 * The state is {@code momentum_buffer}, b.
 */
public final class Sgd implements Optimizer {
    private final List<Param> params;
    private final double momentum, dampening, weightDecay;
    private final boolean nesterov;
    private final State state;

    /** Nesterov needs μ &gt; 0 and τ = 0, as PyTorch requires. */
    public Sgd(List<Param> params, double momentum, double dampening, boolean nesterov, double weightDecay) {
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
        this.params = List.copyOf(params);
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.state = new State(this.params, momentum != 0 ? List.of("momentum_buffer") : List.of());
    }

    @Override
    public void step(double lr) {
        double[][] buffers = state.get("momentum_buffer");
        for (int pi = 0; pi < params.size(); pi++) {
            double[] w = params.get(pi).value.data, g = params.get(pi).grad.data;  // (size of the param)
            for (int i = 0; i < w.length; i++) {
                double d = weightDecay != 0 ? g[i] + weightDecay * w[i] : g[i];
                if (momentum != 0) {
                    double[] b = buffers[pi];
                    b[i] = state.steps == 0 ? d : b[i] * momentum + (1 - dampening) * d;
                    d = nesterov ? d + momentum * b[i] : b[i];
                }
                w[i] -= lr * d;
            }
        }
        state.steps++;
    }

    @Override
    public long steps() {
        return state.steps;
    }

    @Override
    public Map<String, double[][]> state() {
        return state.view();
    }

    @Override
    public void restore(long steps, Map<String, double[][]> saved) {
        state.restore(steps, saved);
    }
}
