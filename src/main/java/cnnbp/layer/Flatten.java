package cnnbp.layer;

import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;

/**
 * (N, C, H, W) → (N, C·H·W) in C, H, W row-major order, as {@code torch.flatten(x, 1)}. Both
 * directions are views of the same array: the layout already is row-major, so nothing is copied.
 */
public final class Flatten implements ExampleWise {
    private final int[] inShape;

    public Flatten(int[] inShape) {
        this.inShape = inShape.clone();
    }

    @Override
    public String type() {
        return "flatten";
    }

    @Override
    public int[] inShape() {
        return inShape.clone();
    }

    @Override
    public int[] outShape() {
        return new int[] {Shapes.size(inShape)};
    }

    @Override
    public Tensor prepareForward(Tensor inp) {
        return new Tensor(new int[] {inp.n(), Shapes.size(inShape)}, inp.data);
    }

    /** Nothing to compute: out is a view of inp. */
    @Override
    public void forward(int worker, int from, int to) {}

    @Override
    public Tensor prepareBackward(Tensor dout, boolean needDinp) {
        return needDinp ? new Tensor(Shapes.prepend(dout.n(), inShape), dout.data) : null;
    }

    /** Nothing to compute: dinp is a view of dout. */
    @Override
    public void backward(int worker, int from, int to) {}
}
