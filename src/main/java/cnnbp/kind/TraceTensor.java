package cnnbp.kind;

import cnnbp.tensor.Tensor;

/**
 * A tensor the trace shows with a layer besides its output and parameters ({@link LayerKind#extras},
 * {@link LayerKind#extraGrads}): max pooling's mask, batchnorm's mu2, var2 and Xhat2, and dL/dXhat2.
 *
 * @param key        what the tensor is, lowercase: "mask", "mu", "xhat"; the key of the layer's
 *                   {@code "tensors"} in a {@code cnnbp-trace/1} file, a gradient's under its tensor's
 *                   ("mask" stays at the layer's {@code "mask"}, where the format always had it)
 * @param name       the trace's name, from {@link TraceNames#tensor} (mu2, Xhat2) or {@link TraceNames#grad}
 *                   (dL/dXhat2), never indexed [m]; a mask's "mask of P1"
 * @param value      the layer's tensor: with {@code perExample}, the batch dimension first (N, ...), as the
 *                   layer's output; else one tensor for the whole batch (a per-channel mean, (C))
 * @param perExample whether {@code value} holds one tensor per example
 * @param rule       the formula that gives it, written with the names of {@link TraceNames}
 */
public record TraceTensor(String key, String name, Tensor value, boolean perExample, String rule) {}
