package cnnbp.check;

import cnnbp.layer.Layer;
import cnnbp.layer.Param;
import cnnbp.layer.Piecewise;
import cnnbp.tensor.Tensor;
import cnnbp.text.Numbers;
import java.util.Arrays;
import java.util.Random;

/**
 * Checks one layer on its own: its backward against a central finite difference of its own forward.
 * With a fixed random dL/d(out) G, f(inp, θ) = Σ out ⊙ G has the gradients backward(G) returns:
 * dL/d(input) and each parameter's gradient. Elements where inp ± h or θ ± h moves a
 * {@link Piecewise} layer to another piece are skipped (a kink, not a verdict). So a failure names
 * the layer whose backward is wrong, not the tensors upstream of it.
 */
final class LayerBlame {
    /** Elements checked per tensor, at most (seeded). */
    static final int PER_TENSOR = 64;

    private final Layer layer;
    private final Tensor inp;        // (N, inShape...), a copy the check moves in place
    private final double[] g;        // G, (N, outShape...)
    private final CheckOptions o;

    private LayerBlame(Layer layer, Tensor inp, CheckOptions o) {
        this.layer = layer;
        this.inp = inp.copy();
        this.o = o;
        Random rnd = new Random(o.seed() * 31 + 7);
        int per = 1;
        for (int d : layer.outShape()) per *= d;
        this.g = new double[inp.n() * per];
        for (int i = 0; i < g.length; i++) g[i] = 2 * rnd.nextDouble() - 1;
    }

    /**
     * The first disagreement of {@code layer}'s backward with finite differences on input {@code inp},
     * as "backward's dL/dinput disagrees with finite differences at [0,1,2]: analytic 1, numeric 2", or
     * null when it agrees. The layer's parameters are left as they were; its caches and gradients are not.
     */
    static String check(Layer layer, Tensor inp, CheckOptions o) {
        return new LayerBlame(layer, inp, o).run();
    }

    private String run() {
        double f0 = f();
        int[] pieces0 = pieces();
        layer.zeroGrad();
        Tensor dinp = layer.backward(new Tensor(cnnbp.tensor.Shapes.prepend(inp.n(), layer.outShape()), g.clone()), true);
        double floor = o.atol() * Math.max(1, Math.abs(f0));
        String bad = tensor("dL/dinput", inp.shape, inp.data, dinp.data.clone(), pieces0, floor);
        if (bad != null) return bad;
        for (Param p : layer.params()) {
            bad = tensor("dL/d" + p.key, p.value.shape, p.value.data, p.grad.data.clone(), pieces0, floor);
            if (bad != null) return bad;
        }
        return null;
    }

    private String tensor(String what, int[] shape, double[] values, double[] analytic, int[] pieces0, double floor) {
        Random rnd = new Random(o.seed() * 1_000_003L + what.hashCode());
        int n = values.length;
        int[] picked = new int[Math.min(n, PER_TENSOR)];
        if (picked.length == n) Arrays.setAll(picked, i -> i);
        else for (int i = 0; i < picked.length; i++) picked[i] = rnd.nextInt(n);
        double h = o.eps();
        for (int e : picked) {
            double saved = values[e];
            values[e] = saved + h;
            double up = values[e] - saved, fp = f();
            boolean crossed = !Arrays.equals(pieces0, pieces());
            values[e] = saved - h;
            double down = saved - values[e], fm = f();
            crossed |= !Arrays.equals(pieces0, pieces());
            values[e] = saved;
            if (crossed || !Double.isFinite(fp) || !Double.isFinite(fm)) continue;
            double num = (fp - fm) / (up + down), a = analytic[e];
            double rel = GradCheck.relError(a, num);
            if (!(Math.abs(a - num) <= floor || rel <= o.rtol())) {
                return "backward's " + what + " disagrees with finite differences at "
                        + Arrays.toString(GradCheck.index(shape, e)).replace(" ", "") + ": analytic "
                        + Numbers.format(a, 10) + ", numeric " + Numbers.format(num, 10);
            }
        }
        return null;
    }

    /** f = Σ forward(inp) ⊙ G. */
    private double f() {
        Tensor out = layer.forward(inp);
        double s = 0;
        for (int i = 0; i < g.length; i++) s += out.data[i] * g[i];
        return s;
    }

    private int[] pieces() {
        return layer instanceof Piecewise p ? p.pieces(null) : null;
    }
}
