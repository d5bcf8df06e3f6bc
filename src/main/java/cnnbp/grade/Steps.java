package cnnbp.grade;

import cnnbp.kind.LayerKind;
import cnnbp.kind.TraceNames;
import cnnbp.kind.TraceTensor;
import cnnbp.layer.Layer;
import cnnbp.model.Network;
import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import cnnbp.trace.Trace;
import cnnbp.trace.Trace.Item;
import cnnbp.trace.Trace.ParamItem;
import cnnbp.trace.Trace.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every tensor of a trace as one step of the computation that can be done again from other
 * tensors: which tensors it reads, and how the reference network's layer or loss computes it from
 * them. The tensors a step reads are those its formula in the trace names:
 * <ul>
 *   <li>a layer's output: its input, and for conv and dense its W and b;
 *   <li>L and dL/dA of the last layer: that A (the target comes from the reference's label);
 *       with softmax and cross-entropy, or sigmoid and BCE, the fused dL/dZ = A − Y: that A too;
 *   <li>dL/d(input): dL/d(output) and what the layer's kind says its backward reads
 *       ({@link LayerKind#backwardReads}): through conv or dense W; through ReLU, leaky ReLU and max pool
 *       the layer's input (its sign, or where each window's maximum is); through sigmoid, tanh and
 *       softmax the output (A ⊙ (1 − A), 1 − A², ...); through flatten and average pooling nothing more;
 *   <li>a parameter's gradient likewise ({@link LayerKind#paramGradReads}): dL/dW the layer's input
 *       and dL/d(output); dL/db dL/d(output);
 *   <li>a kind's extra ({@link LayerKind#extras}: a mask, batchnorm's mu2, var2, Xhat2): the layer's input,
 *       which the layer is run forward on (Xhat2 is graded given Z1, not given the student's mu2 and var2);
 *       its gradient (dL/dXhat2): dL/d(output), the input and the parameters.
 * </ul>
 * X, the parameters and Y are given, not computed. Layers keep what backward needs from their last
 * forward, so a step through a layer runs it forward on the input it is given, then backward.
 */
final class Steps {
    /** A tensor of the trace, its reference value, what it reads, and how; a given one reads nothing. */
    record Node(Item expected, boolean given, List<String> inputs, Function<Map<String, double[]>, double[]> compute) {
        String name() {
            return expected.name();
        }
    }

    private final Network net;
    /** The trace's labels, one per example of its batch. */
    private final double[] labels;

    private Steps(Network net, double[] labels) {
        this.net = net;
        this.labels = labels.clone();
    }

    /** The steps of the trace {@code t} of {@code net} (of one example or a batch), in the order the passes compute them. */
    static List<Node> of(Network net, Trace t) {
        return new Steps(net, t.labels()).nodes(t);
    }

    private List<Node> nodes(Trace t) {
        List<Step> steps = t.layers();
        int last = steps.size() - 1;
        List<Node> nodes = new ArrayList<>();
        nodes.add(given(t.x()));
        for (int i = 0; i <= last; i++) {
            Step s = steps.get(i);
            int layer = i;
            String in = input(steps, i);
            List<String> reads = new ArrayList<>(List.of(in));
            for (ParamItem p : s.params()) {
                nodes.add(given(p.value()));
                reads.add(p.value().name());
            }
            nodes.add(new Node(s.output(), false, reads, v -> forward(layer, v, s, in)));
            for (Trace.Extra e : s.extras()) {  // a mask, batchnorm's mu2, var2, Xhat2: from the layer's input
                nodes.add(new Node(e.value(), false, List.of(in), v -> {
                    forward(layer, v, s, in);
                    return extra(net.kind(layer).extras(net.options(layer), net.layer(layer), names(layer)), e.key());
                }));
            }
        }
        nodes.add(given(t.y()));
        String a = steps.get(last).output().name();
        nodes.add(new Node(t.lossItem(), false, List.of(a), v -> new double[] {net.loss().forward(batch(v.get(a)), labels)}));
        nodes.add(new Node(steps.get(last).gradOutput(), false, List.of(a), v -> {
            net.loss().forward(batch(v.get(a)), labels);
            return net.loss().backward().data.clone();
        }));
        net.loss().forward(batch(steps.get(last).output().data()), labels);
        boolean fused = net.loss().backwardThrough(net.layer(last)) != null;
        for (int i = last; i >= 0; i--) {
            Step s = steps.get(i);
            int layer = i;
            Layer l = net.layer(i);
            LayerKind kind = net.kind(i);
            String in = input(steps, i), out = s.output().name(), dout = s.gradOutput().name();
            for (int k = 0; k < s.params().size(); k++) {
                ParamItem p = s.params().get(k);
                int param = k;
                List<String> reads = names(kind.paramGradReads(l, p.key()), s, in, out);
                reads.add(dout);
                nodes.add(new Node(p.grad(), false, reads, v -> {
                    run(layer, v, s, in, dout);
                    return l.params().get(param).grad.data.clone();
                }));
            }
            for (Trace.Extra e : s.extras()) {  // batchnorm's dL/dXhat2: from dL/d(output), run through the layer
                if (e.grad() == null) continue;
                List<String> reads = new ArrayList<>(List.of(dout, in));
                for (ParamItem p : s.params()) reads.add(p.value().name());
                nodes.add(new Node(e.grad(), false, reads, v -> {
                    run(layer, v, s, in, dout);
                    return extra(kind.extraGrads(net.options(layer), l, names(layer), batch(l.outShape(), v.get(dout))), e.key());
                }));
            }
            if (i == 0) break;
            Item dinp = steps.get(i - 1).gradOutput();
            if (i == last && fused) {
                nodes.add(new Node(dinp, false, List.of(a), v -> {
                    net.loss().forward(batch(v.get(a)), labels);
                    return net.loss().backwardThrough(net.layer(last)).data.clone();
                }));
                continue;
            }
            List<String> kindReads = kind.backwardReads(l);
            List<String> reads = new ArrayList<>(List.of(dout));
            reads.addAll(names(kindReads, s, in, out));
            boolean fromOutput = kindReads.contains(LayerKind.OUTPUT) && !kindReads.contains(LayerKind.INPUT);
            nodes.add(new Node(dinp, false, reads, v -> fromOutput
                    ? kind.backwardFromOutput(l, v.get(dout), v.get(out))
                    : run(layer, v, s, in, dout).data.clone()));
        }
        return nodes;
    }

    /** The trace's names of what a kind's backward reads: its input, output or parameters by key. */
    private static List<String> names(List<String> reads, Step s, String in, String out) {
        List<String> names = new ArrayList<>();
        for (String r : reads) {
            if (r.equals(LayerKind.INPUT)) names.add(in);
            else if (r.equals(LayerKind.OUTPUT)) names.add(out);
            else names.add(s.params().stream().filter(p -> p.key().equals(r)).findFirst().orElseThrow(
                    () -> new IllegalStateException("layer " + s.index() + " " + s.type() + " reads no parameter " + r))
                    .value().name());
        }
        return names;
    }

    /** The names the kind of layer i writes with, in this trace of M = labels.length examples. */
    private TraceNames names(int i) {
        return Trace.traceNames(net, i, labels.length);
    }

    /** The data of the tensor with {@code key} among a kind's extras (or their gradients). */
    private static double[] extra(List<TraceTensor> extras, String key) {
        return extras.stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow().value().data.clone();
    }

    private static Node given(Item it) {
        return new Node(it, true, List.of(), null);
    }

    private static String input(List<Step> steps, int i) {
        return i == 0 ? "X" : steps.get(i - 1).output().name();
    }

    /** The trace's examples as a batch: data holds the M examples of one example's {@code shape}. */
    private Tensor batch(int[] shape, double[] data) {
        return new Tensor(Shapes.prepend(labels.length, shape), data.clone());
    }

    private Tensor batch(double[] a) {
        return batch(net.outShape(), a);
    }

    private double[] forward(int i, Map<String, double[]> v, Step s, String in) {
        Layer l = net.layer(i);
        setParams(l, v, s);
        return l.forward(batch(l.inShape(), v.get(in))).data.clone();
    }

    /**
     * Layer i, its parameters set to their values in v, run forward on v[in] and back from v[dout]: what
     * it caches for backward (ReLU's sign, max pool's routing, the input dL/dW needs) is that of v[in].
     * Returns dL/d(input); the parameter gradients are left in the layer.
     */
    private Tensor run(int i, Map<String, double[]> v, Step s, String in, String dout) {
        Layer l = net.layer(i);
        setParams(l, v, s);
        l.forward(batch(l.inShape(), v.get(in)));
        l.zeroGrad();
        return l.backward(batch(l.outShape(), v.get(dout)), true);
    }

    private static void setParams(Layer l, Map<String, double[]> v, Step s) {
        for (int k = 0; k < s.params().size(); k++) {
            double[] value = v.get(s.params().get(k).value().name());
            System.arraycopy(value, 0, l.params().get(k).value.data, 0, value.length);
        }
    }
}
