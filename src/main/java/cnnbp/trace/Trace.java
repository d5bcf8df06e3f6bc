package cnnbp.trace;

import cnnbp.config.LossKind;
import cnnbp.layer.AvgPool2d;
import cnnbp.layer.Conv2d;
import cnnbp.layer.Dense;
import cnnbp.layer.Layer;
import cnnbp.layer.LeakyRelu;
import cnnbp.layer.MaxPool2d;
import cnnbp.layer.Param;
import cnnbp.loss.Loss;
import cnnbp.model.Network;
import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every tensor of the forward and backward pass of one example, or of a batch of M, named as in the
 * worked examples, with the formula that made it. With one example (M = 1) shapes are the example's:
 * the batch dimension is left out. With a batch (M &gt; 1) X, Y, every layer's output, dL/d(output)
 * and mask have shapes starting with M; their formulas are the one-example ones with the names
 * indexed by example (Z1[m] = W1 ⋆ X[m] + b1); parameters and their gradients keep their shapes,
 * and a gradient's formula sums the one-example formula over the batch (dL/dW2 = Σ_m dL/dZ2[m] · F[m]ᵀ).
 * The loss is the mean of the examples' losses, so the derivative it starts gains a factor 1/M.
 *
 * @param source     what the trace is of (the config's path), for the heading
 * @param labels     the M labels
 * @param loss       L, the mean of {@code losses}
 * @param losses     each example's loss L[m]; with M = 1 the one value L
 * @param x          the input X
 * @param y          the target Y the loss compares with
 * @param perExample with M &gt; 1, by the name of each parameter gradient (dL/dW2), each example's
 *                   contribution to it before the sum (dL/dW2[m], shape M then the parameter's); else empty
 * @param exampleLossRule the formula of each example's loss: L's with M = 1, L[m]'s ("L[m] = −log A2[m][label[m]]")
 */
public record Trace(String source, LossKind lossKind, double[] labels, double loss, double[] losses, String lossRule,
                    Item x, Item y, List<Step> layers, Map<String, Item> perExample, String exampleLossRule) {

    /** A named tensor of one example, and the formula that gives it (null for X and parameters). */
    public record Item(String name, int[] shape, double[] data, String rule) {
        static Item of(String name, Tensor t, String rule) {
            return new Item(name, t.exampleShape(), t.data.clone(), rule);
        }
    }

    /**
     * One config layer: its output and dL/d(output); for conv and dense the parameters and their
     * gradients; for max pool the routing mask (how many windows route to each input element).
     * {@code options} are the layer's hyperparameters under the config's keys (filters, kernel,
     * stride, padding, size, units, alpha): an Integer, an int[] {h, w} or a Double each.
     */
    public record Step(int index, String type, String description, Map<String, Object> options,
                       Item output, Item gradOutput, Item w, Item dw, Item b, Item db, Item mask) {}

    /** The batch size M. */
    public int batch() {
        return labels.length;
    }

    /** The label of a one-example trace; of a batch, its first example's. */
    public double label() {
        return labels[0];
    }

    /** Whether {@code it} has a batch dimension: with M &gt; 1, X, Y and the layers' outputs, derivatives and masks. */
    public boolean batched(Item it) {
        return batch() > 1 && it.shape().length > 0 && it.shape()[0] == batch() && !isParam(it);
    }

    private boolean isParam(Item it) {
        for (Step s : layers) {
            for (Item p : Arrays.asList(s.w(), s.dw(), s.b(), s.db())) if (p == it) return true;
        }
        return false;
    }

    /** L[m], each example's loss, as an item of shape [M], under its one-example formula with names indexed [m]. */
    public Item lossesItem() {
        return new Item("L[m]", new int[] {batch()}, losses.clone(), exampleLossRule);
    }

    /** L as an item of shape [] (one number). */
    public Item lossItem() {
        return new Item("L", new int[0], new double[] {loss}, lossRule);
    }

    /** What the forward pass computes, in order: each layer's output, then L. */
    public List<Item> forwardItems() {
        List<Item> items = new ArrayList<>();
        for (Step s : layers) items.add(s.output());
        items.add(lossItem());
        return items;
    }

    /**
     * What the backward pass computes, in order: dL/d(output) of each layer from the last one down,
     * with a conv or dense layer's dL/dW and dL/db right after its dL/d(output).
     */
    public List<Item> backwardItems() {
        List<Item> items = new ArrayList<>();
        for (int i = layers.size() - 1; i >= 0; i--) {
            Step s = layers.get(i);
            items.add(s.gradOutput());
            if (s.dw() != null) {
                items.add(s.dw());
                items.add(s.db());
            }
        }
        return items;
    }

    /** What a worked example gives rather than computes: X, every W and b, and Y. */
    public List<Item> givenItems() {
        List<Item> items = new ArrayList<>(List.of(x));
        for (Step s : layers) {
            if (s.w() != null) {
                items.add(s.w());
                items.add(s.b());
            }
        }
        items.add(y);
        return items;
    }

    /** Runs one example (input in C,H,W order) through the network and collects the trace. */
    public static Trace of(Network net, double[] input, double label, String source) {
        return of(net, input, new double[] {label}, source);
    }

    /**
     * Runs a batch of M = labels.length examples (inputs: M·C·H·W values, example after example, each
     * in C,H,W order) through the network and collects the trace. M = 1 is {@link #of(Network, double[], double, String)}.
     */
    public static Trace of(Network net, double[] inputs, double[] labels, String source) {
        int m = labels.length;
        Tensor x = new Tensor(Shapes.prepend(m, net.inShape()), inputs.clone());
        net.zeroGrad();
        double loss = net.forward(x, labels);
        net.backward(false);

        List<Layer> layers = net.layers();
        Names names = new Names(layers);
        Indexed ix = new Indexed(m > 1);
        int last = layers.size() - 1;
        LossKind kind = net.loss().kind();
        int k = net.outShape()[0];
        String a = ix.of(names.output(last));
        boolean fused = net.loss().backwardThrough(layers.get(last)) != null;

        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String out = ix.of(names.output(i)), in = ix.of(names.input(i));
            String w = names.param(i, "W"), b = names.param(i, "b");
            String gradRule;
            if (i == last) gradRule = Rules.lossGrad(kind, a, ix.of("Y"), k, m > 1);
            else if (i == last - 1 && fused) gradRule = Rules.fused(a, ix.of("Y"), out, m > 1);
            else gradRule = Rules.backward(layers.get(i + 1), ix.of(names.output(i + 1)), out, names.param(i + 1, "W"));
            Item wItem = null, dwItem = null, bItem = null, dbItem = null, mask = null;
            if (!l.params().isEmpty()) {
                Param pw = l.params().get(0), pb = l.params().get(1);
                wItem = new Item(w, pw.value.shape, pw.value.data.clone(), null);
                dwItem = new Item(Names.grad(w), pw.grad.shape, pw.grad.data.clone(), ix.sum(Rules.weightGrad(l, out, in, w)));
                bItem = new Item(b, pb.value.shape, pb.value.data.clone(), null);
                dbItem = new Item(Names.grad(b), pb.grad.shape, pb.grad.data.clone(), ix.sum(Rules.biasGrad(l, out, b)));
            }
            if (l instanceof MaxPool2d p) {
                mask = ix.item("mask of " + names.output(i), p.mask(), "mask of " + out + ": 1 where a window's maximum of "
                        + in + " sits");
            }
            steps.add(new Step(i + 1, l.type(), Rules.describe(l), options(l),
                    ix.item(names.output(i), net.output(i), Rules.forward(l, out, in, w, b)),
                    ix.item(Names.grad(names.output(i)), net.gradOutput(i), gradRule),
                    wItem, dwItem, bItem, dbItem, mask));
        }
        String label = m > 1 ? "label[m]" : Integer.toString((int) labels[0]);
        String exampleLoss = Rules.loss(kind, ix.of("L"), a, ix.of("Y"), label);
        Item y = ix.item("Y", net.target(), Rules.target(kind, k, ix.of("Y"), label, labels[0]));
        double[] losses = m > 1 ? losses(net, steps.get(last).output().data(), labels) : new double[] {loss};
        Map<String, Item> perExample = m > 1 ? contributions(net, x, steps) : Map.of();
        return new Trace(source, kind, labels.clone(), loss, losses, m > 1 ? Rules.batchLoss() : exampleLoss,
                ix.item("X", x, null), y, steps, perExample, exampleLoss);
    }

    /** Each example's loss, from the network's outputs A (M, K) and the labels. */
    private static double[] losses(Network net, double[] a, double[] labels) {
        Loss one = Loss.of(net.loss().kind());
        int k = net.outShape()[0];
        double[] losses = new double[labels.length];
        for (int m = 0; m < labels.length; m++) {
            losses[m] = one.forward(new Tensor(new int[] {1, k}, Arrays.copyOfRange(a, m * k, (m + 1) * k)),
                    new double[] {labels[m]});
        }
        return losses;
    }

    /**
     * Each example's contribution to every parameter gradient: the layer run forward on example m's
     * input alone and back from its (already 1/M-scaled) dL/d(output)[m]. Their sum over m is the gradient.
     * Leaves the layers' caches and gradients at the last example's.
     */
    private static Map<String, Item> contributions(Network net, Tensor x, List<Step> steps) {
        Map<String, Item> out = new LinkedHashMap<>();
        int m = x.n();
        for (int i = 0; i < steps.size(); i++) {
            Layer l = net.layer(i);
            Step s = steps.get(i);
            if (l.params().isEmpty()) continue;
            double[] in = i == 0 ? x.data : steps.get(i - 1).output().data();
            double[] dout = s.gradOutput().data();
            int perIn = Shapes.size(l.inShape()), perOut = Shapes.size(l.outShape());
            List<Item> grads = List.of(s.dw(), s.db());
            List<double[]> values = new ArrayList<>();
            for (Item g : grads) values.add(new double[m * g.data().length]);
            for (int e = 0; e < m; e++) {
                l.forward(new Tensor(Shapes.prepend(1, l.inShape()), Arrays.copyOfRange(in, e * perIn, (e + 1) * perIn)));
                l.zeroGrad();
                l.backward(new Tensor(Shapes.prepend(1, l.outShape()), Arrays.copyOfRange(dout, e * perOut, (e + 1) * perOut)),
                        false);
                for (int p = 0; p < grads.size(); p++) {
                    double[] g = l.params().get(p).grad.data;
                    System.arraycopy(g, 0, values.get(p), e * g.length, g.length);
                }
            }
            for (int p = 0; p < grads.size(); p++) {
                Item g = grads.get(p);
                String name = g.name() + "[m]";
                out.put(g.name(), new Item(name, Shapes.prepend(m, g.shape()), values.get(p),
                        name + " = " + Indexed.unsummed(g.rule())));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The names of a batch trace: X[m], Z1[m], ... (parameters stay W1, b1), and a parameter gradient's
     * rule as the sum over m of its one-example rule. With M = 1 every name and rule is the one-example one.
     */
    private record Indexed(boolean batch) {
        private static final String SUM = "Σ_m ";

        String of(String name) {
            return batch ? name + "[m]" : name;
        }

        Item item(String name, Tensor t, String rule) {
            return new Item(name, batch ? t.shape.clone() : t.exampleShape(), t.data.clone(), rule);
        }

        /** "dL/dW2 = Σ_m dL/dZ2[m] · F[m]ᵀ" from the one-example rule "dL/dW2 = dL/dZ2[m] · F[m]ᵀ". */
        String sum(String rule) {
            if (!batch) return rule;
            int eq = rule.indexOf(" = ");
            return rule.substring(0, eq + 3) + SUM + rhs(rule.substring(eq + 3));
        }

        /** The right-hand side of a rule {@link #sum} made, without the Σ_m. */
        static String unsummed(String rule) {
            String rhs = rule.substring(rule.indexOf(" = ") + 3);
            return rhs.startsWith(SUM) ? rhs.substring(SUM.length()) : rhs;
        }

        /** A rule's right-hand side, in parentheses when it is a sum or difference (so Σ_m covers all of it). */
        static String rhs(String rhs) {
            return rhs.contains(" + ") || rhs.contains(" − ") ? "(" + rhs + ")" : rhs;
        }
    }

    /** The layer's hyperparameters under the config's option keys; pairs are {h, w}. */
    private static Map<String, Object> options(Layer l) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (l instanceof Conv2d c) {
            o.put("filters", c.outShape()[0]);
            o.put("kernel", c.kernel());
            o.put("stride", c.stride());
            o.put("padding", c.padding());
        } else if (l instanceof MaxPool2d p) {
            o.put("size", p.size());
            o.put("stride", p.stride());
        } else if (l instanceof AvgPool2d p) {
            o.put("size", p.size());
            o.put("stride", p.stride());
        } else if (l instanceof Dense d) {
            o.put("units", d.outShape()[0]);
        } else if (l instanceof LeakyRelu r) {
            o.put("alpha", r.alpha);
        }
        return Collections.unmodifiableMap(o);
    }
}
