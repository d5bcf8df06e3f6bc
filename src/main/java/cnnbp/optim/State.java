package cnnbp.optim;

import cnnbp.layer.Param;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The step count and named per-parameter tensors an {@link Optimizer} keeps, zeros at first, with
 * the checks a restore needs. Every tensor is (size of its parameter), flat as the parameter.
 */
final class State {
    private final Map<String, double[][]> tensors = new LinkedHashMap<>();
    long steps;

    /** Zeros for each name, one array per parameter. */
    State(List<Param> params, List<String> names) {
        for (String name : names) {
            double[][] t = new double[params.size()][];
            for (int i = 0; i < t.length; i++) t[i] = new double[params.get(i).value.size()];
            tensors.put(name, t);
        }
    }

    /** The tensors of {@code name}, one per parameter. */
    double[][] get(String name) {
        return tensors.get(name);
    }

    /** All tensors once a step has been taken, else none (as {@code optimizer.state} before the first step). */
    Map<String, double[][]> view() {
        return steps == 0 ? Map.of() : tensors;
    }

    /** Copies a saved state in; see {@link Optimizer#restore}. */
    void restore(long savedSteps, Map<String, double[][]> saved) {
        if (savedSteps < 0) throw new IllegalArgumentException("step count " + savedSteps);
        Map<String, double[][]> expected = savedSteps == 0 ? Map.of() : tensors;
        if (!saved.keySet().equals(expected.keySet())) {
            throw new IllegalArgumentException("state " + saved.keySet() + " after " + savedSteps + " steps, expected "
                    + expected.keySet());
        }
        for (Map.Entry<String, double[][]> e : saved.entrySet()) {
            double[][] ours = tensors.get(e.getKey()), theirs = e.getValue();
            if (theirs.length != ours.length) {
                throw new IllegalArgumentException(e.getKey() + ": " + theirs.length + " tensors for " + ours.length
                        + " parameters");
            }
            for (int i = 0; i < ours.length; i++) {
                if (theirs[i].length != ours[i].length) {
                    throw new IllegalArgumentException(e.getKey() + " " + i + " has " + theirs[i].length
                            + " values, its parameter " + ours[i].length);
                }
            }
        }
        if (savedSteps == 0) {
            for (double[][] t : tensors.values()) for (double[] a : t) Arrays.fill(a, 0);
        }
        for (Map.Entry<String, double[][]> e : saved.entrySet()) {
            double[][] ours = tensors.get(e.getKey());
            for (int i = 0; i < ours.length; i++) System.arraycopy(e.getValue()[i], 0, ours[i], 0, ours[i].length);
        }
        steps = savedSteps;
    }
}
