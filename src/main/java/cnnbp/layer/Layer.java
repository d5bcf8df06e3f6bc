package cnnbp.layer;

import cnnbp.tensor.Tensor;
import java.util.List;

/**
 * One step of the network. Shapes are per example; tensors passed in and out are batched, batch first.
 *
 * <p>{@code forward} keeps a reference to its input and caches what {@code backward} needs (ReLU's
 * output, max pool's argmax). The tensors it returns are owned by the layer and reused by the next
 * call with the same batch size: copy them to keep them. {@code backward} adds ({@code +=}) into the
 * parameter gradients, which {@link #zeroGrad} clears.
 */
public interface Layer {
    /** The config file's name for this layer type: "conv", "relu", ... */
    String type();

    /** Input shape of one example: (C, H, W) or (features). */
    int[] inShape();

    /** Output shape of one example. */
    int[] outShape();

    /** {@code inp} is (N, inShape...); returns out, (N, outShape...). */
    Tensor forward(Tensor inp);

    /**
     * {@code dout} is dL/d(out), (N, outShape...), for the input of the last {@code forward}.
     * Accumulates parameter gradients and returns dL/d(inp), or null when {@code needDinp} is false
     * (the first layer of a network has no one to pass it to).
     */
    Tensor backward(Tensor dout, boolean needDinp);

    /** Trainable parameters: conv and dense W then b; a plugin layer any, each under its own key. */
    default List<Param> params() {
        return List.of();
    }

    /** Multiply-adds of one example's forward pass. */
    default long macs() {
        return 0;
    }

    /**
     * Training (true, the default) or evaluation mode: batch normalization normalizes by the batch's
     * statistics and updates its running ones in training, by the running ones in evaluation;
     * dropout drops in training and is the identity in evaluation. Most layers ignore it.
     */
    default void setTraining(boolean training) {}

    /**
     * The key this layer draws its randomness from (dropout's mask): forwards with the same key and
     * batch size draw the same, so a gradient check's repeated forwards see one mask and a resumed run
     * the masks of an uninterrupted one. {@code Network.setRandomKey} gives each layer its own.
     */
    default void setRandomKey(long key) {}

    /**
     * State that is not trained but saved with the parameters (batch normalization's running mean
     * and variance, PyTorch's buffers), by key, in a fixed order; the tensors are the layer's own.
     */
    default java.util.Map<String, Tensor> buffers() {
        return java.util.Map.of();
    }

    default void zeroGrad() {
        for (Param p : params()) p.grad.fill(0);
    }
}
