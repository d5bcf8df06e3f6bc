package cnnbp.trace;

import cnnbp.loss.LossKind;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Options;
import cnnbp.kind.TraceNames;
import cnnbp.kind.TraceTensor;
import cnnbp.layer.Layer;
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
 * and the extras of one example each (a mask, batchnorm's Xhat2) have shapes starting with M; their formulas are the one-example ones with the names
 * indexed by example (Z1[m] = W1 ⋆ X[m] + b1); parameters and their gradients keep their shapes,
 * and a gradient's formula sums the one-example formula over the batch (dL/dW2 = Σ_m dL/dZ2[m] · F[m]ᵀ).
 * The loss is the mean of the examples' losses, so the derivative it starts gains a factor 1/M.
 * The names come from {@link Names}, the formulas from each layer's kind ({@link LayerKind#forwardRule}
 * ...), given names indexed [m] in a batch.
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
 * @param randomKey  what the masks of random layers (dropout) were drawn from, or null when the trace left the
 *                   network's keys as they were
 */
public record Trace(String source, LossKind lossKind, double[] labels, double loss, double[] losses, String lossRule,
                    Item x, Item y, List<Step> layers, Map<String, Item> perExample, String exampleLossRule,
                    RandomKey randomKey) {

    /** A trace whose network's random keys were left as they were (no {@link #randomKey}). */
    public Trace(String source, LossKind lossKind, double[] labels, double loss, double[] losses, String lossRule,
                 Item x, Item y, List<Step> layers, Map<String, Item> perExample, String exampleLossRule) {
        this(source, lossKind, labels, loss, losses, lossRule, x, y, layers, perExample, exampleLossRule, null);
    }

    /**
     * The arguments of {@link Network#setRandomKey}(seed, epoch, batch) the trace ran with: each dropout
     * layer's mask is a pure function of them and the layer's index, so a trace read back draws the same.
     * {@code cnnbp trace} uses the config's seed, epoch 0 and batch 0.
     */
    public record RandomKey(long seed, int epoch, int batch) {}

    /** A named tensor of one example, and the formula that gives it (null for X and parameters). */
    public record Item(String name, int[] shape, double[] data, String rule) {
        static Item of(String name, Tensor t, String rule) {
            return new Item(name, t.exampleShape(), t.data.clone(), rule);
        }
    }

    /** A parameter of a layer: its key ("W"), its value (named W1) and its gradient (dL/dW1). */
    public record ParamItem(String key, Item value, Item grad) {}

    /**
     * A tensor the layer's kind shows besides its output ({@link LayerKind#extras}): max pooling's mask,
     * batchnorm's mu2 and Xhat2; dL/d(it) when the kind gives it ({@link LayerKind#extraGrads}), else null.
     * {@code key} is the kind's ("mask", "mu"); with {@code perExample} its shapes start with M in a batch,
     * else (batchnorm's per-channel mu2) they are the whole batch's.
     */
    public record Extra(String key, Item value, Item grad, boolean perExample) {}

    /**
     * One config layer: its output and dL/d(output); its parameters and their gradients (conv and
     * dense: W then b); its extras (max pool's routing mask: how many windows route to each input
     * element; batchnorm's mu2, var2, Xhat2 and dL/dXhat2). {@code options} are the layer's
     * hyperparameters under the config's keys ({@link LayerKind#traceOptions}): an Integer, an int[]
     * {h, w}, a Double, ... each.
     */
    public record Step(int index, String type, String description, Map<String, Object> options,
                       Item output, Item gradOutput, List<ParamItem> params, List<Extra> extras) {
        public Step {
            extras = List.copyOf(extras);
        }

        /** The extra with the kind's {@code key} ("mask"), or null. */
        public Extra extra(String key) {
            return extras.stream().filter(e -> e.key().equals(key)).findFirst().orElse(null);
        }
    }

    /** The batch size M. */
    public int batch() {
        return labels.length;
    }

    /** The label of a one-example trace; of a batch, its first example's. */
    public double label() {
        return labels[0];
    }

    /**
     * Whether {@code it} has a batch dimension: with M &gt; 1, X, Y and the layers' outputs, derivatives
     * and extras of one example each (masks, Xhat2).
     */
    public boolean batched(Item it) {
        return batch() > 1 && it.shape().length > 0 && it.shape()[0] == batch() && !wholeBatch(it);
    }

    /** A parameter, its gradient, or an extra of the whole batch (batchnorm's mu2). */
    private boolean wholeBatch(Item it) {
        for (Step s : layers) {
            for (ParamItem p : s.params()) if (p.value() == it || p.grad() == it) return true;
            for (Extra e : s.extras()) if (!e.perExample() && (e.value() == it || e.grad() == it)) return true;
        }
        return false;
    }

    /** What the layers' kinds show besides (masks, mu2, Xhat2, dL/dXhat2), in the order of the layers. */
    public List<Item> extraItems() {
        List<Item> items = new ArrayList<>();
        for (Step s : layers) {
            for (Extra e : s.extras()) {
                items.add(e.value());
                if (e.grad() != null) items.add(e.grad());
            }
        }
        return items;
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
     * with a layer's parameter gradients (dL/dW, dL/db) right after its dL/d(output).
     */
    public List<Item> backwardItems() {
        List<Item> items = new ArrayList<>();
        for (int i = layers.size() - 1; i >= 0; i--) {
            Step s = layers.get(i);
            items.add(s.gradOutput());
            for (ParamItem p : s.params()) items.add(p.grad());
        }
        return items;
    }

    /** What a worked example gives rather than computes: X, every W and b, and Y. */
    public List<Item> givenItems() {
        List<Item> items = new ArrayList<>(List.of(x));
        for (Step s : layers) {
            for (ParamItem p : s.params()) items.add(p.value());
        }
        items.add(y);
        return items;
    }

    /**
     * Runs one example (input in C,H,W order) through the network, which must have been built from a
     * config (so that each layer's kind and options are known), and collects the trace.
     */
    public static Trace of(Network net, double[] input, double label, String source) {
        return of(net, input, new double[] {label}, source);
    }

    /**
     * Runs a batch of M = labels.length examples (inputs: M·C·H·W values, example after example, each
     * in C,H,W order) through the network and collects the trace. M = 1 is {@link #of(Network, double[], double, String)}.
     */
    public static Trace of(Network net, double[] inputs, double[] labels, String source) {
        return of(net, inputs, labels, source, null);
    }

    /**
     * As {@link #of(Network, double[], double[], String)}, with the network's random keys set from {@code key}
     * first ({@link Network#setRandomKey}): the masks of its dropout layers are then those {@code key} gives,
     * and the trace keeps it. A null key leaves the keys as they are.
     */
    public static Trace of(Network net, double[] inputs, double[] labels, String source, RandomKey key) {
        if (key != null) net.setRandomKey(key.seed(), key.epoch(), key.batch());
        int m = labels.length;
        Tensor x = new Tensor(Shapes.prepend(m, net.inShape()), inputs.clone());
        net.zeroGrad();
        double loss = net.forward(x, labels);
        net.backward(false);

        List<Layer> layers = net.layers();
        Names names = new Names(net);
        Indexed ix = new Indexed(m > 1);
        int last = layers.size() - 1;
        LossKind kind = net.loss().kind();
        int k = net.outShape()[0];
        String a = ix.of(names.output(last));
        boolean fused = net.loss().backwardThrough(layers.get(last)) != null;

        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            LayerKind lk = net.kind(i);
            Options o = net.options(i);
            if (lk == null || o == null) {
                throw new IllegalArgumentException("layer " + (i + 1) + " " + l.type() + " was not built from a config");
            }
            TraceNames tn = traceNames(names, i, l, ix);
            String out = tn.out(), plain = names.output(i);
            String gradRule;
            if (i == last) gradRule = Rules.lossGrad(kind, a, ix.of("Y"), k, m > 1);
            else if (i == last - 1 && fused) gradRule = Rules.fused(a, ix.of("Y"), out, m > 1);
            else gradRule = net.kind(i + 1).backwardRule(net.options(i + 1), layers.get(i + 1),
                    traceNames(names, i + 1, layers.get(i + 1), ix));
            List<ParamItem> params = new ArrayList<>();
            for (Param p : l.params()) {
                String name = tn.param(p.key);
                params.add(new ParamItem(p.key, new Item(name, p.value.shape, p.value.data.clone(), null),
                        new Item(Names.grad(name), p.grad.shape, p.grad.data.clone(), ix.sum(lk.paramGradRule(o, l, p.key, tn)))));
            }
            steps.add(new Step(i + 1, l.type(), lk.describe(o, l), Collections.unmodifiableMap(lk.traceOptions(o)),
                    ix.item(plain, net.output(i), lk.forwardRule(o, l, tn)),
                    ix.item(Names.grad(plain), net.gradOutput(i), gradRule), List.copyOf(params),
                    extras(lk, o, l, tn, net.gradOutput(i), ix)));
        }
        String label = m > 1 ? "label[m]" : Integer.toString((int) labels[0]);
        String exampleLoss = Rules.loss(kind, ix.of("L"), a, ix.of("Y"), label);
        Item y = ix.item("Y", net.target(), Rules.target(kind, k, ix.of("Y"), label, labels[0]));
        double[] losses = m > 1 ? losses(net, steps.get(last).output().data(), labels) : new double[] {loss};
        Map<String, Item> perExample = m > 1 ? contributions(net, x, steps) : Map.of();
        return new Trace(source, kind, labels.clone(), loss, losses, m > 1 ? Rules.batchLoss() : exampleLoss,
                ix.item("X", x, null), y, steps, perExample, exampleLoss, key);
    }

    /** The kind's extras of layer {@code l} after the pass, each with its gradient if the kind gives one. */
    private static List<Extra> extras(LayerKind lk, Options o, Layer l, TraceNames tn, Tensor dout, Indexed ix) {
        Map<String, TraceTensor> grads = new LinkedHashMap<>();
        for (TraceTensor g : lk.extraGrads(o, l, tn, dout)) grads.put(g.key(), g);
        List<Extra> extras = new ArrayList<>();
        for (TraceTensor e : lk.extras(o, l, tn)) {
            TraceTensor g = grads.get(e.key());
            extras.add(new Extra(e.key(), ix.item(e), g == null ? null : ix.item(g), e.perExample()));
        }
        return extras;
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
     * Each example's contribution to every parameter gradient: the layer run forward on the whole batch
     * (so that a batchnorm's statistics are the batch's) and back from example m's (already 1/M-scaled)
     * dL/d(output)[m] with every other example's set to 0. A parameter gradient is linear in dL/d(output),
     * so their sum over m is the gradient. Leaves the layers' gradients at the last example's.
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
            int perOut = Shapes.size(l.outShape());
            List<Item> grads = s.params().stream().map(ParamItem::grad).toList();
            List<double[]> values = new ArrayList<>();
            for (Item g : grads) values.add(new double[m * g.data().length]);
            l.forward(new Tensor(Shapes.prepend(m, l.inShape()), in.clone()));
            for (int e = 0; e < m; e++) {
                double[] one = new double[dout.length];  // dL/d(output) of example e alone
                System.arraycopy(dout, e * perOut, one, e * perOut, perOut);
                l.zeroGrad();
                l.backward(new Tensor(Shapes.prepend(m, l.outShape()), one), false);
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

        /** An extra's item: one example's as {@link #item}, a whole batch's in its own shape. */
        Item item(TraceTensor e) {
            if (e.perExample()) return item(e.name(), e.value(), e.rule());
            return new Item(e.name(), e.value().shape.clone(), e.value().data.clone(), e.rule());
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

    /** The names layer i's kind writes its rules with in a trace of {@code m} examples of {@code net}. */
    public static TraceNames traceNames(Network net, int i, int m) {
        return traceNames(new Names(net), i, net.layer(i), new Indexed(m > 1));
    }

    /** The names of layer i's input, output (indexed [m] in a batch) and parameters. */
    private static TraceNames traceNames(Names names, int i, Layer l, Indexed ix) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Param p : l.params()) params.put(p.key, names.param(i, p.key));
        return new TraceNames(ix.of(names.input(i)), ix.of(names.output(i)), params, names.stage(i), ix.batch());
    }
}
