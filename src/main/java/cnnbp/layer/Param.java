package cnnbp.layer;

import cnnbp.tensor.Tensor;

/** A trainable tensor and the gradient of the loss with respect to it, of the same shape. */
public final class Param {
    /** "W" or "b": the key used in weights files and traces. */
    public final String key;
    public final Tensor value;
    public final Tensor grad;

    public Param(String key, Tensor value) {
        this.key = key;
        this.value = value;
        this.grad = Tensor.zeros(value.shape);
    }
}
