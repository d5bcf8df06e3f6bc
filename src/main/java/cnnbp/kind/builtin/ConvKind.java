package cnnbp.kind.builtin;

import static cnnbp.kind.TraceNames.grad;

import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Option;
import cnnbp.kind.Options;
import cnnbp.kind.TraceNames;
import cnnbp.layer.Conv2d;
import cnnbp.layer.Layer;
import cnnbp.tensor.Tensor;
import java.util.List;

/** {@code - conv: {filters: 8, kernel: 3, stride: 1, padding: 1}}: {@link Conv2d}. */
final class ConvKind implements LayerKind {
    @Override
    public String key() {
        return "conv";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.positiveInt("filters"), Option.pair("kernel", 1),
                Option.pair("stride", 1).withDefault(new int[] {1, 1}),
                Option.pair("padding", 0).orWord("same").withDefault(new int[] {0, 0}),
                Option.values("weights").optional(), Option.values("bias").optional());
    }

    @Override
    public Layer build(Options o, int[] in, BuildContext context) {
        context.requireImage(in);
        int filters = o.integer("filters");
        int[] k = o.pair("kernel"), st = o.pair("stride"), pad = padding(o, context);
        for (int d = 0; d < 2; d++) {
            if (Conv2d.outSize(in[d + 1], k[d], st[d], pad[d]) < 1) {
                throw context.error("kernel " + Text.pair(k) + " is larger than its " + in[1] + "x" + in[2] + " input"
                        + (pad[0] + pad[1] > 0 ? " padded by " + Text.pair(pad) : ""));
            }
        }
        int[] wShape = {filters, in[0], k[0], k[1]};
        Tensor w = context.given(o, "weights", wShape, "[filters, in_channels, kernel_h, kernel_w]");
        if (w == null) w = context.initWeights(wShape, in[0] * k[0] * k[1], filters * k[0] * k[1]);
        Tensor b = context.given(o, "bias", new int[] {filters}, "[filters]");
        if (b == null) b = Tensor.zeros(filters);
        return new Conv2d(in, filters, k, st, pad, w, b);
    }

    /**
     * The padding: as given, or for "same" PyTorch's (k − 1) / 2 on each side, which keeps the size for
     * stride 1 and an odd kernel. PyTorch pads an even kernel's extra row and column on one side only;
     * cnnbp pads both sides alike, so it refuses an even kernel, and (as PyTorch) a stride above 1.
     */
    static int[] padding(Options o, BuildContext context) {
        if (!"same".equals(o.get("padding"))) return o.pair("padding");
        int[] k = o.pair("kernel");
        if (Text.any(o.pair("stride"), 1)) {
            throw context.error("padding \"same\" needs stride 1 (as PyTorch), got stride " + Text.pair(o.pair("stride")));
        }
        if (k[0] % 2 == 0 || k[1] % 2 == 0) {
            throw context.error("padding \"same\" needs an odd kernel (PyTorch would pad an even kernel unevenly), got "
                    + Text.pair(k) + "; give the padding as numbers");
        }
        return new int[] {(k[0] - 1) / 2, (k[1] - 1) / 2};
    }

    /** The padding as the trace writes it: "same (1)" or 1 or 1x2. */
    private static String paddingText(Options o) {
        Object p = o.get("padding");
        return "same".equals(p) ? "same (" + Text.pairOrOne(padding(o, null)) + ")" : Text.pairOrOne(o.pair("padding"));
    }

    @Override
    public String describe(Options o, Layer layer) {
        return "conv " + Text.pair(o.pair("kernel")) + ", stride " + Text.pairOrOne(o.pair("stride")) + ", padding "
                + paddingText(o) + ", " + o.integer("filters") + " filter(s)";
    }

    @Override
    public String forwardRule(Options o, Layer layer, TraceNames n) {
        return n.out() + " = " + n.param("W") + " ⋆ " + n.in() + " + " + n.param("b");
    }

    @Override
    public String backwardRule(Options o, Layer layer, TraceNames n) {
        String dout = grad(n.out());
        String rule = grad(n.in()) + " = " + dout + " ⋆full " + n.param("W") + " rotated 180°";
        if (Text.any(o.pair("stride"), 1)) rule += ", " + dout + " dilated by stride " + Text.pairOrOne(o.pair("stride"));
        if (Text.any(padding(o, null), 0)) rule += ", cropped by padding " + paddingText(o);
        return rule;
    }

    @Override
    public String paramGradRule(Options o, Layer layer, String key, TraceNames n) {
        String dout = grad(n.out());
        if (key.equals("b")) return grad(n.param("b")) + " = Σ " + dout + " over each filter's positions";
        String rule = grad(n.param("W")) + " = " + n.in() + " ⋆ " + dout;
        if (Text.any(o.pair("stride"), 1)) rule += ", " + dout + " dilated by stride " + Text.pairOrOne(o.pair("stride"));
        if (Text.any(padding(o, null), 0)) rule += ", " + n.in() + " padded by " + paddingText(o);
        return rule;
    }

    @Override
    public List<String> backwardReads(Layer layer) {
        return List.of("W");
    }

    @Override
    public List<String> paramGradReads(Layer layer, String key) {
        return key.equals("W") ? List.of(INPUT) : List.of();
    }
}
