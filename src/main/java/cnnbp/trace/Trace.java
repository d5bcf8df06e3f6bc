package cnnbp.trace;

import cnnbp.config.LossKind;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Options;
import cnnbp.kind.TraceNames;
import cnnbp.layer.Layer;
import cnnbp.layer.Param;
import cnnbp.model.Network;
import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every tensor of one example's forward and backward pass, named as in the worked examples, with
 * the formula that made it. Shapes are one example's: the batch dimension is left out. The names
 * come from {@link Names}, the formulas from each layer's kind ({@link LayerKind#forwardRule} ...).
 *
 * @param source  what the trace is of (the config's path), for the heading
 * @param x       the input X
 * @param y       the target Y the loss compares with
 */
public record Trace(String source, LossKind lossKind, double label, double loss, String lossRule,
                    Item x, Item y, List<Step> layers) {

    /** A named tensor of one example, and the formula that gives it (null for X and parameters). */
    public record Item(String name, int[] shape, double[] data, String rule) {
        static Item of(String name, Tensor t, String rule) {
            return new Item(name, t.exampleShape(), t.data.clone(), rule);
        }
    }

    /** A parameter of a layer: its key ("W"), its value (named W1) and its gradient (dL/dW1). */
    public record ParamItem(String key, Item value, Item grad) {}

    /**
     * One config layer: its output and dL/d(output); its parameters and their gradients (conv and
     * dense: W then b); for max pool the routing mask (how many windows route to each input
     * element). {@code options} are the layer's hyperparameters under the config's keys
     * ({@link LayerKind#traceOptions}): an Integer, an int[] {h, w}, a Double, ... each.
     */
    public record Step(int index, String type, String description, Map<String, Object> options,
                       Item output, Item gradOutput, List<ParamItem> params, Item mask) {}

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
        Tensor x = new Tensor(Shapes.prepend(1, net.inShape()), input.clone());
        net.zeroGrad();
        double loss = net.forward(x, new double[] {label});
        net.backward(false);

        List<Layer> layers = net.layers();
        Names names = new Names(net);
        int last = layers.size() - 1;
        LossKind kind = net.loss().kind();
        int k = net.outShape()[0];
        String a = names.output(last);
        boolean fused = net.loss().backwardThrough(layers.get(last)) != null;

        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            LayerKind lk = net.kind(i);
            Options o = net.options(i);
            if (lk == null || o == null) {
                throw new IllegalArgumentException("layer " + (i + 1) + " " + l.type() + " was not built from a config");
            }
            TraceNames tn = traceNames(names, i, l);
            String out = tn.out();
            String gradRule;
            if (i == last) gradRule = Rules.lossGrad(kind, a, k);
            else if (i == last - 1 && fused) gradRule = Rules.fused(a, out);
            else gradRule = net.kind(i + 1).backwardRule(net.options(i + 1), layers.get(i + 1),
                    traceNames(names, i + 1, layers.get(i + 1)));
            List<ParamItem> params = new ArrayList<>();
            for (Param p : l.params()) {
                String name = tn.param(p.key);
                params.add(new ParamItem(p.key, new Item(name, p.value.shape, p.value.data.clone(), null),
                        new Item(Names.grad(name), p.grad.shape, p.grad.data.clone(), lk.paramGradRule(o, l, p.key, tn))));
            }
            Tensor maskTensor = lk.mask(l);
            Item mask = maskTensor == null ? null : Item.of("mask of " + out, maskTensor, lk.maskRule(o, l, tn));
            steps.add(new Step(i + 1, l.type(), lk.describe(o, l), Collections.unmodifiableMap(lk.traceOptions(o)),
                    Item.of(out, net.output(i), lk.forwardRule(o, l, tn)),
                    Item.of(Names.grad(out), net.gradOutput(i), gradRule), List.copyOf(params), mask));
        }
        return new Trace(source, kind, label, loss, Rules.loss(kind, a, (int) label),
                Item.of("X", x, null), Item.of("Y", net.target(), Rules.target(kind, k, label)), steps);
    }

    /** The names of layer i's input, output and parameters. */
    private static TraceNames traceNames(Names names, int i, Layer l) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Param p : l.params()) params.put(p.key, names.param(i, p.key));
        return new TraceNames(names.input(i), names.output(i), params);
    }
}
