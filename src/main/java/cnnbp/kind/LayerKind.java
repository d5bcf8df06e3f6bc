package cnnbp.kind;

import cnnbp.layer.Layer;
import cnnbp.tensor.Shapes;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * One type of layer a config can name, registered under its config key ({@code - conv: {...}}):
 * everything cnnbp needs to know about a layer type outside its math. Config loading checks a
 * layer's options against {@link #options()}; the network builder calls {@link #build}; the trace,
 * compare, checkpoints and gradcheck ask the rest. Only {@link #key}, {@link #options} and
 * {@link #build} are required: every other method has a generic default, so a plugin's kind is
 * traced as {@code Z3 = square(A2)} and its backward as {@code dL/dA2 = square's backward of dL/dZ3}.
 *
 * <p>Kinds are found by {@link java.util.ServiceLoader} through a {@link LayerKindProvider}, the
 * built-in ones exactly as a plugin's ({@link LayerKinds}). A kind is stateless: one instance
 * builds every layer of its type.
 */
public interface LayerKind {
    /** The config's key for this kind: "conv", "hardswish". Lowercase letters, digits and _. */
    String key();

    /** The options a config may give, in the order messages list them. None by default. */
    default List<Option> options() {
        return List.of();
    }

    /**
     * A new layer for checked {@code options} and one example's input shape {@code inShape}
     * ((C, H, W) or (features)). A shape the kind cannot take, or given weights of the wrong shape,
     * is {@code context.error(...)} (a {@link cnnbp.BadInputException} naming the layer).
     */
    Layer build(Options options, int[] inShape, BuildContext context);

    /**
     * The layer's hyperparameters as the {@code options} of a {@code cnnbp-trace/1} file and of a
     * checkpoint's network description: every option that has a value except VALUES (given
     * weights, which the file holds as params), in schema order. {@code TraceJson.read} rebuilds the
     * layer from exactly these, so they must determine it.
     */
    default Map<String, Object> traceOptions(Options options) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Option o : options()) {
            if (o.type() != Option.Type.VALUES && options.has(o.name())) out.put(o.name(), options.get(o.name()));
        }
        return out;
    }

    /** The trace's heading for the layer: "conv 2x2, stride 1, padding 0, 1 filter(s)". By default the key and its options. */
    default String describe(Options options, Layer layer) {
        Map<String, Object> o = traceOptions(options);
        if (o.isEmpty()) return key();
        return key() + ", " + o.entrySet().stream().map(e -> e.getKey() + " " + text(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** The forward rule, "Z1 = W1 ⋆ X + b1", in {@code names}. By default {@code out = key(in)}. */
    default String forwardRule(Options options, Layer layer, TraceNames names) {
        return names.out() + " = " + key() + "(" + names.in() + ")";
    }

    /** The backward rule, "dL/dX = dL/dZ1 ⊙ (X > 0)", in {@code names}. By default in words. */
    default String backwardRule(Options options, Layer layer, TraceNames names) {
        return TraceNames.grad(names.in()) + " = " + key() + "'s backward of " + TraceNames.grad(names.out());
    }

    /** The rule for dL/d(parameter {@code key}), "dL/dW1 = X ⋆ dL/dZ1", in {@code names}. By default in words. */
    default String paramGradRule(Options options, Layer layer, String key, TraceNames names) {
        return TraceNames.grad(names.param(key)) + " = " + key() + "'s gradient of " + TraceNames.grad(names.out())
                + " with respect to " + names.param(key);
    }

    /**
     * The tensors the trace shows with the layer after its output, from the last forward, none by default:
     * max pooling's mask (how many windows route to each input element), batchnorm's mu2, var2 and
     * Xhat2. {@code compare} grades them, recomputed from the layer's input as the student has it.
     */
    default List<TraceTensor> extras(Options options, Layer layer, TraceNames names) {
        return List.of();
    }

    /**
     * The derivatives of {@link #extras} the chain rule names, from the last forward and {@code dout}
     * (dL/d(output), shaped as the output, batch first), none by default: batchnorm's dL/dXhat2. Each has its
     * extra's key and the name {@link TraceNames#grad} of the extra's; the trace shows them after the layer's
     * parameter gradients.
     */
    default List<TraceTensor> extraGrads(Options options, Layer layer, TraceNames names, cnnbp.tensor.Tensor dout) {
        return List.of();
    }

    /** The letter of the trace's name of the output of a layer without parameters: A (activation), P (pool), F (flatten). */
    default String traceLetter() {
        return "A";
    }

    /** In {@link #backwardReads}: the layer's input (ReLU's sign, max pooling's argmax). */
    String INPUT = "input";
    /** In {@link #backwardReads}: the layer's output (sigmoid's A ⊙ (1 − A)); {@link #backwardFromOutput} then computes it. */
    String OUTPUT = "output";

    /**
     * What dL/d(input) is computed from besides dL/d(output), for compare (which tensors a student's
     * step depends on): {@link #INPUT}, {@link #OUTPUT} and parameter keys, in the order the rule
     * names them. By default the input and every parameter.
     */
    default List<String> backwardReads(Layer layer) {
        return backwardReadsDefault(layer);
    }

    /** The input and every parameter key of {@code layer}. */
    private static List<String> backwardReadsDefault(Layer layer) {
        List<String> reads = new java.util.ArrayList<>(List.of(INPUT));
        layer.params().forEach(p -> reads.add(p.key));
        return reads;
    }

    /**
     * What dL/d(parameter {@code key}) is computed from besides dL/d(output), as {@link #backwardReads}.
     * By default the input and every parameter.
     */
    default List<String> paramGradReads(Layer layer, String key) {
        return backwardReadsDefault(layer);
    }

    /**
     * dL/d(input) of one example, or of several one after the other, from dL/d(output) and the output, for a kind whose
     * {@link #backwardReads} is [{@link #OUTPUT}]: sigmoid's dout ⊙ out ⊙ (1 − out).
     */
    default double[] backwardFromOutput(Layer layer, double[] dout, double[] out) {
        throw new UnsupportedOperationException(key() + " computes its backward from its input");
    }

    /**
     * For a ReLU-family activation, its slope for x &lt; 0 (ReLU 0, leaky ReLU α): a conv or dense
     * layer followed by it is initialised He (Kaiming) rather than Xavier. Empty for other kinds.
     */
    default OptionalDouble reluSlope(Options options) {
        return OptionalDouble.empty();
    }

    /** An option's value as the trace's headings and a checkpoint's description write it: int[] as 2x3. */
    static String text(Object v) {
        return v instanceof int[] pair ? Shapes.toString(pair) : String.valueOf(v);
    }
}
