package cnnbp.config;

import cnnbp.text.DidYouMean;
import cnnbp.BadInputException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The {@code train:} section: batch, epochs, seed, the optimizer with its options (flat beside it,
 * as the keyword arguments of its torch.optim constructor) and {@code lr_schedule}. An option of
 * another optimizer than the one chosen is an error, not silently ignored.
 */
final class TrainSection {
    static final List<String> OPTIMIZERS = List.of("sgd", "adam", "adamw", "rmsprop");
    private static final Map<String, List<String>> OPTIONS = Map.of(
            "sgd", List.of("lr", "momentum", "dampening", "nesterov", "weight_decay"),
            "adam", List.of("lr", "betas", "eps", "weight_decay", "amsgrad"),
            "adamw", List.of("lr", "betas", "eps", "weight_decay", "amsgrad"),
            "rmsprop", List.of("lr", "alpha", "eps", "weight_decay", "momentum", "centered"));
    /** Every key {@code train:} may have. */
    static final List<String> KEYS = List.of("batch", "epochs", "seed", "optimizer", "lr", "momentum", "dampening",
            "nesterov", "weight_decay", "betas", "eps", "amsgrad", "alpha", "centered", "lr_schedule");

    static final List<String> SCHEDULES = List.of("step", "exponential", "cosine", "constant");
    private static final Map<String, List<String>> SCHEDULE_OPTIONS = Map.of(
            "step", List.of("step_size", "gamma"),
            "exponential", List.of("gamma"),
            "cosine", List.of("T_max", "eta_min"),
            "constant", List.of());
    private static final List<String> WARMUP = List.of("warmup_epochs", "warmup_start_factor");
    private static final List<String> SCHEDULE_KEYS = List.of("step_size", "gamma", "T_max", "eta_min",
            "warmup_epochs", "warmup_start_factor");

    private TrainSection() {}

    /** The settings of {@code train} (null: no section, all defaults), shuffling with {@code seed}. */
    static TrainSpec parse(Section train, long seed) {
        if (train == null) {
            return new TrainSpec(TrainSpec.DEFAULT_BATCH, TrainSpec.DEFAULT_EPOCHS, new OptimizerSpec.Sgd(
                    OptimizerSpec.Sgd.DEFAULT_LR, OptimizerSpec.Sgd.DEFAULT_MOMENTUM, 0, false, 0),
                    LrScheduleSpec.CONSTANT, seed);
        }
        int batch = train.node("batch") == null ? TrainSpec.DEFAULT_BATCH : train.positiveInt("batch");
        int epochs = train.node("epochs") == null ? TrainSpec.DEFAULT_EPOCHS : train.positiveInt("epochs");
        return new TrainSpec(batch, epochs, optimizer(train), schedule(train), seed);
    }

    private static OptimizerSpec optimizer(Section train) {
        String type = train.string("optimizer", "sgd");
        if (!OPTIMIZERS.contains(type)) {
            throw train.error(train.node("optimizer"), "unknown optimizer '" + type + "'"
                    + DidYouMean.suggest(type, OPTIMIZERS) + "; expected one of " + String.join(", ", OPTIMIZERS));
        }
        for (String key : KEYS) {
            if (train.node(key) != null && OPTIONS.values().stream().anyMatch(o -> o.contains(key))
                    && !OPTIONS.get(type).contains(key)) {
                throw train.error(train.node(key), "'" + key + "' is not an option of " + type + " (it is "
                        + String.join(", ", OPTIMIZERS.stream().filter(o -> OPTIONS.get(o).contains(key)).toList())
                        + "'s); " + type + " takes " + String.join(", ", OPTIONS.get(type)));
            }
        }
        return switch (type) {
            case "sgd" -> {
                double momentum = below(train, "momentum", OptimizerSpec.Sgd.DEFAULT_MOMENTUM, 1);
                double dampening = atMost(train, "dampening", 0, 1);
                boolean nesterov = train.bool("nesterov", false);
                if (nesterov && (momentum == 0 || dampening != 0)) {
                    throw train.error(train.node("nesterov"), "'nesterov: true' needs a momentum above 0 and"
                            + " dampening 0 (as torch.optim.SGD), got momentum " + OptimizerSpec.text(momentum)
                            + ", dampening " + OptimizerSpec.text(dampening));
                }
                yield new OptimizerSpec.Sgd(lr(train, OptimizerSpec.Sgd.DEFAULT_LR), momentum, dampening, nesterov,
                        nonNegative(train, "weight_decay", 0));
            }
            case "adam", "adamw" -> {
                double[] betas = betas(train);
                yield new OptimizerSpec.Adam(lr(train, 1e-3), betas[0], betas[1], nonNegative(train, "eps", 1e-8),
                        nonNegative(train, "weight_decay", type.equals("adam") ? 0 : 1e-2),
                        train.bool("amsgrad", false), type.equals("adamw"));
            }
            default -> new OptimizerSpec.RmsProp(lr(train, 1e-2), below(train, "alpha", 0.99, 1),
                    nonNegative(train, "eps", 1e-8), nonNegative(train, "weight_decay", 0),
                    below(train, "momentum", 0, 1), train.bool("centered", false));
        };
    }

    private static double lr(Section train, double absent) {
        double lr = train.number("lr", absent);
        if (lr <= 0) {
            throw train.error(train.node("lr"), "'lr' must be a positive number, got " + Section.describe(train.node("lr")));
        }
        return lr;
    }

    /** A number in [0, {@code limit}). */
    private static double below(Section s, String key, double absent, double limit) {
        double v = s.number(key, absent);
        if (v < 0 || v >= limit) {
            throw s.error(s.node(key), "'" + key + "' must be in [0, " + OptimizerSpec.text(limit) + "), got "
                    + Section.describe(s.node(key)));
        }
        return v;
    }

    /** A number in [0, {@code limit}]. */
    private static double atMost(Section s, String key, double absent, double limit) {
        double v = s.number(key, absent);
        if (v < 0 || v > limit) {
            throw s.error(s.node(key), "'" + key + "' must be in [0, " + OptimizerSpec.text(limit) + "], got "
                    + Section.describe(s.node(key)));
        }
        return v;
    }

    private static double nonNegative(Section s, String key, double absent) {
        double v = s.number(key, absent);
        if (v < 0) {
            throw s.error(s.node(key), "'" + key + "' must be 0 or more, got " + Section.describe(s.node(key)));
        }
        return v;
    }

    /** [β1, β2], each in [0, 1). */
    private static double[] betas(Section train) {
        Node n = train.node("betas");
        if (n == null) return new double[] {0.9, 0.999};
        String mustBe = "'betas' must be [beta1, beta2], two numbers in [0, 1)";
        if (!(n instanceof SequenceNode list) || list.getValue().size() != 2) {
            throw train.error(n, mustBe + ", got " + Section.describe(n));
        }
        double[] betas = new double[2];
        for (int i = 0; i < 2; i++) {
            Node b = list.getValue().get(i);
            Double v = Section.numberValue(b);
            if (v == null || !(v >= 0 && v < 1)) throw train.error(b, mustBe + ", got " + Section.describe(b));
            betas[i] = v;
        }
        return betas;
    }

    private static LrScheduleSpec schedule(Section train) {
        Node n = train.node("lr_schedule");
        if (n == null) return LrScheduleSpec.CONSTANT;
        if (!(n instanceof MappingNode map)) {
            throw train.error(n, "'lr_schedule' must be a mapping such as {type: cosine, T_max: 10}, got "
                    + Section.describe(n));
        }
        Section s = Section.of(train.file(), "train: lr_schedule: ", Section.pos(train.file(), n), map.getValue(),
                "key", List.of("type"), SCHEDULE_KEYS);
        String type = s.string("type", null);
        if (!SCHEDULES.contains(type)) {
            throw s.error(s.node("type"), "unknown schedule '" + type + "'" + DidYouMean.suggest(type, SCHEDULES)
                    + "; expected one of " + String.join(", ", SCHEDULES));
        }
        for (String key : SCHEDULE_KEYS) {
            if (s.node(key) != null && !WARMUP.contains(key) && !SCHEDULE_OPTIONS.get(type).contains(key)) {
                throw s.error(s.node(key), "'" + key + "' is not an option of the " + type + " schedule; " + type
                        + " takes " + String.join(", ", concat(SCHEDULE_OPTIONS.get(type), WARMUP)));
            }
        }
        int warmup = s.node("warmup_epochs") == null ? 0
                : s.intAt(s.node("warmup_epochs"), "warmup_epochs", 0, "'warmup_epochs' must be a whole number 0 or more");
        if (warmup == 0 && s.node("warmup_start_factor") != null) {
            throw s.error(s.node("warmup_start_factor"), "'warmup_start_factor' needs warmup_epochs of 1 or more");
        }
        double startFactor = s.number("warmup_start_factor", LrScheduleSpec.DEFAULT_WARMUP_START_FACTOR);
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw s.error(s.node("warmup_start_factor"), "'warmup_start_factor' must be in (0, 1], got "
                    + Section.describe(s.node("warmup_start_factor")));
        }
        return switch (type) {
            case "step" -> new LrScheduleSpec(type, positive(s, "step_size"), gamma(s, 0.1), 0, 0, warmup, startFactor);
            case "exponential" -> new LrScheduleSpec(type, 0, gamma(s, Double.NaN), 0, 0, warmup, startFactor);
            case "cosine" -> new LrScheduleSpec(type, 0, 0, positive(s, "T_max"), nonNegative(s, "eta_min", 0), warmup,
                    startFactor);
            default -> new LrScheduleSpec(type, 0, 0, 0, 0, warmup, startFactor);
        };
    }

    /** A required positive integer. */
    private static int positive(Section s, String key) {
        if (s.node(key) == null) {
            throw new BadInputException(s.pos() + ": train: lr_schedule: the " + s.string("type", null)
                    + " schedule needs '" + key + "', a positive integer");
        }
        return s.positiveInt(key);
    }

    /** γ &gt; 0; NaN for {@code absent} makes it required. */
    private static double gamma(Section s, double absent) {
        if (s.node("gamma") == null && Double.isNaN(absent)) {
            throw new BadInputException(s.pos() + ": train: lr_schedule: the " + s.string("type", null)
                    + " schedule needs 'gamma', a positive number");
        }
        double gamma = s.number("gamma", absent);
        if (gamma <= 0) {
            throw s.error(s.node("gamma"), "'gamma' must be a positive number, got " + Section.describe(s.node("gamma")));
        }
        return gamma;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
