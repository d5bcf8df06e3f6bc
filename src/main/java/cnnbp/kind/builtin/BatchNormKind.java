package cnnbp.kind.builtin;

import static cnnbp.kind.TraceNames.grad;

import cnnbp.kind.BuildContext;
import cnnbp.kind.LayerKind;
import cnnbp.kind.Option;
import cnnbp.kind.Options;
import cnnbp.kind.TraceNames;
import cnnbp.layer.BatchNorm;
import cnnbp.layer.Layer;
import java.util.List;

/**
 * {@code - batchnorm: {eps: 1e-5, momentum: 0.1, affine: true}}: {@link BatchNorm}, per channel after a
 * conv or pool (PyTorch's BatchNorm2d), per feature after a dense layer (BatchNorm1d).
 */
final class BatchNormKind implements LayerKind {
    @Override
    public String key() {
        return "batchnorm";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.number("eps").withDefault(1e-5).range(Double.MIN_VALUE, Double.MAX_VALUE),
                Option.number("momentum").withDefault(0.1).range(0, 1), Option.bool("affine").withDefault(true));
    }

    @Override
    public Layer build(Options o, int[] in, BuildContext context) {
        if (in.length != 1 && in.length != 3) {
            throw context.error("expects (channels, height, width) or (features), got " + cnnbp.tensor.Shapes.toString(in));
        }
        return new BatchNorm(in, o.number("eps"), o.number("momentum"), o.bool("affine"));
    }

    @Override
    public String forwardRule(Options o, Layer layer, TraceNames n) {
        String per = layer.inShape().length == 3 ? "each channel" : "each feature";
        String xhat = "(" + n.in() + " − μ) / √(σ² + ε)";
        String rule = n.out() + " = " + (o.bool("affine") ? n.param("gamma") + " ⊙ X̂ + " + n.param("beta") : "X̂")
                + ", X̂ = " + xhat + ", ε = " + o.number("eps");
        return rule + "; μ, σ² the batch's mean and biased variance of " + per + " in training, the running ones in evaluation";
    }

    @Override
    public String backwardRule(Options o, Layer layer, TraceNames n) {
        String dxhat = grad("X̂") + " = " + grad(n.out()) + (o.bool("affine") ? " ⊙ " + n.param("gamma") : "");
        return grad(n.in()) + " = (" + grad("X̂") + " − mean(" + grad("X̂") + ") − X̂ ⊙ mean(" + grad("X̂")
                + " ⊙ X̂)) / √(σ² + ε), " + dxhat + " (training; evaluation: " + grad("X̂") + " / √(σ² + ε))";
    }

    @Override
    public String paramGradRule(Options o, Layer layer, String key, TraceNames n) {
        if (key.equals("beta")) return grad(n.param("beta")) + " = Σ " + grad(n.out());
        return grad(n.param("gamma")) + " = Σ " + grad(n.out()) + " ⊙ X̂";
    }
}
