package cnnbp.exec;

import cnnbp.check.CheckOptions;
import cnnbp.check.ElementResult;
import cnnbp.check.Status;
import cnnbp.check.TensorResult;
import cnnbp.layer.Layer;
import cnnbp.layer.Param;
import cnnbp.layer.Piecewise;
import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * check-layer: a program's layer against cnnbp's built-in layer of the same kind, on seeded random
 * cases ({@link LayerCases}). Each case sends init, fills the program's and cnnbp's parameters with
 * the same random values, runs both forward on the same random x and backward on the same random
 * dy, and compares y, dx and every parameter gradient element by element: an element agrees when
 * |p − c| ≤ atol · max(1, max |c|) or |p − c| / max(|p|, |c|) ≤ rtol (the gradcheck tolerances).
 *
 * <p>Then the program is checked against itself: with L = Σ dy ⊙ y, its backward's dx and grads
 * must match the central difference (L(θ + eps) − L(θ − eps)) / 2·eps of its own forward, for up to
 * {@code fdElements} seeded elements of x and of each parameter, judged as gradcheck judges. Where
 * θ ± eps moves cnnbp's layer to another piece (a ReLU sign, a max-pool argmax), the difference
 * means nothing and the element is a kink, not judged.
 */
public final class ExecCheck {
    /** Mismatching elements kept per tensor; the counts cover them all. */
    static final int KEEP = 10;

    private ExecCheck() {}

    /** One element where the program and cnnbp disagree. */
    public record Mismatch(int[] index, double program, double cnnbp, double relError) {}

    /** y, dx or grads.K of one case: how many elements were compared, the first that differ. */
    public record Compared(String name, int[] shape, int checked, int failed, double floor, List<Mismatch> first) {
        public boolean passed() {
            return failed == 0;
        }
    }

    /**
     * One case: what it ran, a structural difference that stopped it (out_shape or parameters not
     * as cnnbp's; null when none), the comparisons, and the finite-difference check.
     */
    public record CaseResult(LayerCases.Case c, String problem, List<Compared> compared, List<TensorResult> selfCheck,
                             double lossValue) {
        public boolean passed() {
            return problem == null && compared.stream().allMatch(Compared::passed)
                    && selfCheck.stream().allMatch(TensorResult::passed);
        }

        /** "in_shape [2, 7, 6], batch 5, filters 3, kernel [3, 2], stride [2, 1], padding [1, 0]" */
        public String describe() {
            StringBuilder sb = new StringBuilder("in_shape ").append(Shapes.toList(c.inShape())).append(", batch ")
                    .append(c.batch());
            c.options().forEach((k, v) -> sb.append(", ").append(k).append(' ')
                    .append(v instanceof int[] p ? Shapes.toList(p) : String.valueOf(v)));
            return sb.toString();
        }
    }

    /** A whole run: the command, the kind, the seed and tolerances, and every case. */
    public record Result(String command, String kind, long seed, CheckOptions tolerances, int fdElements,
                         List<CaseResult> cases, double seconds) {
        public boolean passed() {
            return cases.stream().allMatch(CaseResult::passed);
        }

        public int exitCode() {
            return passed() ? 0 : 1;
        }
    }

    /**
     * Runs {@code cases} cases on {@code process}. {@code fixed} are options the user gave, which
     * every case keeps. A program that fails the protocol is a {@link cnnbp.BadInputException}.
     */
    public static Result run(ExecProcess process, String kind, Map<String, Object> fixed, long seed, int cases,
                             CheckOptions tol, int fdElements) {
        long start = System.nanoTime();
        List<CaseResult> results = new ArrayList<>();
        for (int i = 1; i <= cases; i++) {
            results.add(runCase(process, kind, LayerCases.draw(kind, i, seed, fixed), seed, tol, fdElements));
        }
        return new Result(process.command(), kind, seed, tol, fdElements, results, (System.nanoTime() - start) / 1e9);
    }

    private static CaseResult runCase(ExecProcess process, String kind, LayerCases.Case c, long seed, CheckOptions tol,
                                      int fdElements) {
        Layer ref = LayerCases.reference(kind, c);
        ExecLayer prog = ExecLayer.init(process, c.inShape(), c.options(), Map.of());
        String problem = structure(kind, prog, ref);
        if (problem != null) return new CaseResult(c, problem, List.of(), List.of(), Double.NaN);

        SplittableRandom rnd = new SplittableRandom(seed * 7_919L + c.number());
        for (Param p : ref.params()) {
            random(p.value.data, rnd);
            Param q = param(prog, p.key);
            System.arraycopy(p.value.data, 0, q.value.data, 0, p.value.size());
        }
        Tensor x = Tensor.batch(c.batch(), c.inShape());
        random(x.data, rnd);
        Tensor dy = Tensor.batch(c.batch(), ref.outShape());
        random(dy.data, rnd);

        List<Compared> compared = new ArrayList<>();
        Tensor yProg = prog.forward(x);
        Tensor yRef = ref.forward(x.copy()).copy();
        compared.add(compare("y", yProg, yRef, tol));
        prog.zeroGrad();
        ref.zeroGrad();
        Tensor dxProg = prog.backward(dy, true);
        Tensor dxRef = ref.backward(dy.copy(), true);
        compared.add(compare("dx", dxProg, dxRef, tol));
        for (Param p : ref.params()) compared.add(compare("grads." + p.key, param(prog, p.key).grad, p.grad, tol));

        double loss = dot(dy, yProg);
        List<TensorResult> self = new ArrayList<>();
        self.add(selfCheck("dx", x.data, x.shape, dxProg.data, prog, ref, x, dy, loss, tol, fdElements, seed, c, 0));
        int ti = 1;
        for (Param p : prog.params()) {
            self.add(selfCheck("grads." + p.key, p.value.data, p.value.shape, p.grad.data, prog, ref, x, dy, loss, tol,
                    fdElements, seed, c, ti++));
        }
        return new CaseResult(c, null, compared, self, loss);
    }

    /** Why the program's layer cannot be compared with cnnbp's (out_shape or parameters differ), or null. */
    private static String structure(String kind, ExecLayer prog, Layer ref) {
        if (!Arrays.equals(prog.outShape(), ref.outShape())) {
            return "init answered out_shape " + Shapes.toList(prog.outShape()) + ", but cnnbp's " + kind + " gives "
                    + Shapes.toList(ref.outShape());
        }
        Map<String, String> mine = new TreeMap<>(), theirs = new TreeMap<>();
        for (Param p : prog.params()) mine.put(p.key, Shapes.toList(p.value.shape));
        for (Param p : ref.params()) theirs.put(p.key, Shapes.toList(p.value.shape));
        if (!mine.equals(theirs)) {
            return "init answered params " + (mine.isEmpty() ? "{}" : mine) + ", but cnnbp's " + kind + " has "
                    + (theirs.isEmpty() ? "{}" : theirs);
        }
        return null;
    }

    private static Param param(Layer l, String key) {
        return l.params().stream().filter(p -> p.key.equals(key)).findFirst().orElseThrow();
    }

    private static void random(double[] v, SplittableRandom rnd) {
        for (int i = 0; i < v.length; i++) v[i] = 2 * rnd.nextDouble() - 1;
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) s += a.data[i] * b.data[i];
        return s;
    }

    /** The program's tensor against cnnbp's, element by element. */
    static Compared compare(String name, Tensor prog, Tensor ref, CheckOptions tol) {
        double most = 0;
        for (double v : ref.data) most = Math.max(most, Math.abs(v));
        double floor = tol.atol() * Math.max(1, most);
        int failed = 0;
        List<Mismatch> first = new ArrayList<>();
        for (int i = 0; i < ref.size(); i++) {
            double p = prog.data[i], r = ref.data[i], d = Math.abs(p - r);
            double rel = d == 0 ? 0 : d / Math.max(Math.abs(p), Math.abs(r));
            if (d <= floor || rel <= tol.rtol()) continue;
            failed++;
            if (first.size() < KEEP) first.add(new Mismatch(ExecLayer.index(ref.shape, i), p, r, rel));
        }
        return new Compared(name, ref.shape, ref.size(), failed, floor, first);
    }

    /**
     * The program's gradient {@code analytic} of L = Σ dy ⊙ y with respect to {@code values} (x or
     * a parameter, changed in place and restored) against central differences of its own forward.
     */
    private static TensorResult selfCheck(String name, double[] values, int[] shape, double[] analytic, ExecLayer prog,
                                          Layer ref, Tensor x, Tensor dy, double loss, CheckOptions tol, int k,
                                          long seed, LayerCases.Case c, int tensorIndex) {
        long start = System.nanoTime();
        double floor = tol.atol() * Math.max(1, Math.abs(loss)), h = tol.eps();
        boolean kinks = ref instanceof Piecewise && values == x.data;
        int[] pieces = kinks ? pieces(ref, x) : null;
        List<ElementResult> out = new ArrayList<>();
        for (int e : pick(values.length, k, new SplittableRandom(seed * 104_729L + c.number() * 31L + tensorIndex))) {
            double saved = values[e];
            values[e] = saved + h;
            double up = values[e] - saved, lp = dot(dy, prog.forward(x));
            boolean crossed = kinks && !Arrays.equals(pieces, pieces(ref, x));
            values[e] = saved - h;
            double down = saved - values[e], lm = dot(dy, prog.forward(x));
            crossed |= kinks && !Arrays.equals(pieces, pieces(ref, x));
            values[e] = saved;
            double a = analytic[e], n = (lp - lm) / (up + down);
            double d = Math.abs(a - n), rel = d == 0 ? 0 : d / Math.max(Math.abs(a), Math.abs(n));
            int[] idx = ExecLayer.index(shape, e);
            if (crossed) {
                out.add(new ElementResult(idx, a, n, 0, Status.KINK, true, (loss - lm) / down, (lp - loss) / up, 0, n));
            } else {
                Status s = d <= floor || rel <= tol.rtol() ? Status.OK : Status.FAIL;
                out.add(new ElementResult(idx, a, n, rel, s, false, Double.NaN, Double.NaN, 0, n));
            }
        }
        prog.forward(x);  // the program's layer back at θ
        return new TensorResult(0, "exec", name, name, shape, values.length, floor, out, (System.nanoTime() - start) / 1e9);
    }

    private static int[] pieces(Layer ref, Tensor x) {
        ref.forward(x.copy());
        return ((Piecewise) ref).pieces(null);
    }

    /** All elements when there are at most k, else k seeded distinct ones, in order. */
    private static int[] pick(int size, int k, SplittableRandom rnd) {
        if (size <= k) return java.util.stream.IntStream.range(0, size).toArray();
        TreeSet<Integer> set = new TreeSet<>();
        while (set.size() < k) set.add(rnd.nextInt(size));
        return set.stream().mapToInt(Integer::intValue).toArray();
    }
}
