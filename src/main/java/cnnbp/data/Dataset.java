package cnnbp.data;

import java.util.List;

/**
 * A labelled set of examples of one shape, held compactly in memory (8-bit images stay bytes).
 * Inputs come out as doubles in the config's (C, H, W) or (features) layout, already scaled.
 */
public interface Dataset {
    /** The number of examples. */
    int size();

    /** One example's shape: (C, H, W) or (features). */
    int[] shape();

    /** Class names in label order (label i is classes().get(i)); empty when labels are plain numbers. */
    List<String> classes();

    /** Copies example i's values, C·H·W of them in row-major order, into dst from off. */
    void copyInput(int i, double[] dst, int off);

    /** Example i's label: a class index, or a number for a one-output mse. */
    double label(int i);

    /** Where example i came from, for messages: "data/fashion-small/train/coat/00017.png", "train.csv:18". */
    String source(int i);

    /** Files left out under {@code on_bad_file: skip}, each "path: what was wrong with it". */
    default List<String> skipped() {
        return List.of();
    }
}
