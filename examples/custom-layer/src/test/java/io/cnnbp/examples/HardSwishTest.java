package io.cnnbp.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.check.LayerCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The layer's gradients, checked by cnnbp element by element; a failure prints cnnbp's report. */
class HardSwishTest {
    @Test
    void gradientsAgreeWithFiniteDifferences() {
        LayerCheck.Result r = LayerCheck.check(new HardSwishKind(), Map.of(), new int[] {2, 3, 3}, 1);
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void gradientsAgreeAcrossTheKinks() {
        LayerCheck.Result r = LayerCheck.check(new HardSwishKind(), Map.of("offset", 0.5), new int[] {16}, 7);
        assertTrue(r.passed(), r::toString);
    }
}
