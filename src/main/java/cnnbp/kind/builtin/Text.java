package cnnbp.kind.builtin;

import cnnbp.kind.TraceNames;
import cnnbp.kind.TraceTensor;
import cnnbp.tensor.Tensor;

/** Pairs and masks as the trace's headings and rules write them. */
final class Text {
    private Text() {}

    /** "2x3". */
    static String pair(int[] hw) {
        return hw[0] + "x" + hw[1];
    }

    /** "2" for 2x2, else "2x3". */
    static String pairOrOne(int[] hw) {
        return hw[0] == hw[1] ? Integer.toString(hw[0]) : pair(hw);
    }

    static boolean any(int[] hw, int above) {
        return hw[0] > above || hw[1] > above;
    }

    /** A mask shaped as the layer's input, one per example: "mask of P1", its rule "mask of P1[m]: {@code what}". */
    static TraceTensor mask(TraceNames n, Tensor mask, String what) {
        return new TraceTensor("mask", "mask of " + TraceNames.unindexed(n.out()), mask, true, "mask of " + n.out() + ": " + what);
    }
}
