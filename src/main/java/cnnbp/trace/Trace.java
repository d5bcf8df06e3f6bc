package cnnbp.trace;

import cnnbp.config.LossKind;
import cnnbp.layer.AvgPool2d;
import cnnbp.layer.Conv2d;
import cnnbp.layer.Dense;
import cnnbp.layer.Layer;
import cnnbp.layer.LeakyRelu;
import cnnbp.layer.MaxPool2d;
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
 * the formula that made it. Shapes are one example's: the batch dimension is left out.
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

    /**
     * One config layer: its output and dL/d(output); for conv and dense the parameters and their
     * gradients; for max pool the routing mask (how many windows route to each input element).
     * {@code options} are the layer's hyperparameters under the config's keys (filters, kernel,
     * stride, padding, size, units, alpha): an Integer, an int[] {h, w} or a Double each.
     */
    public record Step(int index, String type, String description, Map<String, Object> options,
                       Item output, Item gradOutput, Item w, Item dw, Item b, Item db, Item mask) {}

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
        Tensor x = new Tensor(Shapes.prepend(1, net.inShape()), input.clone());
        net.zeroGrad();
        double loss = net.forward(x, new double[] {label});
        net.backward(false);

        List<Layer> layers = net.layers();
        Names names = new Names(layers);
        int last = layers.size() - 1;
        LossKind kind = net.loss().kind();
        int k = net.outShape()[0];
        String a = names.output(last);
        boolean fused = net.loss().backwardThrough(layers.get(last)) != null;

        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String out = names.output(i), in = names.input(i);
            String w = names.param(i, "W"), b = names.param(i, "b");
            String gradRule;
            if (i == last) gradRule = Rules.lossGrad(kind, a, k);
            else if (i == last - 1 && fused) gradRule = Rules.fused(a, out);
            else gradRule = Rules.backward(layers.get(i + 1), names.output(i + 1), out, names.param(i + 1, "W"));
            Item wItem = null, dwItem = null, bItem = null, dbItem = null, mask = null;
            if (!l.params().isEmpty()) {
                Param pw = l.params().get(0), pb = l.params().get(1);
                wItem = new Item(w, pw.value.shape, pw.value.data.clone(), null);
                dwItem = new Item(Names.grad(w), pw.grad.shape, pw.grad.data.clone(), Rules.weightGrad(l, out, in, w));
                bItem = new Item(b, pb.value.shape, pb.value.data.clone(), null);
                dbItem = new Item(Names.grad(b), pb.grad.shape, pb.grad.data.clone(), Rules.biasGrad(l, out, b));
            }
            if (l instanceof MaxPool2d p) {
                mask = Item.of("mask of " + out, p.mask(), "mask of " + out + ": 1 where a window's maximum of " + in + " sits");
            }
            steps.add(new Step(i + 1, l.type(), Rules.describe(l), options(l),
                    Item.of(out, net.output(i), Rules.forward(l, out, in, w, b)),
                    Item.of(Names.grad(out), net.gradOutput(i), gradRule),
                    wItem, dwItem, bItem, dbItem, mask));
        }
        return new Trace(source, kind, label, loss, Rules.loss(kind, a, (int) label),
                Item.of("X", x, null), Item.of("Y", net.target(), Rules.target(kind, k, label)), steps);
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
