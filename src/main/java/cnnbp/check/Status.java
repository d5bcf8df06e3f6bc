package cnnbp.check;

/** An element's verdict, as the JSON writes it. */
public enum Status {
    /** The analytic and numeric gradients agree within the tolerances. */
    OK("ok"),
    /** They disagree: a wrong gradient (or, at a kink, an analytic value outside the one-sided differences). */
    FAIL("fail"),
    /**
     * θ ± h crossed a kink (a ReLU sign or a max-pool argmax changed), and the analytic value matches
     * the derivative on the side of θ that stays smooth, or no side is smooth and nothing can judge it.
     */
    KINK("kink");

    public final String key;

    Status(String key) {
        this.key = key;
    }
}
