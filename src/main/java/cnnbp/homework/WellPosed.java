package cnnbp.homework;

import cnnbp.text.Numbers;
import cnnbp.trace.Trace;
import cnnbp.trace.Trace.Item;
import cnnbp.trace.Trace.Step;

/**
 * Whether a variant can be worked by hand without ambiguity: no two elements of a max-pool window
 * share its maximum (which one gets the gradient would be a convention, not a calculation), no ReLU
 * input is 0 (its derivative is a convention there), no sigmoid, softmax or tanh output is saturated
 * (a probability below {@link #P_MIN} or above 1 − P_MIN, or |tanh| above 1 − P_MIN: every dL/dZ
 * would round to the same), and the loss is finite.
 */
final class WellPosed {
    /** Probabilities closer than this to 0 or 1 are saturated. */
    static final double P_MIN = 1e-3;
    /** Numbers closer than this are equal: float rounding, not the problem's numbers. */
    static final double EQUAL = 1e-9;

    private WellPosed() {}

    /** The first problem, as "a tie for the maximum of P1's window at A1[0,0,0] and A1[0,0,1]", or null. */
    static String problem(Trace t, boolean allowTies, boolean allowReluZero) {
        if (!Double.isFinite(t.loss())) return "the loss is " + t.loss();
        Item in = t.x();
        for (Step s : t.layers()) {
            String p = switch (s.type()) {
                case "relu", "leaky_relu" -> allowReluZero ? null : zero(in, s);
                case "maxpool" -> allowTies ? null : tie(in, s);
                case "sigmoid", "softmax" -> saturated(s.output(), P_MIN, 1 - P_MIN);
                case "tanh" -> saturated(s.output(), -1 + P_MIN, 1 - P_MIN);
                default -> null;
            };
            if (p != null) return p;
            in = s.output();
        }
        return null;
    }

    private static String zero(Item in, Step s) {
        for (int i = 0; i < in.data().length; i++) {
            if (Math.abs(in.data()[i]) < EQUAL) return s.type() + " input " + in.name() + index(i, in.shape()) + " is 0";
        }
        return null;
    }

    private static String saturated(Item out, double low, double high) {
        for (int i = 0; i < out.data().length; i++) {
            double v = out.data()[i];
            if (!(v >= low && v <= high)) return out.name() + index(i, out.shape()) + " = " + Numbers.format(v, 4) + " is saturated";
        }
        return null;
    }

    /** in is (C, H, W); windows of size[0] x size[1] every stride, no padding. */
    private static String tie(Item in, Step s) {
        int[] size = (int[]) s.options().get("size"), stride = (int[]) s.options().get("stride");
        int[] shape = in.shape();
        int channels = shape[0], h = shape[1], w = shape[2];
        for (int c = 0; c < channels; c++) {
            for (int oy = 0; oy + size[0] <= h; oy += stride[0]) {
                for (int ox = 0; ox + size[1] <= w; ox += stride[1]) {
                    int best = -1, tied = -1;
                    for (int ky = 0; ky < size[0]; ky++) {
                        for (int kx = 0; kx < size[1]; kx++) {
                            int i = (c * h + oy + ky) * w + ox + kx;
                            double v = in.data()[i];
                            if (best < 0 || v > in.data()[best] + EQUAL) {
                                best = i;
                                tied = -1;
                            } else if (Math.abs(v - in.data()[best]) <= EQUAL) {
                                tied = i;
                            }
                        }
                    }
                    if (tied >= 0) {
                        return "a tie for the maximum of a " + s.output().name() + " window at " + in.name()
                                + index(best, shape) + " and " + in.name() + index(tied, shape);
                    }
                }
            }
        }
        return null;
    }

    /** "[0,1,2]" for the flat index i of shape. */
    static String index(int i, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = i % shape[d];
            i /= shape[d];
        }
        StringBuilder sb = new StringBuilder("[");
        for (int d = 0; d < idx.length; d++) sb.append(d > 0 ? "," : "").append(idx[d]);
        return sb.append(']').toString();
    }
}
