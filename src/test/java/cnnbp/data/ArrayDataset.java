package cnnbp.data;

import cnnbp.tensor.Shapes;
import java.util.List;

/** A test data set held as one double[] of inputs, (N, C·H·W), and a double[] of labels. */
public final class ArrayDataset implements Dataset {
    private final int[] shape;
    private final int per;
    private final double[] inputs;   // (N, C·H·W)
    private final double[] labels;   // (N)
    private final List<String> classes;
    private final String name;

    /** {@code name} prefixes each example's source: "name:row" with 1-based rows. */
    public ArrayDataset(int[] shape, double[] inputs, double[] labels, List<String> classes, String name) {
        this.shape = shape.clone();
        this.per = Shapes.size(shape);
        if (inputs.length != labels.length * per) {
            throw new IllegalArgumentException(labels.length + " examples of " + per + " values need "
                    + labels.length * per + " inputs, got " + inputs.length);
        }
        this.inputs = inputs;
        this.labels = labels;
        this.classes = List.copyOf(classes);
        this.name = name;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public void copyInput(int i, double[] dst, int off) {
        System.arraycopy(inputs, i * per, dst, off, per);
    }

    @Override
    public double label(int i) {
        return labels[i];
    }

    @Override
    public String source(int i) {
        return name + ":" + (i + 1);
    }
}
