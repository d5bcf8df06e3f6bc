package cnnbp.optim;

/**
 * A learning-rate schedule stepped once per epoch, as PyTorch's usual loop steps
 * {@code torch.optim.lr_scheduler} (train the epoch, then {@code scheduler.step()}), with PyTorch's
 * own arithmetic: most schedulers update the lr recursively from the lr before, which rounds
 * differently from their closed forms, and {@link #lr} repeats those recursions operation for
 * operation so that each epoch's lr equals the float PyTorch prints. With base lr η and t the
 * number of steps taken (epoch t + 1 trains at the lr after t steps):
 * <pre>
 * step         η·γ^⌊t/s⌋         recursively: lr·γ when s divides t, else lr       (StepLR)
 * exponential  η·γᵗ              recursively: lr·γ                                (ExponentialLR)
 * cosine       η_min + (η − η_min)(1 + cos(π t/T))/2, recursively
 *              (1 + cos(π t/T)) / (1 + cos(π (t−1)/T)) · (lr − η_min) + η_min,
 *              lr + (η − η_min)(1 − cos(π/T))/2 where t − 1 − T is a multiple of 2T   (CosineAnnealingLR)
 * constant     η                                                                 (LambdaLR of 1)
 * </pre>
 * A linear warmup of W epochs from factor f first (LinearLR(f, 1, W) followed by the schedule in
 * SequentialLR with milestone W): η·f, then recursively
 * lr·(1 + (1 − f)/(W·f + (t − 1)(1 − f))) for t &lt; W, and at t = W the schedule starts over from
 * its closed form at 0 (SequentialLR's {@code step(0)}), so the ramp ends on η itself.
 *
 * <p>cos is {@link Math.cos} (fdlibm), the same on every machine.
 */
public final class LrSchedule {
    private enum Kind { CONSTANT, STEP, EXPONENTIAL, COSINE }

    private final Kind kind;
    private final double base;       // η, the optimizer's lr
    private final int stepSize;      // s (step)
    private final double gamma;      // γ (step, exponential)
    private final int tMax;          // T (cosine)
    private final double etaMin;     // η_min (cosine)
    private final int warmup;        // W, 0 for none
    private final double startFactor;

    private LrSchedule(Kind kind, double base, int stepSize, double gamma, int tMax, double etaMin, int warmup,
                       double startFactor) {
        if (warmup < 0 || (warmup > 0 && !(startFactor > 0 && startFactor <= 1))) {
            throw new IllegalArgumentException("warmup " + warmup + " epochs from factor " + startFactor);
        }
        this.kind = kind;
        this.base = base;
        this.stepSize = stepSize;
        this.gamma = gamma;
        this.tMax = tMax;
        this.etaMin = etaMin;
        this.warmup = warmup;
        this.startFactor = startFactor;
    }

    /** The lr η throughout. */
    public static LrSchedule constant(double lr) {
        return new LrSchedule(Kind.CONSTANT, lr, 0, 0, 0, 0, 0, 1);
    }

    /** η·γ^⌊t/s⌋: StepLR(step_size s, gamma γ). */
    public static LrSchedule step(double lr, int stepSize, double gamma) {
        if (stepSize < 1) throw new IllegalArgumentException("step size " + stepSize);
        return new LrSchedule(Kind.STEP, lr, stepSize, gamma, 0, 0, 0, 1);
    }

    /** η·γᵗ: ExponentialLR(gamma γ). */
    public static LrSchedule exponential(double lr, double gamma) {
        return new LrSchedule(Kind.EXPONENTIAL, lr, 0, gamma, 0, 0, 0, 1);
    }

    /** CosineAnnealingLR(T_max, eta_min). */
    public static LrSchedule cosine(double lr, int tMax, double etaMin) {
        if (tMax < 1) throw new IllegalArgumentException("T_max " + tMax);
        return new LrSchedule(Kind.COSINE, lr, 0, 0, tMax, etaMin, 0, 1);
    }

    /** This schedule after a linear warmup of {@code epochs} epochs from {@code startFactor}·η (in (0, 1]). */
    public LrSchedule withWarmup(int epochs, double startFactor) {
        return new LrSchedule(kind, base, stepSize, gamma, tMax, etaMin, epochs, startFactor);
    }

    /** The lr epoch {@code epoch} (1, 2, …) trains at: the lr after {@code epoch − 1} scheduler steps. */
    public double lr(int epoch) {
        if (epoch < 1) throw new IllegalArgumentException("epoch " + epoch);
        double lr = warmup > 0 ? base * startFactor : base;
        for (int t = 1; t < epoch; t++) lr = next(lr, t);
        return lr;
    }

    /** The lr after step t from the lr before it: PyTorch's get_lr (SequentialLR's when warming up). */
    private double next(double lr, int t) {
        if (t < warmup) {  // LinearLR.get_lr at last_epoch t, end factor 1
            return lr * (1. + (1.0 - startFactor) / (warmup * startFactor + (t - 1) * (1.0 - startFactor)));
        }
        if (t == warmup) return restart();
        return following(lr, t - warmup);
    }

    /** The schedule's closed form at 0: what SequentialLR's {@code scheduler.step(0)} sets at the milestone. */
    private double restart() {
        return switch (kind) {
            case CONSTANT, STEP, EXPONENTIAL -> base * 1.0;
            case COSINE -> etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * 0 / tMax)) / 2;
        };
    }

    /** The schedule's own get_lr at its last_epoch t ≥ 1 from the lr before. */
    private double following(double lr, int t) {
        return switch (kind) {
            case CONSTANT -> base * 1.0;
            case STEP -> t % stepSize != 0 ? lr : lr * gamma;
            case EXPONENTIAL -> lr * gamma;
            case COSINE -> {
                if (Math.floorMod(t - 1 - tMax, 2 * tMax) == 0) {
                    yield lr + (base - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
                }
                yield (1 + Math.cos(Math.PI * t / tMax)) / (1 + Math.cos(Math.PI * (t - 1) / tMax))
                        * (lr - etaMin) + etaMin;
            }
        };
    }
}
