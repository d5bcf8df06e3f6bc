package cnnbp.trace;

import cnnbp.trace.Trace.Item;
import cnnbp.trace.Trace.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where a worked example is ambiguous by hand: max-pool windows whose maximum is tied (the gradient
 * goes to the first maximum in row-major window order, as PyTorch, which a student may break the
 * other way) and ReLU inputs exactly 0 (ReLU's derivative there is taken as 0, as PyTorch).
 */
public final class Ties {
    /** The rule for ties, stated once wherever a tie is shown. */
    public static final String RULE = "the gradient goes to the first maximum in row-major window order, as PyTorch";

    private Ties() {}

    /**
     * A tied window: its channel and its position among the windows (row, col), and the positions
     * (row, col) in the layer's input of its maxima, the first one being where the gradient goes.
     */
    public record Tie(int channel, int row, int col, List<int[]> maxima) {
        /** "(0,1) of channel 0" or "(0,1)" for one channel. */
        String window(boolean channels) {
            return "(" + row + "," + col + ")" + (channels ? " of channel " + channel : "");
        }
    }

    /** The tied windows of a max-pool step whose input is {@code inp} (C, H, W); empty for another layer. */
    public static List<Tie> of(Step s, Item inp) {
        if (!s.type().equals("maxpool") || inp.shape().length != 3) return List.of();
        int[] size = (int[]) s.options().get("size"), stride = (int[]) s.options().get("stride");
        if (stride == null) stride = size;
        int c = inp.shape()[0], h = inp.shape()[1], w = inp.shape()[2];
        int oh = (h - size[0]) / stride[0] + 1, ow = (w - size[1]) / stride[1] + 1;
        double[] x = inp.data();
        List<Tie> ties = new ArrayList<>();
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < oh; y++) {
                for (int xw = 0; xw < ow; xw++) {
                    double max = Double.NEGATIVE_INFINITY;
                    List<int[]> at = new ArrayList<>();
                    for (int i = 0; i < size[0]; i++) {
                        for (int j = 0; j < size[1]; j++) {
                            int r = y * stride[0] + i, col = xw * stride[1] + j;
                            double v = x[(ch * h + r) * w + col];
                            if (v > max) {
                                max = v;
                                at.clear();
                            }
                            if (v == max) at.add(new int[] {r, col});
                        }
                    }
                    if (at.size() > 1) ties.add(new Tie(ch, y, xw, List.copyOf(at)));
                }
            }
        }
        return ties;
    }

    /** The input of layer step i of t. */
    public static Item input(Trace t, int i) {
        return i == 0 ? t.x() : t.layers().get(i - 1).output();
    }

    /** Tied windows a note names one by one; the rest it counts (the JSON's "ties" lists them all). */
    static final int NAMED = 8;

    /**
     * "tied maximum in windows (0,0), (1,1) of A1: the gradient goes to the first ...", or null; past
     * {@link #NAMED} windows, "... and 37 more (every one in --format json's ties)".
     */
    public static String note(List<Tie> ties, Item inp) {
        if (ties.isEmpty()) return null;
        boolean channels = inp.shape()[0] > 1;
        String windows = ties.stream().limit(NAMED).map(t -> t.window(channels)).collect(Collectors.joining(", "))
                + (ties.size() > NAMED ? " and " + (ties.size() - NAMED) + " more (every one in --format json's ties)" : "");
        return "tied maximum in window" + (ties.size() > 1 ? "s " : " ") + windows + " of " + inp.name() + ": " + RULE;
    }

    /** The elements of a ReLU's input exactly 0 ("Z1[1,0,1]"), where its derivative is taken as 0. */
    public static List<String> reluZeros(Step s, Item inp) {
        if (!s.type().equals("relu")) return List.of();
        List<String> zeros = new ArrayList<>();
        for (int i = 0; i < inp.data().length; i++) {
            if (inp.data()[i] == 0) zeros.add(inp.name() + index(i, inp.shape()));
        }
        return zeros;
    }

    private static String index(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        StringBuilder sb = new StringBuilder("[");
        for (int d = 0; d < index.length; d++) sb.append(d > 0 ? "," : "").append(index[d]);
        return sb.append(']').toString();
    }
}
