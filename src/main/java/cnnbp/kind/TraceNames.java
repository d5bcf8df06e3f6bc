package cnnbp.kind;

import java.util.Map;

/**
 * The trace's names for the tensors of one layer, which a kind's rule texts are written with:
 * {@code in} and {@code out} (X and Z1, or names such as X[m] in a batch trace) and each parameter's
 * name by its key (W → W1, b → b1, alpha → alpha3). A rule never spells a name itself.
 *
 * @param stage the count of layers with parameters up to this one, the k of Zk, Wk and bk
 * @param batch whether the trace is of a batch, so that a tensor of one example is named with [m]
 */
public record TraceNames(String in, String out, Map<String, String> params, int stage, boolean batch) {
    private static final String EXAMPLE = "[m]";

    public TraceNames {
        params = Map.copyOf(params);
    }

    /** The trace's name of the parameter with {@code key}. */
    public String param(String key) {
        String name = params.get(key);
        if (name == null) throw new IllegalArgumentException("no parameter '" + key + "'; the layer has " + params.keySet());
        return name;
    }

    /**
     * The trace's name of a tensor of the layer other than its output and parameters ({@link LayerKind#extras}),
     * by its name and the stage as a parameter's: batchnorm's "mu" → mu2, "Xhat" → Xhat2.
     */
    public String tensor(String name) {
        return name + stage;
    }

    /** A name as a rule writes one example's tensor: Xhat2[m] in a batch trace, Xhat2 of one example. */
    public String ofExample(String name) {
        return batch ? name + EXAMPLE : name;
    }

    /** A name without its example index: P1 for P1[m]. */
    public static String unindexed(String name) {
        return name.endsWith(EXAMPLE) ? name.substring(0, name.length() - EXAMPLE.length()) : name;
    }

    /** The name of the loss's derivative with respect to a tensor: dL/dZ1. */
    public static String grad(String name) {
        return "dL/d" + name;
    }
}
