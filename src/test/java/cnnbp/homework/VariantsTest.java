package cnnbp.homework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.model.Network;
import cnnbp.build.NetworkBuilder;
import cnnbp.trace.Trace;
import cnnbp.trace.TraceMarkdown;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VariantsTest {
    private static Trace trace(String yaml) {
        NetworkConfig c = ConfigLoader.parse(yaml, Path.of("t.conf"));
        Network net = NetworkBuilder.build(c);
        return Trace.of(net, c.example().input(), c.example().label(), "t.conf");
    }

    private static final String SOFTMAX = """
            input: [3]
            layers:
              - dense: {units: 2, weights: [[W, 0, 0], [0, 0, 0]], bias: [0, 0]}
              - softmax
            loss: cross_entropy
            example: {input: [1, 0, 0], label: 0}
            """;

    @Test
    void wellPosedFindsSaturationTiesAndReluZeros() {
        // softmax([W, 0]): p0 = 1/(1+e^-W): W = 6 gives p0 = 0.99753 (fine), W = 7 gives p0 = 0.99909 (saturated).
        assertNull(WellPosed.problem(trace(SOFTMAX.replace("W", "6")), false, false));
        assertEquals("A1[0] = 0.9991 is saturated", WellPosed.problem(trace(SOFTMAX.replace("W", "7")), false, false));
        String pool = """
                input: [1, 2, 2]
                layers:
                  - relu
                  - maxpool: {size: 2}
                  - flatten
                  - dense: {units: 1, weights: [[1]], bias: [0]}
                  - sigmoid
                loss: bce
                example: {input: [[[X, 0.5], [0.2, 0.1]]], label: 1}
                """;
        assertNull(WellPosed.problem(trace(pool.replace("X", "0.4")), false, false));
        assertEquals("a tie for the maximum of a P0 window at A0[0,0,0] and A0[0,0,1]",
                WellPosed.problem(trace(pool.replace("X", "0.5")), false, false));
        assertNull(WellPosed.problem(trace(pool.replace("X", "0.5")), true, false));
        assertEquals("relu input X[0,0,0] is 0", WellPosed.problem(trace(pool.replace("X", "0")), false, false));
    }

    @Test
    void theSeedDependsOnSeedAndIdOnly() {
        assertEquals(Variants.studentSeed(7, "s01"), Variants.studentSeed(7, "s01"));
        assertTrue(Variants.studentSeed(7, "s01") != Variants.studentSeed(8, "s01"));
        assertTrue(Variants.studentSeed(7, "s01") != Variants.studentSeed(7, "s02"));
    }

    @Test
    void roundingNoiseIsShownAsZero() {
        // 0.1 + 0.2 − 0.3 = 5.55e-17 in doubles: Z1 is 0 up to rounding.
        Trace t = trace("""
                input: [3]
                layers:
                  - dense: {units: 1, weights: [[1, 1, -1]], bias: [0]}
                  - sigmoid
                loss: bce
                example: {input: [0.1, 0.2, 0.3], label: 1}
                """);
        assertTrue(t.layers().get(0).output().data()[0] != 0, "the float sum is not exactly 0");
        String handout = TraceMarkdown.render(Clean.of(t), 4, Set.of());
        assertTrue(!handout.contains("e-17") && handout.contains("| 0 |"), handout);
    }
}
