package cnnbp.check;

/**
 * One checked element.
 *
 * @param index     its multi-index in the tensor's PyTorch layout
 * @param numeric   the central difference (L(θ + h) − L(θ − h)) / 2h
 * @param relError  |a − n| / max(|a|, |n|) (0 when both are 0); at a crossed kink, the distance of a
 *                  from the interval of the one-sided differences relative to the largest of the
 *                  three magnitudes (0 inside it)
 * @param kink      θ ± h crossed a kink: a ReLU sign or a max-pool argmax changed
 * @param left      at a kink, the one-sided difference (L(θ) − L(θ − h)) / h; NaN otherwise
 * @param right     at a kink, (L(θ + h) − L(θ)) / h; NaN otherwise
 */
public record ElementResult(int[] index, double analytic, double numeric, double relError, Status status,
                            boolean kink, double left, double right) {
    /** Both values at most atol in magnitude: the element passes on the floor alone and tests nothing. */
    public boolean zero(double atol) {
        return Math.abs(analytic) <= atol && Math.abs(numeric) <= atol;
    }
}
