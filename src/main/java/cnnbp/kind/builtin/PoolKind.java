package cnnbp.kind.builtin;

import static cnnbp.kind.TraceNames.grad;

import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Option;
import cnnbp.kind.Options;
import cnnbp.kind.TraceNames;
import cnnbp.kind.TraceTensor;
import cnnbp.layer.AvgPool2d;
import cnnbp.layer.Layer;
import cnnbp.layer.MaxPool2d;
import java.util.List;

/** {@code - maxpool: {size: 2}} ({@link MaxPool2d}) and {@code - avgpool: {size: 2, stride: 1}} ({@link AvgPool2d}). */
final class PoolKind implements LayerKind {
    private final boolean max;

    PoolKind(boolean max) {
        this.max = max;
    }

    @Override
    public String key() {
        return max ? "maxpool" : "avgpool";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.pair("size", 1), Option.pair("stride", 1).defaultsTo("size"));
    }

    @Override
    public Layer build(Options o, int[] in, BuildContext context) {
        context.requireImage(in);
        int[] size = o.pair("size");
        if (size[0] > in[1] || size[1] > in[2]) {
            throw context.error("size " + Text.pair(size) + " is larger than its " + in[1] + "x" + in[2] + " input");
        }
        return max ? new MaxPool2d(in, size, o.pair("stride")) : new AvgPool2d(in, size, o.pair("stride"));
    }

    @Override
    public String describe(Options o, Layer layer) {
        return key() + " " + Text.pair(o.pair("size")) + ", stride " + Text.pairOrOne(o.pair("stride"));
    }

    @Override
    public String forwardRule(Options o, Layer layer, TraceNames n) {
        return n.out() + " = the " + (max ? "maximum" : "mean") + " of each window of " + n.in();
    }

    @Override
    public String backwardRule(Options o, Layer layer, TraceNames n) {
        String dout = grad(n.out());
        if (max) return grad(n.in()) + " = route " + dout + " to each window's max (the mask)";
        int[] s = o.pair("size");
        return grad(n.in()) + " = spread " + dout + " evenly: each element of a window gets its " + dout + " / "
                + s[0] * s[1];
    }

    @Override
    public String traceLetter() {
        return "P";
    }

    @Override
    public List<String> backwardReads(Layer layer) {
        return max ? List.of(INPUT) : List.of();
    }

    @Override
    public List<TraceTensor> extras(Options o, Layer layer, TraceNames n) {
        if (!max) return List.of();
        return List.of(Text.mask(n, ((MaxPool2d) layer).mask(), "1 where a window's maximum of " + n.in() + " sits"));
    }
}
