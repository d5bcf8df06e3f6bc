package cnnbp.grade;

import cnnbp.layer.Layer;
import cnnbp.layer.Sigmoid;
import cnnbp.layer.Softmax;
import cnnbp.layer.Tanh;
import cnnbp.model.Network;
import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import cnnbp.trace.Trace;
import cnnbp.trace.Trace.Item;
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
 *   <li>dL/d(input) through conv or dense: dL/d(output) and W; through ReLU, leaky ReLU and max pool:
 *       dL/d(output) and the layer's input (its sign, or where each window's maximum is); through
 *       sigmoid, tanh and softmax: dL/d(output) and the output (A ⊙ (1 − A), 1 − A², ...); through
 *       flatten and average pooling: dL/d(output) alone;
 *   <li>dL/dW: the layer's input and dL/d(output); dL/db: dL/d(output).
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
            if (s.w() != null) {
                String w = s.w().name(), b = s.b().name();
                nodes.add(given(s.w()));
                nodes.add(given(s.b()));
                nodes.add(new Node(s.output(), false, List.of(in, w, b), v -> forward(layer, v.get(in), v.get(w), v.get(b))));
            } else {
                nodes.add(new Node(s.output(), false, List.of(in), v -> forward(layer, v.get(in), null, null)));
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
            String in = input(steps, i), out = s.output().name(), dout = s.gradOutput().name();
            if (s.w() != null) {
                String w = s.w().name(), b = s.b().name();
                nodes.add(new Node(s.dw(), false, List.of(in, dout), v -> param(layer, v, in, dout, w, b, 0)));
                nodes.add(new Node(s.db(), false, List.of(dout), v -> param(layer, v, in, dout, w, b, 1)));
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
            Layer l = net.layer(i);
            String w = s.w() == null ? null : s.w().name(), b = s.w() == null ? null : s.b().name();
            List<String> reads = switch (l.type()) {
                case "conv", "dense" -> List.of(dout, w);
                case "sigmoid", "tanh", "softmax" -> List.of(dout, out);
                case "relu", "leaky_relu", "maxpool" -> List.of(dout, in);
                case "avgpool", "flatten" -> List.of(dout);
                default -> throw new IllegalStateException("no backward step for layer type " + l.type());
            };
            nodes.add(new Node(dinp, false, reads, v -> dinp(layer, v, in, out, dout, w, b)));
        }
        return nodes;
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

    private double[] forward(int i, double[] in, double[] w, double[] b) {
        Layer l = net.layer(i);
        if (w != null) setParams(l, w, b);
        return l.forward(batch(l.inShape(), in)).data.clone();
    }

    /** dL/d(input) of layer i from v[dout] (and v[out] for the activations whose derivative is written with it). */
    private double[] dinp(int i, Map<String, double[]> v, String in, String out, String dout, String w, String b) {
        Layer l = net.layer(i);
        double[] d = v.get(dout), dinp = new double[d.length];
        if (l instanceof Sigmoid) Sigmoid.backward(dinp, d, v.get(out));
        else if (l instanceof Tanh) Tanh.backward(dinp, d, v.get(out));
        else if (l instanceof Softmax) Softmax.backward(dinp, d, v.get(out), Shapes.size(l.outShape()));
        else return run(i, v, in, dout, w, b).data.clone();
        return dinp;
    }

    /** dL/dW (k = 0) or dL/db (k = 1) of layer i from v[in] and v[dout]. */
    private double[] param(int i, Map<String, double[]> v, String in, String dout, String w, String b, int k) {
        run(i, v, in, dout, w, b);
        return net.layer(i).params().get(k).grad.data.clone();
    }

    /**
     * Layer i, its W and b set to v[w] and v[b], run forward on v[in] and back from v[dout]: what it
     * caches for backward (ReLU's sign, max pool's routing, the input dL/dW needs) is that of v[in].
     * Returns dL/d(input); the parameter gradients are left in the layer.
     */
    private Tensor run(int i, Map<String, double[]> v, String in, String dout, String w, String b) {
        Layer l = net.layer(i);
        if (w != null) setParams(l, v.get(w), v.get(b));
        l.forward(batch(l.inShape(), v.get(in)));
        l.zeroGrad();
        return l.backward(batch(l.outShape(), v.get(dout)), true);
    }

    private static void setParams(Layer l, double[] w, double[] b) {
        System.arraycopy(w, 0, l.params().get(0).value.data, 0, w.length);
        System.arraycopy(b, 0, l.params().get(1).value.data, 0, b.length);
    }
}
