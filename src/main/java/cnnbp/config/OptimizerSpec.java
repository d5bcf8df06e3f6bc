package cnnbp.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optimizer a config's {@code train:} section names, with its settings: PyTorch's parameters
 * under PyTorch's names, and PyTorch's defaults except SGD's (lr 0.05 and momentum 0.9, cnnbp's
 * defaults since before there was a choice).
 */
public sealed interface OptimizerSpec {
    /** The key in {@code optimizer:}: sgd, adam, adamw, rmsprop. */
    String type();

    double lr();

    /** Every setting under its config key, in the documented order: what a checkpoint records. */
    Map<String, Object> settings();

    /** "adam: lr 0.001, betas [0.9, 0.999], eps 1e-08, weight_decay 0, amsgrad false". */
    default String describe() {
        StringBuilder sb = new StringBuilder(type()).append(':');
        String sep = " ";
        for (Map.Entry<String, Object> e : settings().entrySet()) {
            sb.append(sep).append(e.getKey()).append(' ').append(text(e.getValue()));
            sep = ", ";
        }
        return sb.toString();
    }

    /** A setting as the config would write it: 0.05, 10, [0.9, 0.999], true. */
    static String text(Object value) {
        if (value instanceof Double v) return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString(v.longValue()) : v.toString();
        if (value instanceof List<?> list) {
            return "[" + String.join(", ", list.stream().map(OptimizerSpec::text).toList()) + "]";
        }
        return String.valueOf(value);
    }

    /** torch.optim.SGD. */
    record Sgd(double lr, double momentum, double dampening, boolean nesterov, double weightDecay)
            implements OptimizerSpec {
        public static final double DEFAULT_LR = 0.05, DEFAULT_MOMENTUM = 0.9;

        @Override
        public String type() {
            return "sgd";
        }

        @Override
        public Map<String, Object> settings() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("lr", lr);
            s.put("momentum", momentum);
            s.put("dampening", dampening);
            s.put("nesterov", nesterov);
            s.put("weight_decay", weightDecay);
            return s;
        }
    }

    /** torch.optim.Adam, or torch.optim.AdamW when {@code decoupled} (the weight decay applied to the weights). */
    record Adam(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
                boolean decoupled) implements OptimizerSpec {
        @Override
        public String type() {
            return decoupled ? "adamw" : "adam";
        }

        @Override
        public Map<String, Object> settings() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("lr", lr);
            s.put("betas", List.of(beta1, beta2));
            s.put("eps", eps);
            s.put("weight_decay", weightDecay);
            s.put("amsgrad", amsgrad);
            return s;
        }
    }

    /** torch.optim.RMSprop. */
    record RmsProp(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered)
            implements OptimizerSpec {
        @Override
        public String type() {
            return "rmsprop";
        }

        @Override
        public Map<String, Object> settings() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("lr", lr);
            s.put("alpha", alpha);
            s.put("eps", eps);
            s.put("weight_decay", weightDecay);
            s.put("momentum", momentum);
            s.put("centered", centered);
            return s;
        }
    }
}
