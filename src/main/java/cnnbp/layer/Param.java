package cnnbp.layer;

import cnnbp.tensor.Tensor;

/**
 * A trainable tensor and the gradient of the loss with respect to it, of the same shape. Its key names
 * it in weights files, checkpoints and traces: conv and dense have "W" and "b" (traced as W1, b1); a
 * plugin's layer may have any, e.g. "alpha" (traced as alpha3 in the third layer with parameters).
 */
public final class Param {
    /** The parameter's name within its layer: "W", "b", "alpha". */
    public final String key;
    /** Its values, which training changes in place. */
    public final Tensor value;
    /** dL/d(value), added to by the layer's backward ({@code +=}), cleared by {@link Layer#zeroGrad}. */
    public final Tensor grad;

    /** A parameter with these values and a zero gradient. */
    public Param(String key, Tensor value) {
        this.key = key;
        this.value = value;
        this.grad = Tensor.zeros(value.shape);
    }
}
