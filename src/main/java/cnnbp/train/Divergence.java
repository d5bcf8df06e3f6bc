package cnnbp.train;

import cnnbp.loss.LossKind;
import cnnbp.layer.Layer;
import cnnbp.layer.Param;
import cnnbp.model.Network;
import cnnbp.tensor.Tensor;
import cnnbp.trace.Names;
import java.util.function.IntFunction;

/** Says where a non-finite loss or weight came from, for the message that stops training. */
final class Divergence {
    private Divergence() {}

    /**
     * After a forward pass whose loss is not finite: the first place NaN or infinity shows up, the
     * input, a layer's output (and whether that layer's own weights are already non-finite, which
     * the last update did), or the loss itself.
     */
    static String where(Network net, IntFunction<String> sourceOfRow) {
        Tensor x = net.input();  // (M, C, H, W)
        int per = x.perExample();
        for (int i = 0; i < x.size(); i++) {
            if (!Double.isFinite(x.data[i])) return "the input holds non-finite values (" + sourceOfRow.apply(i / per) + ")";
        }
        Names names = new Names(net);
        for (int i = 0; i < net.layers().size(); i++) {
            if (finite(net.output(i))) continue;
            Layer l = net.layer(i);
            String where = "first non-finite values in layer " + (i + 1) + " " + l.type() + " (" + names.output(i) + ")";
            for (Param p : l.params()) {
                if (!finite(p.value)) return where + ", whose weights " + names.param(i, p.key) + " hold non-finite values";
            }
            return where;
        }
        if (net.loss().kind() == LossKind.CROSS_ENTROPY) {  // −log of a probability that underflowed to 0
            Tensor a = net.output(net.layers().size() - 1), y = net.target();  // (M, K) both
            for (int i = 0; i < a.size(); i++) {
                if (y.data[i] == 1 && a.data[i] == 0) {
                    return "the softmax gives " + sourceOfRow.apply(i / a.perExample())
                            + " a probability of 0 for its class, and −log(0) is infinite";
                }
            }
        }
        return "every layer's output is finite: the loss itself overflowed";
    }

    /** The first parameter that is not finite, named as "layer 4 conv (W2)", or null when all are. */
    static String nonFiniteParam(Network net) {
        Names names = new Names(net);
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layer(i);
            for (Param p : l.params()) {
                if (!finite(p.value)) return "layer " + (i + 1) + " " + l.type() + " (" + names.param(i, p.key) + ")";
            }
        }
        return null;
    }

    static boolean finite(Tensor t) {
        for (double v : t.data) {
            if (!Double.isFinite(v)) return false;
        }
        return true;
    }
}
