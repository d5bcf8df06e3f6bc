package cnnbp.grade;

import cnnbp.loss.LossKind;
import cnnbp.layer.Conv2d;
import cnnbp.layer.Layer;
import cnnbp.layer.MaxPool2d;
import cnnbp.model.Network;
import cnnbp.trace.Ties;
import cnnbp.trace.Trace;
import cnnbp.trace.Trace.Item;
import cnnbp.trace.Trace.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The common slips of a backprop exercise, each a small function that makes the wrong tensor from
 * the right inputs, so that a wrong answer can be named: the sign flipped, a transpose, a missing or
 * extra 1/M, ReLU's mask forgotten or taken from the wrong tensor, a stride not spread out in
 * dL/dW, the max-pool gradient sent to every element of the window or to the other tied maximum, a
 * flatten in the wrong order, softmax's derivative applied on top of the fused A − Y.
 *
 * <p>A slip is tried on the tensors as the student has them (their earlier answers), so a slip is
 * named where it was made even when an earlier one carried. Shapes are one example's: (C, H, W)
 * for images, (K) for vectors.
 */
public final class Slips {
    /** A known mistake an answer fits: what the student did, and the formula the tensor needed. */
    public record Hint(String slip, String needed) {}

    /** A slip that can give tensor {@code tensor}: its description, and the wrong tensor from the student's values. */
    private record Slip(String what, Function<Map<String, double[]>, double[]> wrong) {}

    private final Map<String, List<Slip>> byTensor = new HashMap<>();
    private final Map<String, String> rules = new HashMap<>();
    private final Map<String, int[]> shapes = new HashMap<>();
    private final Set<String> backward = new HashSet<>();
    /** dL/d(input) of each max pool whose windows do not overlap, for ties broken the other way. */
    private final Map<String, Pool> pools = new HashMap<>();

    /** A max pool: its input's and dL/d(output)'s names, input shape (C, H, W), window size (= stride). */
    private record Pool(String in, String dout, int[] chw, int[] size) {}
    /** What the loss averages over: the batch's M examples, and for mse each one's K outputs. */
    private final int mean;

    /** The slips each tensor of {@code t}, a trace of {@code net}, can show. */
    Slips(Network net, Trace t) {
        List<Step> steps = t.layers();
        int last = steps.size() - 1;
        for (List<Item> items : List.of(t.forwardItems(), t.backwardItems())) {
            for (Item it : items) {
                rules.put(it.name(), it.rule());
                shapes.put(it.name(), it.shape());
            }
        }
        for (Item it : t.backwardItems()) backward.add(it.name());
        mean = (t.lossKind() == LossKind.MSE ? net.outShape()[0] : 1) * t.batch();
        for (int i = 0; i <= last; i++) {
            Step s = steps.get(i);
            Layer l = net.layer(i);
            String in = i == 0 ? "X" : steps.get(i - 1).output().name();
            String out = s.output().name(), dout = s.gradOutput().name();
            String dinp = i == 0 ? null : steps.get(i - 1).gradOutput().name();
            switch (s.type()) {
                case "relu", "leaky_relu" -> {
                    add(dinp, "ReLU's mask forgotten: " + dout + " passed through as it is",
                            v -> v.get(dout).clone());
                    add(dinp, "ReLU's mask taken from " + dout + " instead of " + in,
                            v -> maskedBySelf(v.get(dout)));
                }
                case "maxpool" -> {
                    MaxPool2d p = (MaxPool2d) l;
                    int[] inShape = p.inShape();
                    add(dinp, "the gradient sent to every element of each window, not just its maximum",
                            v -> poolToEvery(v.get(dout), inShape, p.size(), p.stride()));
                    if (dinp != null && Arrays.equals(p.size(), p.stride())) pools.put(dinp, new Pool(in, dout, inShape, p.size()));
                }
                case "flatten" -> {
                    int[] chw = l.inShape();
                    if (chw.length == 3 && chw[1] > 1 && chw[2] > 1) {
                        add(out, "flattened in (W, H) order instead of (C, H, W)", v -> flatten(v.get(in), chw, false));
                        add(dinp, "unflattened in (W, H) order instead of (C, H, W)", v -> unflatten(v.get(dout), chw, false));
                    }
                    if (chw.length == 3 && chw[0] > 1) {
                        add(out, "flattened channel last (H, W, C) instead of (C, H, W)", v -> flatten(v.get(in), chw, true));
                        add(dinp, "unflattened channel last (H, W, C) instead of (C, H, W)", v -> unflatten(v.get(dout), chw, true));
                    }
                }
                case "conv" -> {
                    Conv2d c = (Conv2d) l;
                    if (c.stride()[0] > 1 || c.stride()[1] > 1) {
                        add(gradName(s, "W"), "computed as if the stride were 1: " + dout + " not spread out"
                                        + " (dilated) by the stride",
                                v -> convWeightGradStride1(v.get(in), v.get(dout), c));
                    }
                }
                default -> { }
            }
        }
        boolean fused = (t.lossKind() == LossKind.CROSS_ENTROPY && steps.get(last).type().equals("softmax"))
                || (t.lossKind() == LossKind.BCE && steps.get(last).type().equals("sigmoid"));
        if (fused && last > 0) {
            String a = steps.get(last).output().name(), dz = steps.get(last - 1).gradOutput().name();
            String f = steps.get(last).type();
            add(dz, "A − Y multiplied by " + f + "'s derivative A ⊙ (1 − A) again: the fused " + a
                    + " − Y already is dL/dZ", v -> fusedTimesDerivative(v.get(a), t.y().data()));
        }
    }

    /** The name of a parameter's gradient in the trace ("dL/dW1"), by the parameter's key. */
    private static String gradName(Step s, String key) {
        return s.params().stream().filter(p -> p.key().equals(key)).findFirst().map(p -> p.grad().name()).orElse(null);
    }

    private void add(String tensor, String what, Function<Map<String, double[]>, double[]> wrong) {
        if (tensor != null) byTensor.computeIfAbsent(tensor, x -> new ArrayList<>()).add(new Slip(what, wrong));
    }

    /**
     * The slip {@code got} fits, or null: the answer within the tolerance of a slip's tensor, made from
     * {@code theirs} (each tensor as the student has it), {@code right} being the tensor those give.
     * Tried in order: the slips of the tensor's step, then a sign flip, then a transpose.
     */
    Hint match(String tensor, double[] got, double[] right, Map<String, double[]> theirs, Tolerance tol) {
        String needed = rules.get(tensor);
        if (needed == null || got == null) return null;
        Pool pool = pools.get(tensor);
        if (pool != null && got.length == pool.chw()[0] * pool.chw()[1] * pool.chw()[2]) {  // one example
            String windows = otherTies(got, right, theirs.get(pool.in()), pool, tol);
            if (windows != null) return new Hint(windows + " sent to another tied maximum; the rule: " + Ties.RULE, needed);
        }
        List<Slip> slips = new ArrayList<>(byTensor.getOrDefault(tensor, List.of()));
        slips.add(new Slip("the sign flipped", v -> signFlipped(right)));
        if (mean > 1 && backward.contains(tensor)) {
            slips.add(new Slip("the loss's 1/" + mean + " left out", v -> scaled(right, mean)));
            slips.add(new Slip("an extra 1/" + mean, v -> scaled(right, 1.0 / mean)));
        }
        int[] shape = shapes.get(tensor);
        if (shape.length >= 2 && (shape[shape.length - 1] > 1 || shape[shape.length - 2] > 1)) {
            slips.add(new Slip("transposed", v -> transposed(right, shape)));
        }
        for (Slip s : slips) {
            double[] wrong;
            try {
                wrong = s.wrong().apply(theirs);
            } catch (RuntimeException e) {  // the student's value of an input is missing: this slip cannot be told
                continue;
            }
            if (wrong != null && wrong.length == got.length && close(got, wrong, tol) && !close(right, wrong, tol)) {
                return new Hint(s.what(), needed);
            }
        }
        return null;
    }

    private static boolean close(double[] got, double[] expected, Tolerance tol) {
        for (int i = 0; i < got.length; i++) if (!tol.close(got[i], expected[i])) return false;
        return true;
    }

    // The slips, each from the right inputs to the wrong tensor.

    static double[] signFlipped(double[] right) {
        double[] out = new double[right.length];
        for (int i = 0; i < out.length; i++) out[i] = -right[i];
        return out;
    }

    /** The last two dimensions swapped, (..., R, C) written as (..., C, R) in flat row-major order. */
    static double[] transposed(double[] right, int[] shape) {
        int r = shape[shape.length - 2], c = shape[shape.length - 1], plane = r * c;
        double[] out = new double[right.length];
        for (int p = 0; p < right.length / plane; p++) {
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < r; j++) out[p * plane + i * r + j] = right[p * plane + j * c + i];
            }
        }
        return out;
    }

    static double[] scaled(double[] right, double factor) {
        double[] out = new double[right.length];
        for (int i = 0; i < out.length; i++) out[i] = right[i] * factor;
        return out;
    }

    /** dL/dA ⊙ (dL/dA > 0): ReLU's mask taken from the gradient instead of the layer's input. */
    static double[] maskedBySelf(double[] dout) {
        double[] out = new double[dout.length];
        for (int i = 0; i < out.length; i++) out[i] = dout[i] > 0 ? dout[i] : 0;
        return out;
    }

    /** Max pool's dout (C, OH, OW) added to every element of its window in (C, H, W). */
    static double[] poolToEvery(double[] dout, int[] chw, int[] size, int[] stride) {
        int c = chw[0], h = chw[1], w = chw[2], oh = (h - size[0]) / stride[0] + 1, ow = (w - size[1]) / stride[1] + 1;
        double[] dinp = new double[c * h * w];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    for (int i = 0; i < size[0]; i++) {
                        for (int j = 0; j < size[1]; j++) {
                            dinp[(ch * h + y * stride[0] + i) * w + x * stride[1] + j] += dout[(ch * oh + y) * ow + x];
                        }
                    }
                }
            }
        }
        return dinp;
    }

    /**
     * "window (0,1)'s gradient" (or "windows (0,1) and (1,0)'s gradients", "... of channel 1") when got
     * differs from right only in tied windows, each of which got sends whole to another of its maxima;
     * null otherwise.
     */
    private static String otherTies(double[] got, double[] right, double[] inp, Pool p, Tolerance tol) {
        int c = p.chw()[0], h = p.chw()[1], w = p.chw()[2], kh = p.size()[0], kw = p.size()[1];
        List<String> windows = new ArrayList<>();
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y + kh <= h; y += kh) {
                for (int x = 0; x + kw <= w; x += kw) {
                    double max = Double.NEGATIVE_INFINITY, sent = 0;
                    int first = -1;
                    for (int i = 0; i < kh * kw; i++) {
                        int at = (ch * h + y + i / kw) * w + x + i % kw;
                        if (inp[at] > max) {
                            max = inp[at];
                            first = at;
                        }
                        sent += right[at];
                    }
                    boolean same = true;
                    int other = -1;
                    for (int i = 0; i < kh * kw; i++) {
                        int at = (ch * h + y + i / kw) * w + x + i % kw;
                        same &= tol.close(got[at], right[at]);
                        if (at != first && inp[at] == max && tol.close(got[at], sent) && sent != 0) other = at;
                    }
                    if (same) continue;
                    if (other < 0) return null;
                    for (int i = 0; i < kh * kw; i++) {
                        int at = (ch * h + y + i / kw) * w + x + i % kw;
                        if (at != other && !tol.close(got[at], 0)) return null;
                    }
                    windows.add("(" + y / kh + "," + x / kw + ")" + (c > 1 ? " of channel " + ch : ""));
                }
            }
        }
        if (windows.isEmpty()) return null;
        return windows.size() == 1 ? "window " + windows.get(0) + "'s gradient"
                : "windows " + String.join(", ", windows.subList(0, windows.size() - 1)) + " and "
                + windows.get(windows.size() - 1) + "'s gradients";
    }

    /** Where element (c, y, x) of a (C, H, W) tensor lands when flattened (W, H) per channel, or channel last. */
    private static int wrongPosition(int ch, int y, int x, int[] chw, boolean channelLast) {
        int c = chw[0], h = chw[1], w = chw[2];
        return channelLast ? (y * w + x) * c + ch : (ch * w + x) * h + y;
    }

    static double[] flatten(double[] inp, int[] chw, boolean channelLast) {
        double[] out = new double[inp.length];
        for (int ch = 0; ch < chw[0]; ch++) {
            for (int y = 0; y < chw[1]; y++) {
                for (int x = 0; x < chw[2]; x++) out[wrongPosition(ch, y, x, chw, channelLast)] = inp[(ch * chw[1] + y) * chw[2] + x];
            }
        }
        return out;
    }

    static double[] unflatten(double[] dout, int[] chw, boolean channelLast) {
        double[] dinp = new double[dout.length];
        for (int ch = 0; ch < chw[0]; ch++) {
            for (int y = 0; y < chw[1]; y++) {
                for (int x = 0; x < chw[2]; x++) dinp[(ch * chw[1] + y) * chw[2] + x] = dout[wrongPosition(ch, y, x, chw, channelLast)];
            }
        }
        return dinp;
    }

    /**
     * dL/dW of a conv with the stride taken as 1: dW[f, c, i, j] = Σ dZ[f, y, x] · X[c, y − ph + i, x − pw + j]
     * (X zero outside) instead of X[c, y·sh − ph + i, x·sw − pw + j].
     */
    static double[] convWeightGradStride1(double[] inp, double[] dout, Conv2d conv) {
        int[] in = conv.inShape(), out = conv.outShape(), k = conv.kernel(), pad = conv.padding();
        int c = in[0], h = in[1], w = in[2], f = out[0], oh = out[1], ow = out[2];
        double[] dweight = new double[f * c * k[0] * k[1]];
        for (int fi = 0; fi < f; fi++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < k[0]; i++) {
                    for (int j = 0; j < k[1]; j++) {
                        double sum = 0;
                        for (int y = 0; y < oh; y++) {
                            for (int x = 0; x < ow; x++) {
                                int iy = y - pad[0] + i, ix = x - pad[1] + j;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) sum += dout[(fi * oh + y) * ow + x] * inp[(ch * h + iy) * w + ix];
                            }
                        }
                        dweight[((fi * c + ch) * k[0] + i) * k[1] + j] = sum;
                    }
                }
            }
        }
        return dweight;
    }

    /** (A − Y) ⊙ A ⊙ (1 − A): the activation's derivative applied on top of the fused gradient. */
    static double[] fusedTimesDerivative(double[] a, double[] y) {
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) out[i] = (a[i] - y[i]) * a[i] * (1 - a[i]);
        return out;
    }
}
