package cnnbp.train;

import java.util.List;

/**
 * A network's loss and accuracy on a dataset, and its confusion matrix: {@code confusion[t][p]}
 * counts the examples of true class t the network put in class p (rows true, columns predicted).
 * For a regression (a one-output mse network) accuracy is NaN and the matrix has no rows.
 *
 * @param loss    the mean loss over every example (each batch's mean weighted by its size)
 * @param classes the class names, one per row (the dataset's, else "0", "1", ...)
 */
public record Evaluation(int examples, double loss, double accuracy, int[][] confusion, List<String> classes) {
    /** Examples of class t the network got right, as a fraction of that class; NaN when it has none. */
    public double classAccuracy(int t) {
        int total = 0;
        for (int n : confusion[t]) total += n;
        return total == 0 ? Double.NaN : (double) confusion[t][t] / total;
    }

    /** The examples of class t in the dataset. */
    public int classTotal(int t) {
        int total = 0;
        for (int n : confusion[t]) total += n;
        return total;
    }
}
