package cnnbp.train;

import cnnbp.config.LrScheduleSpec;
import cnnbp.config.OptimizerSpec;
import cnnbp.layer.Param;
import cnnbp.optim.Adam;
import cnnbp.optim.AdamW;
import cnnbp.optim.LrSchedule;
import cnnbp.optim.Optimizer;
import cnnbp.optim.RmsProp;
import cnnbp.optim.Sgd;
import java.util.List;

/** The optimizer and the learning-rate schedule a config's {@code train:} section asks for. */
public final class Optimizers {
    private Optimizers() {}

    /** The optimizer of {@code spec} over {@code params} (its lr comes with each step, from the schedule). */
    public static Optimizer create(OptimizerSpec spec, List<Param> params) {
        if (spec instanceof OptimizerSpec.Sgd s) {
            return new Sgd(params, s.momentum(), s.dampening(), s.nesterov(), s.weightDecay());
        }
        if (spec instanceof OptimizerSpec.Adam a) {
            return a.decoupled() ? new AdamW(params, a.beta1(), a.beta2(), a.eps(), a.weightDecay(), a.amsgrad())
                    : new Adam(params, a.beta1(), a.beta2(), a.eps(), a.weightDecay(), a.amsgrad());
        }
        OptimizerSpec.RmsProp r = (OptimizerSpec.RmsProp) spec;
        return new RmsProp(params, r.alpha(), r.eps(), r.weightDecay(), r.momentum(), r.centered());
    }

    /** The schedule of {@code spec} starting from the optimizer's {@code lr}. */
    public static LrSchedule schedule(LrScheduleSpec spec, double lr) {
        LrSchedule s = switch (spec.type()) {
            case "step" -> LrSchedule.step(lr, spec.stepSize(), spec.gamma());
            case "exponential" -> LrSchedule.exponential(lr, spec.gamma());
            case "cosine" -> LrSchedule.cosine(lr, spec.tMax(), spec.etaMin());
            case "constant" -> LrSchedule.constant(lr);
            default -> throw new IllegalArgumentException("schedule " + spec.type());
        };
        return spec.warmupEpochs() == 0 ? s : s.withWarmup(spec.warmupEpochs(), spec.warmupStartFactor());
    }
}
