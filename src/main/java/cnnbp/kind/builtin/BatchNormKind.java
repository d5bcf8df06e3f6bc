package cnnbp.kind.builtin;

import static cnnbp.kind.TraceNames.grad;

import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Option;
import cnnbp.kind.Options;
import cnnbp.kind.TraceNames;
import cnnbp.kind.TraceTensor;
import cnnbp.layer.BatchNorm;
import cnnbp.layer.Layer;
import cnnbp.layer.Param;
import cnnbp.tensor.Tensor;
import java.util.List;

/**
 * {@code - batchnorm: {eps: 1e-5, momentum: 0.1, affine: true, gamma: [...], beta: [...]}}: {@link BatchNorm},
 * per channel after a conv or pool (PyTorch's BatchNorm2d), per feature after a dense layer (BatchNorm1d);
 * γ and β given, or 1 and 0.
 */
final class BatchNormKind implements LayerKind {
    /** The names of μ, σ² and X̂ in the trace, with the stage as a parameter's: mu2, var2, Xhat2. */
    private static final String MU = "mu", VAR = "var", XHAT = "Xhat";

    @Override
    public String key() {
        return "batchnorm";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.number("eps").withDefault(1e-5).range(Double.MIN_VALUE, Double.MAX_VALUE),
                Option.number("momentum").withDefault(0.1).range(0, 1), Option.bool("affine").withDefault(true),
                Option.values("gamma").optional(), Option.values("beta").optional());
    }

    @Override
    public Layer build(Options o, int[] in, BuildContext context) {
        if (in.length != 1 && in.length != 3) {
            throw context.error("expects (channels, height, width) or (features), got " + cnnbp.tensor.Shapes.toString(in));
        }
        BatchNorm bn = new BatchNorm(in, o.number("eps"), o.number("momentum"), o.bool("affine"));
        for (Param p : bn.params()) {  // gamma, beta: given, or 1 and 0
            Tensor v = context.given(o, p.key, p.value.shape, "[" + per(bn) + "s]");
            if (v != null) System.arraycopy(v.data, 0, p.value.data, 0, v.size());
        }
        if (!o.bool("affine") && (o.has("gamma") || o.has("beta"))) {
            throw context.error("gamma and beta need affine: true (without it the layer has no parameters)");
        }
        return bn;
    }

    @Override
    public String forwardRule(Options o, Layer layer, TraceNames n) {
        String xhat = n.ofExample(n.tensor(XHAT));
        return n.out() + " = " + (o.bool("affine") ? n.param("gamma") + " ⊙ " + xhat + " + " + n.param("beta") : xhat)
                + (o.bool("affine") ? ", " + n.param("gamma") + " and " + n.param("beta") + " per " + per(layer) : "");
    }

    @Override
    public String backwardRule(Options o, Layer layer, TraceNames n) {
        String xhat = n.ofExample(n.tensor(XHAT)), dxhat = grad(xhat), all = grad(n.tensor(XHAT));
        String std = " / √(" + n.tensor(VAR) + " + ε)";
        if (!((BatchNorm) layer).training()) return grad(n.in()) + " = " + dxhat + std + " (evaluation)";
        return grad(n.in()) + " = (" + dxhat + " − mean(" + all + ") − " + xhat + " ⊙ mean(" + all + " ⊙ "
                + n.tensor(XHAT) + "))" + std + ", the means per " + per(layer) + over(layer, n);
    }

    @Override
    public String paramGradRule(Options o, Layer layer, String key, TraceNames n) {
        String dout = grad(n.out());
        String rhs = key.equals("beta") ? dout : dout + " ⊙ " + n.ofExample(n.tensor(XHAT));
        if (layer.inShape().length == 3) rhs = "Σ " + rhs + " over each channel's positions";  // a feature has one per example
        return grad(n.param(key)) + " = " + rhs;
    }

    /** μ and σ² per channel (feature) and X̂, as the last forward computed them: the batch's in training. */
    @Override
    public List<TraceTensor> extras(Options o, Layer layer, TraceNames n) {
        BatchNorm bn = (BatchNorm) layer;
        String mu = n.tensor(MU), var = n.tensor(VAR), xhat = n.tensor(XHAT), in = n.in();
        boolean training = bn.training();
        String values = ", per " + per(layer) + over(layer, n);
        return List.of(
                new TraceTensor("mu", mu, bn.mean(), false, mu + " = " + (training ? "mean of " + in + values
                        : "running_mean (evaluation)")),
                new TraceTensor("var", var, bn.variance(), false, var + " = " + (training
                        ? "mean of (" + in + " − " + mu + ")²" + values + " (biased)" : "running_var (evaluation)")),
                new TraceTensor("xhat", xhat, bn.normalized(), true, n.ofExample(xhat) + " = (" + in + " − " + mu
                        + ") / √(" + var + " + ε), ε = " + o.number("eps")));
    }

    /** dL/dX̂ = dL/dY ⊙ γ, the chain rule's step between dL/d(output) and dL/d(input). */
    @Override
    public List<TraceTensor> extraGrads(Options o, Layer layer, TraceNames n, Tensor dout) {
        String xhat = n.tensor(XHAT);
        return List.of(new TraceTensor("xhat", grad(xhat), ((BatchNorm) layer).dnormalized(dout), true,
                grad(n.ofExample(xhat)) + " = " + grad(n.out()) + (o.bool("affine") ? " ⊙ " + n.param("gamma") : "")));
    }

    private static String per(Layer layer) {
        return layer.inShape().length == 3 ? "channel" : "feature";
    }

    /** What a per-channel mean runs over: ", over the batch's M·H·W values", of one example ", over its H·W values". */
    private static String over(Layer layer, TraceNames n) {
        boolean image = layer.inShape().length == 3;
        if (n.batch()) return ", over the batch's " + (image ? "M·H·W values" : "M values");
        return image ? ", over its H·W values" : "";
    }
}
