package cnnbp.check;

import java.util.List;

/**
 * How {@link GradCheck} compares: an element passes when the relative error |a − n| / max(|a|, |n|)
 * is at most rtol, or |a − n| ≤ atol · max(1, |L|), a the analytic gradient and n the central
 * difference (L(θ + eps) − L(θ − eps)) / 2·eps. The floor scales with the loss because the
 * rounding error of a difference of L does.
 *
 * @param eps          the finite-difference step h, added to one element at a time
 * @param rtol         the largest relative error that passes
 * @param atol         the floor, times max(1, |L|): two values closer than that pass whatever their ratio
 * @param maxPerTensor elements checked per tensor, seeded; 0 checks every element
 * @param seed         seeds the sampling of elements
 * @param inputGrad    check dL/dX too
 * @param only         check only these tensors or elements; empty for all
 * @param incremental  perturb a conv or dense parameter by updating its layer's output
 *                     ({@link cnnbp.layer.AffineInParams}) instead of recomputing it
 */
public record CheckOptions(double eps, double rtol, double atol, int maxPerTensor, long seed, boolean inputGrad,
                           List<Selector> only, boolean incremental) {
    /**
     * The defaults, as text for the command's options. Why these: docs/gradcheck.md
     * and {@code scripts/gradcheck-tolerances}, which measures them.
     */
    public static final String EPS_TEXT = "1e-6", RTOL_TEXT = "1e-6", ATOL_TEXT = "1e-8";
    public static final double EPS = Double.parseDouble(EPS_TEXT), RTOL = Double.parseDouble(RTOL_TEXT),
            ATOL = Double.parseDouble(ATOL_TEXT);
    /** Networks with more parameters than this are sampled by default, {@link #SAMPLE} elements per tensor. */
    public static final long ALL_UP_TO = 100_000;
    public static final int SAMPLE = 1_000;

    public CheckOptions {
        only = List.copyOf(only);
    }

    public static CheckOptions defaults() {
        return new CheckOptions(EPS, RTOL, ATOL, 0, 1, false, List.of(), true);
    }

    public CheckOptions withInputGrad(boolean on) {
        return new CheckOptions(eps, rtol, atol, maxPerTensor, seed, on, only, incremental);
    }

    public CheckOptions withOnly(List<Selector> sel) {
        return new CheckOptions(eps, rtol, atol, maxPerTensor, seed, inputGrad, sel, incremental);
    }

    public CheckOptions withIncremental(boolean on) {
        return new CheckOptions(eps, rtol, atol, maxPerTensor, seed, inputGrad, only, on);
    }

    public CheckOptions withSeed(long s) {
        return new CheckOptions(eps, rtol, atol, maxPerTensor, s, inputGrad, only, incremental);
    }

    public CheckOptions withTolerances(double e, double r, double a) {
        return new CheckOptions(e, r, a, maxPerTensor, seed, inputGrad, only, incremental);
    }

    public CheckOptions withMaxPerTensor(int k) {
        return new CheckOptions(eps, rtol, atol, k, seed, inputGrad, only, incremental);
    }
}
