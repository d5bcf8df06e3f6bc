package cnnbp.kind.builtin;

import static cnnbp.kind.TraceNames.grad;

import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Options;
import cnnbp.kind.TraceNames;
import cnnbp.kind.TraceTensor;
import cnnbp.layer.GlobalPool2d;
import cnnbp.layer.Layer;
import java.util.List;

/** {@code - global_avgpool} and {@code - global_maxpool}: {@link GlobalPool2d}, (C, H, W) → (C), flattened. */
final class GlobalPoolKind implements LayerKind {
    private final boolean max;

    GlobalPoolKind(boolean max) {
        this.max = max;
    }

    @Override
    public String key() {
        return max ? "global_maxpool" : "global_avgpool";
    }

    @Override
    public Layer build(Options o, int[] in, BuildContext context) {
        context.requireImage(in);
        return new GlobalPool2d(in, max);
    }

    @Override
    public String forwardRule(Options o, Layer layer, TraceNames n) {
        return n.out() + " = the " + (max ? "maximum" : "mean") + " of each channel of " + n.in();
    }

    @Override
    public String backwardRule(Options o, Layer layer, TraceNames n) {
        String dout = grad(n.out());
        if (max) return grad(n.in()) + " = route " + dout + " to each channel's max (the mask)";
        int[] s = layer.inShape();
        return grad(n.in()) + " = spread " + dout + " evenly: each element of a channel gets its " + dout + " / "
                + s[1] * s[2];
    }

    @Override
    public String traceLetter() {
        return "P";
    }

    @Override
    public List<String> backwardReads(Layer layer) {
        return max ? List.of(LayerKind.INPUT) : List.of();
    }

    @Override
    public List<TraceTensor> extras(Options o, Layer layer, TraceNames n) {
        if (!max) return List.of();
        return List.of(Text.mask(n, ((GlobalPool2d) layer).mask(), "1 where a channel's maximum of " + n.in() + " sits"));
    }
}
