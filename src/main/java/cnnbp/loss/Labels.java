package cnnbp.loss;

import cnnbp.tensor.Tensor;

/** Label helpers shared by the losses. */
final class Labels {
    private Labels() {}

    /** Y (M, K) with Y[m, label_m] = 1. Labels must have passed {@code checkLabel}. */
    static Tensor oneHot(double[] labels, int k) {
        Tensor y = Tensor.zeros(labels.length, k);
        for (int i = 0; i < labels.length; i++) y.data[i * k + (int) labels[i]] = 1;
        return y;
    }

    static int[] toClasses(double[] labels) {
        int[] classes = new int[labels.length];
        for (int i = 0; i < labels.length; i++) classes[i] = (int) labels[i];
        return classes;
    }

    /** "3" for 3.0, "0.5" for 0.5. */
    static String format(double label) {
        return label == Math.rint(label) && Math.abs(label) < 1e15 ? Long.toString((long) label)
                : Double.toString(label);
    }
}
