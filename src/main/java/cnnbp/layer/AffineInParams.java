package cnnbp.layer;

import cnnbp.tensor.Tensor;

/**
 * A layer whose output is affine in each parameter element (conv, dense): changing one element
 * θ by δ changes the output by exactly δ · ∂out/∂θ, so the output of a changed parameter can be
 * had from the last forward's output without recomputing it. A gradient check uses this to
 * perturb one weight at the cost of one output channel instead of a whole forward.
 */
public interface AffineInParams extends Layer {
    /**
     * Sets the output of the last forward to what forward would give (up to rounding) if element
     * {@code e} of {@code p} were δ larger: out = base + δ · ∂out/∂p[e], written only where p[e]
     * reaches. {@code base} is a copy of the last forward's output; δ = 0 restores it exactly.
     * Neither p nor the layer's cache changes.
     */
    void shiftOutput(Param p, int e, double delta, Tensor base);
}
