package cnnbp.data;

import cnnbp.tensor.Shapes;
import java.util.Arrays;
import java.util.List;

/** Data sets made from arrays for the tests of other packages, held as the loaders hold theirs ({@link PackedDataset}). */
public final class TestDatasets {
    private TestDatasets() {}

    /**
     * N examples of {@code shape}: {@code inputs} is (N, C·H·W), {@code labels} (N); example i's source is
     * "name:i+1", as a CSV file's row.
     */
    public static Dataset of(int[] shape, double[] inputs, double[] labels, List<String> classes, String name) {
        int per = Shapes.size(shape);
        if (inputs.length != labels.length * per) {
            throw new IllegalArgumentException(labels.length + " examples of " + per + " values need "
                    + labels.length * per + " inputs, got " + inputs.length);
        }
        PackedDataset.Builder b = new PackedDataset.Builder(shape, PackedDataset.unit(), labels.length);
        for (int i = 0; i < labels.length; i++) b.addValues(Arrays.copyOfRange(inputs, i * per, (i + 1) * per), labels[i]);
        return b.build(List.copyOf(classes), i -> name + ":" + (i + 1), List.of());
    }
}
