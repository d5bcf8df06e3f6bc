package cnnbp.optim;

import java.util.Map;

/**
 * An update rule of torch.optim, for a fixed list of parameters: {@link #step} reads each
 * parameter's gradient (leaving it as it is) and updates the parameter in place. What the rule
 * remembers between steps is its state: a step count and tensors named as PyTorch names them in
 * {@code optimizer.state[p]} ({@code exp_avg}, {@code momentum_buffer}, …), one per parameter with
 * that parameter's shape, which a checkpoint saves and {@link #restore}s to resume bit for bit.
 */
public interface Optimizer {
    /** One update of every parameter from its gradient, at learning rate {@code lr}. */
    void step(double lr);

    /** Steps taken so far (PyTorch's {@code state[p]["step"]}). */
    long steps();

    /**
     * The state tensors by name, each one array per parameter in the order the parameters were
     * given; empty before the first step (PyTorch creates its state there). Live arrays: read, do not keep.
     */
    Map<String, double[][]> state();

    /**
     * Restores a state saved from {@link #steps()} and {@link #state()}: {@code state} must hold
     * exactly the names this optimizer keeps after {@code steps} steps, each array its parameter's
     * size; otherwise an {@link IllegalArgumentException} says which does not fit.
     */
    void restore(long steps, Map<String, double[][]> state);
}
