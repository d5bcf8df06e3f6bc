package cnnbp.check;

/**
 * One checked element.
 *
 * @param index     its multi-index in the tensor's PyTorch layout
 * @param numeric   what the analytic value was compared with: the central difference, or at a
 *                  kink the smooth side's one-sided derivative
 * @param relError  |a − n| / max(|a|, |n|) (0 when both are 0); at a kink, the same against the
 *                  smooth side's derivative, and 0 when no side is smooth (not judged)
 * @param kink      θ ± h crossed a kink: a ReLU sign or a max-pool argmax changed
 * @param left      at a kink, the one-sided difference (L(θ) − L(θ − h)) / h; NaN otherwise
 * @param right     at a kink, (L(θ + h) − L(θ)) / h; NaN otherwise
 * @param side      at a kink, the side of θ whose θ ± h and θ ± 2h keep θ's pieces: −1 (θ − h),
 *                  1 (θ + h), 0 for neither (or no kink): a kink on both sides, which no difference
 *                  of L can judge
 * @param central   the central difference (L(θ + h) − L(θ − h)) / 2h, the numeric value but at kinks
 */
public record ElementResult(int[] index, double analytic, double numeric, double relError, Status status,
                            boolean kink, double left, double right, int side, double central) {}
