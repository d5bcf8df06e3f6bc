package cnnbp.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A config's {@code train: lr_schedule:}, stepped once per epoch: {@code type} step ({@code
 * step_size}, {@code gamma}), exponential ({@code gamma}), cosine ({@code T_max}, {@code eta_min})
 * or constant, each after an optional linear warmup of {@code warmup_epochs} epochs from {@code
 * warmup_start_factor}·lr. Fields a type does not use are 0.
 */
public record LrScheduleSpec(String type, int stepSize, double gamma, int tMax, double etaMin, int warmupEpochs,
                             double warmupStartFactor) {
    /** LinearLR's default start factor. */
    public static final double DEFAULT_WARMUP_START_FACTOR = 1.0 / 3;

    /** The lr as the optimizer has it, every epoch: the schedule of a config without one. */
    public static final LrScheduleSpec CONSTANT = new LrScheduleSpec("constant", 0, 0, 0, 0, 0, DEFAULT_WARMUP_START_FACTOR);

    /** The settings under their config keys, those of its type only (and the warmup's when there is one). */
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", type);
        switch (type) {
            case "step" -> {
                s.put("step_size", stepSize);
                s.put("gamma", gamma);
            }
            case "exponential" -> s.put("gamma", gamma);
            case "cosine" -> {
                s.put("T_max", tMax);
                s.put("eta_min", etaMin);
            }
            default -> { }
        }
        if (warmupEpochs > 0) {
            s.put("warmup_epochs", warmupEpochs);
            s.put("warmup_start_factor", warmupStartFactor);
        }
        return s;
    }

    /** "cosine: T_max 20, eta_min 0, warmup_epochs 2, warmup_start_factor 0.1". */
    public String describe() {
        StringBuilder sb = new StringBuilder(type).append(':');
        String sep = " ";
        for (Map.Entry<String, Object> e : settings().entrySet()) {
            if (e.getKey().equals("type")) continue;
            sb.append(sep).append(e.getKey()).append(' ').append(OptimizerSpec.text(e.getValue()));
            sep = ", ";
        }
        return sep.equals(" ") ? type : sb.toString();
    }
}
