package cnnbp.optim;

import cnnbp.layer.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RMSprop as {@code torch.optim.RMSprop} computes it, for every parameter w with gradient g,
 * smoothing α, momentum μ, weight decay λ:
 * <pre>
 * g ← g + λ·w                          (only when λ ≠ 0)
 * s ← α·s + (1 − α)·g²                 (square_avg)
 * ḡ ← α·ḡ + (1 − α)·g                  (grad_avg, centered only)
 * a ← √(s − ḡ²) + ε  centered,  √s + ε  otherwise
 * b ← μ·b + g / a,  w ← w − lr·b       when μ &gt; 0 (momentum_buffer)
 * w ← w − lr·g / a                      when μ = 0
 * </pre>
 * The state is the step count, {@code square_avg}, and {@code momentum_buffer} when μ &gt; 0 and
 * {@code grad_avg} when centered, PyTorch's names and order.
 */
public final class RmsProp implements Optimizer {
    private final List<Param> params;
    private final double alpha, eps, weightDecay, momentum;
    private final boolean centered;
    private final State state;

    public RmsProp(List<Param> params, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        this.params = List.copyOf(params);
        this.alpha = alpha;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        this.centered = centered;
        List<String> names = new ArrayList<>(List.of("square_avg"));
        if (momentum > 0) names.add("momentum_buffer");
        if (centered) names.add("grad_avg");
        this.state = new State(this.params, names);
    }

    @Override
    public void step(double lr) {
        state.steps++;
        for (int pi = 0; pi < params.size(); pi++) {
            double[] w = params.get(pi).value.data, g = params.get(pi).grad.data;  // (size of the param)
            double[] s = state.get("square_avg")[pi];
            double[] gAvg = centered ? state.get("grad_avg")[pi] : null;
            double[] b = momentum > 0 ? state.get("momentum_buffer")[pi] : null;
            for (int i = 0; i < w.length; i++) {
                double d = weightDecay != 0 ? g[i] + weightDecay * w[i] : g[i];
                s[i] = s[i] * alpha + (1 - alpha) * d * d;
                double a;
                if (centered) {
                    gAvg[i] = gAvg[i] * alpha + (1 - alpha) * d;
                    a = Math.sqrt(s[i] + -gAvg[i] * gAvg[i]) + eps;
                } else {
                    a = Math.sqrt(s[i]) + eps;
                }
                if (momentum > 0) {
                    b[i] = b[i] * momentum + d / a;
                    w[i] += -lr * b[i];
                } else {
                    w[i] += -lr * d / a;
                }
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
