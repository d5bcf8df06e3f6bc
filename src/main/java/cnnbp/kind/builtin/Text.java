package cnnbp.kind.builtin;

/** Pairs as the trace's headings and rules write them. */
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
}
