package cnnbp.layer;

import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;

/**
 * (N, C, H, W) → (N, C·H·W) in C, H, W row-major order, as {@code torch.flatten(x, 1)}. Both
 * directions are views of the same array: the layout already is row-major, so nothing is copied.
 */
public final class Flatten implements Layer {
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
    public Tensor forward(Tensor inp) {
        return new Tensor(new int[] {inp.n(), Shapes.size(inShape)}, inp.data);
    }

    @Override
    public Tensor backward(Tensor dout, boolean needDinp) {
        return needDinp ? new Tensor(Shapes.prepend(dout.n(), inShape), dout.data) : null;
    }
}
