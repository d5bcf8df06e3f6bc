package cnnbp.layer;

/**
 * A layer that is smooth except where an element moves from one piece of its formula to another:
 * ReLU's and leaky ReLU's sign, max pooling's argmax. Where the pieces of two forward passes
 * differ, the function has a kink between them and a finite difference across it means nothing.
 */
public interface Piecewise extends Layer {
    /**
     * The piece each element of the last forward used, one int per element: for ReLU and leaky
     * ReLU 1 where inp > 0 and 0 elsewhere, (N, shape...); for max pooling the flat input index
     * of each window's maximum, (N, C, OH, OW). Written into {@code dst} when it has the right
     * length, else into a new array; returns the array written.
     */
    int[] pieces(int[] dst);
}
