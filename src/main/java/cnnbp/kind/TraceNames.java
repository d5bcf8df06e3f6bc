package cnnbp.kind;

import java.util.Map;

/**
 * The trace's names for the tensors of one layer, which a kind's rule texts are written with:
 * {@code in} and {@code out} (X and Z1, or names such as X[m] in a batch trace) and each parameter's
 * name by its key (W → W1, b → b1, alpha → alpha3). A rule never spells a name itself.
 */
public record TraceNames(String in, String out, Map<String, String> params) {
    public TraceNames {
        params = Map.copyOf(params);
    }

    /** The trace's name of the parameter with {@code key}. */
    public String param(String key) {
        String name = params.get(key);
        if (name == null) throw new IllegalArgumentException("no parameter '" + key + "'; the layer has " + params.keySet());
        return name;
    }

    /** The name of the loss's derivative with respect to a tensor: dL/dZ1. */
    public static String grad(String name) {
        return "dL/d" + name;
    }
}
