package cnnbp.optim;

import cnnbp.layer.Param;
import java.util.List;
import java.util.Map;

/**
 * AdamW as {@code torch.optim.AdamW} computes it: {@link Adam} with the weight decay decoupled
 * from the gradient (Loshchilov and Hutter), for every parameter w with gradient g at step t = 1, 2, …:
 * <pre>
 * w ← w · (1 − lr·λ)                   (biases decay too, as in PyTorch)
 * m ← β1·m + (1 − β1)·g                (exp_avg)
 * v ← β2·v + (1 − β2)·g²               (exp_avg_sq)
 * v̂ ← max(v̂, v) with amsgrad, else v   (max_exp_avg_sq)
 * w ← w − lr/(1 − β1ᵗ) · m / (√v̂ / √(1 − β2ᵗ) + ε)
 * </pre>
 * The state is Adam's.
 */
public final class AdamW implements Optimizer {
    private final List<Param> params;
    private final double beta1, beta2, eps, weightDecay;
    private final boolean amsgrad;
    private final State state;

    public AdamW(List<Param> params, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        this.params = List.copyOf(params);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
        this.state = new State(this.params, amsgrad ? List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq")
                : List.of("exp_avg", "exp_avg_sq"));
    }

    @Override
    public void step(double lr) {
        long t = ++state.steps;
        double decay = 1 - lr * weightDecay;
        double stepSize = lr / (1 - Math.pow(beta1, t));
        double bias2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        for (int pi = 0; pi < params.size(); pi++) {
            double[] w = params.get(pi).value.data, g = params.get(pi).grad.data;  // (size of the param)
            double[] m = state.get("exp_avg")[pi], v = state.get("exp_avg_sq")[pi];
            double[] vMax = amsgrad ? state.get("max_exp_avg_sq")[pi] : v;
            for (int i = 0; i < w.length; i++) {
                w[i] *= decay;
                m[i] = m[i] * beta1 + (1 - beta1) * g[i];
                v[i] = v[i] * beta2 + (1 - beta2) * g[i] * g[i];
                if (amsgrad) vMax[i] = Math.max(vMax[i], v[i]);
                w[i] += -stepSize * m[i] / (Math.sqrt(vMax[i]) / bias2Sqrt + eps);
            }
        }
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
