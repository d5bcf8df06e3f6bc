package cnnbp.check;

import java.util.ArrayList;
import java.util.List;

/**
 * The checked elements of one tensor: a conv or dense layer's W or b, or the input X.
 *
 * @param layer the 1-based config index of its layer, 0 for the input
 * @param type  the layer type ("conv", "dense"), "input" for X
 * @param param "W", "b" or "input"
 * @param name  the trace's name: W1, b1, ..., X
 * @param shape the tensor's shape in the PyTorch layout (X's with the batch first)
 * @param size  how many elements it has (at least as many as were checked)
 * @param floor the absolute floor the elements were judged with: atol · max(1, |L|)
 * @param seconds how long its elements took
 */
public record TensorResult(int layer, String type, String param, String name, int[] shape, int size, double floor,
                           List<ElementResult> elements, double seconds) {
    public TensorResult {
        elements = List.copyOf(elements);
    }

    public int checked() {
        return elements.size();
    }

    public int failed() {
        return count(Status.FAIL);
    }

    /** Elements whose θ ± h crossed a kink and that passed there. */
    public int kinks() {
        return count(Status.KINK);
    }

    /** Kinks on both sides of θ: no difference of L can judge them, so they pass unjudged. */
    public int unjudged() {
        return (int) elements.stream().filter(e -> e.status() == Status.KINK && e.side() == 0).count();
    }

    public boolean passed() {
        return failed() == 0;
    }

    /** Elements with both values at most the floor: they pass on the floor alone and test nothing. */
    public int zeros() {
        return (int) elements.stream().filter(this::zero).count();
    }

    /** Every checked element is zero in both gradients: the tensor passed by testing nothing. */
    public boolean allZero() {
        return !elements.isEmpty() && zeros() == elements.size();
    }

    /** Both values at most the floor in magnitude: the element passes on the floor alone. */
    public boolean zero(ElementResult e) {
        return Math.abs(e.analytic()) <= floor && Math.abs(e.numeric()) <= floor;
    }

    /** The largest relative error of the elements that are not zero (whose ratio is noise over noise). */
    public double maxRelError() {
        ElementResult w = worst();
        return w == null || zero(w) ? 0 : w.relError();
    }

    /** The mean relative error of the elements that are not zero. */
    public double meanRelError() {
        return elements.stream().filter(e -> !zero(e)).mapToDouble(ElementResult::relError).average().orElse(0);
    }

    /** The failing elements, the worst first, then in index order. */
    public List<ElementResult> failures() {
        ElementResult w = worst();
        List<ElementResult> fails = new ArrayList<>();
        if (w != null && w.status() == Status.FAIL) fails.add(w);
        for (ElementResult e : elements) if (e.status() == Status.FAIL && e != w) fails.add(e);
        return fails;
    }

    /**
     * The element with the largest relative error: a failing one before any other, a zero one after
     * any other; null if none was checked.
     */
    public ElementResult worst() {
        ElementResult w = null;
        for (ElementResult e : elements) {
            if (w == null || rank(e) > rank(w) || rank(e) == rank(w) && bigger(e.relError(), w.relError())) w = e;
        }
        return w;
    }

    private int rank(ElementResult e) {
        return e.status() == Status.FAIL ? 2 : zero(e) ? 0 : 1;
    }

    /** NaN counts as the biggest error. */
    private static boolean bigger(double a, double b) {
        return Double.isNaN(a) ? !Double.isNaN(b) : a > b;
    }

    private int count(Status s) {
        return (int) elements.stream().filter(e -> e.status() == s).count();
    }
}
