package cnnbp.layer;

import cnnbp.tensor.Parallel;
import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;

/**
 * A layer that computes each example on its own, forward and backward: convolution, pooling, the
 * element-wise activations. Its work is split in two: a {@code prepare} for the whole batch (the
 * output buffer, what backward caches) and the math on a range of examples. That lets
 * {@code Network} run several such layers one after another on the same few examples, while
 * those are in cache, all in one parallel loop, instead of one loop (and one hand-off between the
 * threads) a layer. Whole-batch {@link #forward(Tensor)} and {@link #backward(Tensor, boolean)}
 * are the same two steps over every example; the numbers are the same either way, bit for bit.
 */
public interface ExampleWise extends Layer {
    /** Readies a forward of inp (N, inShape...) and returns out (N, outShape...), computed by {@link #forward(int, int, int)}. */
    Tensor prepareForward(Tensor inp);

    /** out of examples [from, to) of the prepared forward, on worker {@code worker} (its scratch buffers). */
    void forward(int worker, int from, int to);

    /**
     * Readies a backward of dout (N, outShape...) and returns dinp (N, inShape...), computed by
     * {@link #backward(int, int, int)}, or null when {@code needDinp} is false.
     */
    Tensor prepareBackward(Tensor dout, boolean needDinp);

    /**
     * dinp of examples [from, to) of the prepared backward, and their part of the parameter
     * gradients; {@code from} is a multiple of {@link Parallel#CHUNK}, and so is {@code to} or it is N.
     */
    void backward(int worker, int from, int to);

    /** The forward's work for n examples, for {@link Parallel#SERIAL_WORK}: multiply-adds and output elements. */
    default long work(int n) {
        return n * (macs() + Shapes.size(outShape()));
    }

    /** After every example's backward: adds the parts of the parameter gradients into them, in a fixed order. */
    default void finishBackward() {}

    @Override
    default Tensor forward(Tensor inp) {
        Tensor out = prepareForward(inp);
        Parallel.forEach(inp.n(), work(inp.n()), this::forward);
        return out;
    }

    @Override
    default Tensor backward(Tensor dout, boolean needDinp) {
        Tensor dinp = prepareBackward(dout, needDinp);
        Parallel.forEachChunk(dout.n(), 2 * work(dout.n()), this::backward);
        finishBackward();
        return dinp;
    }
}
