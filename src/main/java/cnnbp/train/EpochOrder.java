package cnnbp.train;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The order in which an epoch visits the training examples: a Fisher–Yates shuffle drawn from a
 * generator seeded by (seed, epoch) alone. Because each epoch's order is a pure function of those
 * two numbers, a checkpoint resumes the exact sequence by keeping just the seed and the epoch: no
 * generator state to save, and the order does not depend on how many epochs ran in this process.
 * The seed array has four ints, so it never coincides with the initialisers' three-int streams.
 */
final class EpochOrder {
    private static final int SALT = 0x5ee0_0d3e;

    private EpochOrder() {}

    /** Fills {@code order} with a permutation of 0..order.length−1 for epoch (1-based) of this seed. */
    static void shuffle(int[] order, long seed, int epoch) {
        RandomGenerator rng = new Well19937c(new int[] {(int) seed, (int) (seed >>> 32), epoch, SALT});
        for (int i = 0; i < order.length; i++) order[i] = i;
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
