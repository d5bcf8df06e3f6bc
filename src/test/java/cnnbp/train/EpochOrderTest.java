package cnnbp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EpochOrderTest {
    private static int[] order(int n, long seed, int epoch) {
        int[] o = new int[n];
        EpochOrder.shuffle(o, seed, epoch);
        return o;
    }

    @Test
    void aPermutationThatDependsOnlyOnSeedAndEpoch() {
        int[] a = order(1000, 1, 3);
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) assertTrue(sorted[i] == i, "a permutation of 0..999");
        assertArrayEquals(a, order(1000, 1, 3));
        assertFalse(Arrays.equals(a, order(1000, 1, 4)), "another epoch, another order");
        assertFalse(Arrays.equals(a, order(1000, 2, 3)), "another seed, another order");
        assertFalse(Arrays.equals(a, order(1000, 1L << 32 | 1, 3)), "the seed's high bits count");
    }

    @Test
    void everyPositionIsEquallyLikely() {
        // Where example 0 lands over 4000 epochs of 4 examples: about 1000 each; a chi-square with
        // 3 degrees of freedom above 16.3 has probability 0.001.
        int[] counts = new int[4];
        for (int e = 1; e <= 4000; e++) {
            int[] o = order(4, 5, e);
            for (int i = 0; i < 4; i++) if (o[i] == 0) counts[i]++;
        }
        double chi2 = 0;
        for (int c : counts) chi2 += (c - 1000.0) * (c - 1000.0) / 1000.0;
        assertTrue(chi2 < 16.3, Arrays.toString(counts));
    }
}
