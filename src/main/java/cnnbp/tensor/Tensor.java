package cnnbp.tensor;

import java.util.Arrays;

/**
 * A flat row-major {@code double[]} with a shape. Batched tensors are NCHW, batch first:
 * element (n, c, h, w) of a (N, C, H, W) tensor sits at {@code ((n*C + c)*H + h)*W + w}.
 */
public final class Tensor {
    public final int[] shape;
    public final double[] data;

    public Tensor(int[] shape, double[] data) {
        if (Shapes.size(shape) != data.length) {
            throw new IllegalArgumentException("shape " + Shapes.toString(shape) + " needs "
                    + Shapes.size(shape) + " values, got " + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
    }

    public static Tensor zeros(int... shape) {
        return new Tensor(shape, new double[Shapes.size(shape)]);
    }

    /** A batch of {@code n} tensors of the per-example shape {@code example}. */
    public static Tensor batch(int n, int[] example) {
        return zeros(Shapes.prepend(n, example));
    }

    /**
     * A batch buffer of {@code n} examples of shape {@code example}: {@code t} itself when it already
     * has that batch size (its contents are stale), else a new zeroed tensor. Layers keep their
     * outputs this way so that the steady state of training allocates nothing.
     */
    public static Tensor reuse(Tensor t, int n, int[] example) {
        return t != null && t.n() == n ? t : batch(n, example);
    }

    public int size() {
        return data.length;
    }

    /** The batch size: the first dimension. */
    public int n() {
        return shape[0];
    }

    /** Values per example: the product of every dimension but the first. */
    public int perExample() {
        return data.length / shape[0];
    }

    /** One example's shape: every dimension but the first. */
    public int[] exampleShape() {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    public void fill(double v) {
        Arrays.fill(data, v);
    }

    public Tensor copy() {
        return new Tensor(shape, data.clone());
    }

    @Override
    public String toString() {
        return "Tensor" + Shapes.toString(shape);
    }
}
