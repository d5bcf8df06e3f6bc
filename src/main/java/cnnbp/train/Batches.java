package cnnbp.train;

import cnnbp.data.Dataset;
import cnnbp.tensor.Tensor;

/**
 * Copies examples of a dataset into a reused batch tensor (B, C, H, W) and label array (B). A batch
 * of another size (the last, smaller one of an epoch) gets its own pair, kept for the next time.
 */
final class Batches {
    private final Dataset data;
    private final int[] shape;    // one example: (C, H, W) or (features)
    private final int per;        // C·H·W
    private Tensor full, tail;    // (B, shape...) and (the other size, shape...)
    private double[] fullLabels, tailLabels;
    private double[] labels;      // the labels of the last fill

    Batches(Dataset data, int batch) {
        this.data = data;
        this.shape = data.shape();
        this.full = Tensor.batch(batch, shape);
        this.per = full.perExample();
        this.fullLabels = new double[batch];
    }

    /** The examples order[from .. from + n) (or from .. from + n when order is null) as one batch. */
    Tensor fill(int[] order, int from, int n) {
        Tensor x;
        if (n == full.n()) {
            x = full;
            labels = fullLabels;
        } else {
            if (tail == null || tail.n() != n) {
                tail = Tensor.batch(n, shape);
                tailLabels = new double[n];
            }
            x = tail;
            labels = tailLabels;
        }
        for (int i = 0; i < n; i++) {
            int e = order == null ? from + i : order[from + i];
            data.copyInput(e, x.data, i * per);
            labels[i] = data.label(e);
        }
        return x;
    }

    /** The labels of the last {@link #fill}, (n). */
    double[] labels() {
        return labels;
    }
}
