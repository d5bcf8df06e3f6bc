package cnnbp.check;

import cnnbp.BadInputException;
import cnnbp.layer.AffineInParams;
import cnnbp.layer.Layer;
import cnnbp.layer.Param;
import cnnbp.layer.Piecewise;
import cnnbp.model.Network;
import cnnbp.tensor.Shapes;
import cnnbp.tensor.Tensor;
import cnnbp.trace.Names;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Compares the gradient backprop computes with a central finite difference of the loss, element by
 * element, for every trainable parameter (and dL/dX on request).
 *
 * <p>One forward and one backward at θ give L(θ) and the analytic gradients a. Then for each
 * checked element, θ ± h: the network re-runs only from the layer that element belongs to, on the
 * cached outputs of the layers before it ({@link Network#forwardFrom}); a conv or dense layer's own
 * output is shifted by ±h·∂out/∂θ instead of recomputed ({@link AffineInParams}). The numeric
 * gradient is n = (L(θ + h) − L(θ − h)) / 2h.
 *
 * <p>Kinks: the pieces of every ReLU, leaky ReLU and max pool at or after that layer
 * ({@link Piecewise}) are compared at θ + h and θ − h with those at θ. Where one changed, the step
 * crossed a kink and the central difference means nothing: the element is a {@link Status#KINK} if
 * a lies between the one-sided differences (L(θ) − L(θ − h)) / h and (L(θ + h) − L(θ)) / h, within
 * the tolerances, and a {@link Status#FAIL} otherwise.
 */
public final class GradCheck {
    private final Network net;
    private final CheckOptions o;
    private final int[][] pieces;    // per layer: the pieces at θ, null for smooth layers
    private final int[][] scratch;   // per layer: the pieces at θ ± h
    private double loss0;       // L at θ, as the network computes it (PyTorch's), for the report
    private double thetaLoss;   // L at θ as the differences take it (see differenced)
    private boolean fused;      // the loss fuses with the output activation: differences go through the logits
    private double[] labels;
    private double floor;            // atol · max(1, |L(θ)|)

    private GradCheck(Network net, CheckOptions o) {
        this.net = net;
        this.o = o;
        this.pieces = new int[net.layers().size()][];
        this.scratch = new int[net.layers().size()][];
    }

    /**
     * One tensor to check: its values (changed in place), its analytic gradient and the elements
     * picked. {@code layer} is the 0-based index of its layer, −1 for X.
     */
    private record Target(int layer, String type, String param, String name, int[] shape, Param p, double[] values,
                          double[] analytic, int[] picked) {}

    /**
     * Checks {@code net} on {@code batch}. The network's parameters and caches are left as they were
     * at θ. {@code name} and {@code command} only label the result.
     *
     * @throws UnreliableCheckException when L is NaN or infinite at θ or at some θ ± h
     * @throws BadInputException        when {@code o.only()} names a tensor or element the network lacks
     */
    public static NetworkResult run(String name, Network net, Batch batch, CheckOptions o, String command,
                                    Progress progress) {
        long start = System.nanoTime();
        boolean inputGrad = o.inputGrad() || o.only().stream().anyMatch(s -> s.name().equals("X"));
        GradCheck check = new GradCheck(net, o);
        List<Target> targets = check.start(batch, inputGrad);
        long total = targets.stream().mapToLong(t -> t.picked().length).sum();
        long done = 0;
        List<TensorResult> results = new ArrayList<>();
        for (Target t : targets) {
            List<ElementResult> elements = new ArrayList<>();
            long tensorStart = System.nanoTime();
            check.checkTensor(t, elements, done, total, progress);
            done += t.picked().length;
            results.add(new TensorResult(t.layer() + 1, t.type(), t.param(), t.name(), t.shape(),
                    t.values().length, check.floor, elements, (System.nanoTime() - tensorStart) / 1e9));
        }
        String blame = results.stream().allMatch(TensorResult::passed) ? null : check.blame(batch, inputGrad);
        return new NetworkResult(name, net.loss().kind().key, check.loss0, batch.description(), batch.size(), command,
                results, (System.nanoTime() - start) / 1e9, blame);
    }

    /**
     * The first layer whose backward disagrees with finite differences of its own forward, on the
     * input it gets from the batch ({@link LayerBlame}), as "layer 3 square: backward's ...", or null.
     * Leaves the network as it was at θ: forward and backward are run again.
     */
    private String blame(Batch batch, boolean inputGrad) {
        String found = null;
        Tensor t = batch.x().copy();
        for (int i = 0; i < net.layers().size() && found == null; i++) {
            Layer l = net.layer(i);
            String bad = LayerBlame.check(l, t, o);
            if (bad != null) found = "layer " + (i + 1) + " " + l.type() + ": " + bad;
            t = l.forward(t).copy();
        }
        net.zeroGrad();
        net.forward(batch.x().copy(), batch.labels());
        net.backward(inputGrad);
        return found;
    }

    /** Forward and backward at θ; the tensors to check and their elements. */
    private List<Target> start(Batch batch, boolean inputGrad) {
        Tensor x = batch.x().copy();
        net.zeroGrad();
        loss0 = net.forward(x, batch.labels());
        if (!Double.isFinite(loss0)) {
            throw new UnreliableCheckException("the loss is " + loss0 + " at the checked point, so no difference of it"
                    + " means anything; check the weights and inputs");
        }
        floor = o.atol() * Math.max(1, Math.abs(loss0));
        labels = batch.labels();
        fused = net.loss().backwardThrough(net.layer(net.layers().size() - 1)) != null;
        thetaLoss = differenced(loss0);
        net.backward(inputGrad);
        for (int i = 0; i < pieces.length; i++) {
            if (net.layer(i) instanceof Piecewise pw) pieces[i] = pw.pieces(null);
        }

        Names names = new Names(net);
        List<Target> all = new ArrayList<>();
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layer(i);
            for (Param p : l.params()) {
                all.add(new Target(i, l.type(), p.key, names.param(i, p.key), p.value.shape, p, p.value.data,
                        p.grad.data.clone(), null));
            }
        }
        if (inputGrad) all.add(new Target(-1, "input", "input", "X", x.shape, null, x.data, net.inputGrad().data.clone(), null));

        long elements = all.stream().mapToLong(t -> t.values().length).sum();
        int k = o.maxPerTensor() > 0 ? o.maxPerTensor() : elements > CheckOptions.ALL_UP_TO ? CheckOptions.SAMPLE : 0;
        List<Target> targets = new ArrayList<>();
        for (int ti = 0; ti < all.size(); ti++) {
            Target t = all.get(ti);
            int[] picked = o.only().isEmpty() ? sample(t, k, o.seed(), ti) : selected(t, k, ti);
            if (picked != null) {
                targets.add(new Target(t.layer(), t.type(), t.param(), t.name(), t.shape(), t.p(), t.values(),
                        t.analytic(), picked));
            }
        }
        for (Selector s : o.only()) {
            if (all.stream().noneMatch(t -> t.name().equals(s.name()))) {
                throw new BadInputException("--only " + s + ": the network has no tensor " + s.name() + "; it has "
                        + String.join(", ", all.stream().map(Target::name).toList())
                        + (inputGrad ? "" : " (and X, the input)"));
            }
        }
        return targets;
    }

    /**
     * Elements to check: all, or, with k > 0, k of them seeded (every bias element, and at least one
     * element of each slice along the first dimension: each output channel, unit or example).
     */
    private static int[] sample(Target t, int k, long seed, int tensorIndex) {
        int size = t.values().length;
        if (k <= 0 || k >= size || t.param().equals("b")) {
            int[] all = new int[size];
            Arrays.setAll(all, i -> i);
            return all;
        }
        Random rnd = new Random(seed * 1_000_003L + tensorIndex);
        TreeSet<Integer> set = new TreeSet<>();
        int rows = t.shape()[0], per = size / rows;
        for (int r = 0; r < rows; r++) set.add(r * per + rnd.nextInt(per));
        while (set.size() < k) set.add(rnd.nextInt(size));
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The elements {@code --only} picks in this tensor, or null when it picks none. */
    private int[] selected(Target t, int k, int tensorIndex) {
        TreeSet<Integer> set = new TreeSet<>();
        boolean whole = false;
        for (Selector s : o.only()) {
            if (!s.name().equals(t.name())) continue;
            if (s.index() == null) {
                whole = true;
                continue;
            }
            set.add(flat(s, t.shape()));
        }
        if (whole) for (int e : sample(t, k, o.seed(), tensorIndex)) set.add(e);
        return set.isEmpty() ? null : set.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int flat(Selector s, int[] shape) {
        int[] idx = s.index();
        if (idx.length != shape.length) {
            throw new BadInputException("--only " + s + ": " + s.name() + " has shape " + Shapes.toList(shape)
                    + ", so an element needs " + shape.length + " indices, got " + idx.length);
        }
        int e = 0;
        for (int d = 0; d < shape.length; d++) {
            if (idx[d] >= shape[d]) {
                throw new BadInputException("--only " + s + ": index " + (d + 1) + " is " + idx[d] + ", but "
                        + s.name() + " has shape " + Shapes.toList(shape) + " (indices from 0)");
            }
            e = e * shape[d] + idx[d];
        }
        return e;
    }

    /** The multi-index of flat element e of a row-major tensor of this shape. */
    static int[] index(int[] shape, int e) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = e % shape[d];
            e /= shape[d];
        }
        return idx;
    }

    /** How one tensor's elements are moved: in place, or by shifting its layer's output. */
    private final class Mover {
        final Target t;
        final int first;             // the first layer the tensor reaches: its own, or layer 0 for X
        final AffineInParams shift;  // non-null: move by shifting that layer's output from base
        final Tensor base;
        final int rerun;
        double step;                 // the step the last lossAt actually took
        boolean crossed;             // whether the last lossAt left θ's pieces

        Mover(Target t) {
            this.t = t;
            this.first = Math.max(t.layer(), 0);
            this.shift = o.incremental() && t.p() != null && net.layer(first) instanceof AffineInParams a ? a : null;
            this.base = shift != null ? net.output(first).copy() : null;
            this.rerun = shift != null ? first + 1 : first;
        }

        /** L with element e moved by delta; sets step and crossed; leaves e as it was. */
        double lossAt(int e, double delta) {
            double loss;
            if (shift != null) {
                shift.shiftOutput(t.p(), e, delta, base);
                loss = differenced(net.forwardFrom(rerun));
                crossed = crossed(rerun);
                shift.shiftOutput(t.p(), e, 0, base);
                step = delta;
            } else {
                double[] v = t.values();
                double saved = v[e];
                v[e] = saved + delta;
                step = v[e] - saved;   // θ + delta rounds: the step actually taken
                loss = differenced(net.forwardFrom(rerun));
                crossed = crossed(rerun);
                v[e] = saved;
            }
            return loss;
        }
    }

    /**
     * L after the last forward as the differences take it. Where the loss fuses with the output
     * activation (softmax with cross-entropy, sigmoid with BCE) it is computed from the logits Z,
     * as PyTorch's losses on logits do: the same L, but a saturated A (1 − A or A[y] ≈ 1) would
     * round away the digits a difference of h = 1e-6 needs, and the fused gradient (A − Y) / M is
     * the derivative of this L, also where BCE's log clamp flattens the other.
     */
    private double differenced(double loss) {
        if (!fused) return loss;
        int last = net.layers().size() - 1;
        return net.loss().forwardFromLogits(last == 0 ? net.input() : net.output(last - 1), labels);
    }

    private void checkTensor(Target t, List<ElementResult> out, long done, long total, Progress progress) {
        Mover m = new Mover(t);
        double h = o.eps();
        for (int pi = 0; pi < t.picked().length; pi++) {
            int e = t.picked()[pi];
            int[] idx = index(t.shape(), e);
            double lp = m.lossAt(e, h), up = m.step;
            boolean crossedUp = m.crossed;
            double lm = m.lossAt(e, -h), down = -m.step;
            boolean crossedDown = m.crossed;
            finite(m, idx, lp, lm, h);
            double a = t.analytic()[e];
            double n = (lp - lm) / (up + down);
            if (!crossedUp && !crossedDown) {
                double rel = relError(a, n);
                Status s = Math.abs(a - n) <= floor || rel <= o.rtol() ? Status.OK : Status.FAIL;
                out.add(new ElementResult(idx, a, n, rel, s, false, Double.NaN, Double.NaN, 0, n));
            } else {
                out.add(kink(m, e, idx, a, n, lp, up, crossedUp, lm, down, crossedDown));
            }
            progress.update(done + pi + 1, total);
        }
        net.forwardFrom(m.first);  // every cache back at θ
    }

    /**
     * θ ± h crossed a kink. The analytic gradient is the derivative of the piece θ is on (ReLU's 0 at
     * 0 and max pool's first maximum are pieces too), which usually reaches one side of θ. On a side
     * where θ ± h and θ ± 2h keep θ's pieces, the second-order one-sided difference
     * ∓(3L(θ) − 4L(θ ± h) + L(θ ± 2h)) / 2h must match it within the usual tolerances.
     *
     * <p>When neither side keeps θ's pieces (θ sits on kinks that open towards both sides, as an
     * input pixel of 0 feeding two units of zero pre-activation, one through a positive weight and
     * one through a negative), no difference of L says anything about the analytic value: with
     * L = c·x + g·relu(x) + g'·relu(−x) at x = 0, a = c, the one-sided slopes are c + g and c − g',
     * and a lies outside them whenever g·g' < 0. Such an element is a kink that is not judged.
     */
    private ElementResult kink(Mover m, int e, int[] idx, double a, double n, double lp, double up, boolean crossedUp,
                               double lm, double down, boolean crossedDown) {
        double left = (thetaLoss - lm) / down, right = (lp - thetaLoss) / up;
        int side = 0;
        double sided = Double.NaN;
        if (!crossedDown) {
            double lmm = m.lossAt(e, -2 * o.eps());
            if (!m.crossed && Double.isFinite(lmm)) {
                side = -1;
                sided = (3 * thetaLoss - 4 * lm + lmm) / (2 * down);
            }
        }
        if (side == 0 && !crossedUp) {
            double lpp = m.lossAt(e, 2 * o.eps());
            if (!m.crossed && Double.isFinite(lpp)) {
                side = 1;
                sided = -(3 * thetaLoss - 4 * lp + lpp) / (2 * up);
            }
        }
        double rel = side != 0 ? relError(a, sided) : 0;
        boolean ok = side == 0 || Math.abs(a - sided) <= floor || rel <= o.rtol();
        if (Double.isNaN(a)) {
            rel = Double.NaN;
            ok = false;
        }
        return new ElementResult(idx, a, side != 0 ? sided : n, rel, ok ? Status.KINK : Status.FAIL, true, left, right,
                side, n);
    }

    private void finite(Mover m, int[] idx, double lp, double lm, double h) {
        if (!Double.isFinite(lp) || !Double.isFinite(lm)) {
            net.forwardFrom(m.first);
            throw new UnreliableCheckException(Selector.element(m.t.name(), idx) + ": the loss is " + lp
                    + " at θ + h and " + lm + " at θ − h (h = " + h + "), so their difference means nothing");
        }
    }

    /** Whether a piecewise layer at or after {@code from} used a different piece than at θ. */
    private boolean crossed(int from) {
        for (int i = from; i < pieces.length; i++) {
            if (pieces[i] == null) continue;
            scratch[i] = ((Piecewise) net.layer(i)).pieces(scratch[i]);
            if (!Arrays.equals(pieces[i], scratch[i])) return true;
        }
        return false;
    }

    /** |a − n| / max(|a|, |n|), 0 when both are 0 (NaN when either is). */
    static double relError(double a, double n) {
        double d = Math.abs(a - n), m = Math.max(Math.abs(a), Math.abs(n));
        return d == 0 ? 0 : d / m;
    }
}
