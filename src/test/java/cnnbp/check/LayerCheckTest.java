package cnnbp.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.BadInputException;
import cnnbp.kind.LayerKinds;
import cnnbp.testplugin.SquareKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One call checks a layer kind, names the wrong backward, and reads as cnnbp's report. */
class LayerCheckTest {
    @Test
    void aCorrectLayerPasses() {
        LayerCheck.Result r = LayerCheck.check(new SquareKind(false), Map.of("scale", 0.5), new int[] {2, 3, 3}, 1);
        assertTrue(r.passed(), r.toString());
        assertNull(r.blame());
        assertTrue(r.toString().contains("PASSED") || r.toString().contains("ok"), r.toString());
    }

    @Test
    void aBackwardWithoutItsFactor2FailsAndIsNamed() {
        LayerCheck.Result r = LayerCheck.check(new SquareKind(true), Map.of(), new int[] {4}, 1);
        assertFalse(r.passed());
        assertEquals(LayerCheck.BATCH * 4, r.failed(), r.toString());
        String text = r.toString();
        assertTrue(text.contains("layer 1 square: backward's dL/dinput disagrees with finite differences at [0,0]: "
                + "analytic "), text);
        assertTrue(text.contains("FAIL X[0,0]: analytic "), text);
    }

    @Test
    void builtInKindsPassToo() {
        LayerKinds k = LayerKinds.builtIn();
        assertTrue(LayerCheck.check(k.get("conv"), Map.of("filters", 2, "kernel", 2, "stride", 2, "padding", 1),
                new int[] {2, 5, 4}, 3).passed());
        assertTrue(LayerCheck.check(k.get("tanh"), Map.of(), new int[] {3}, 3).passed());
    }

    @Test
    void optionsAreCheckedByTheKindsSchema() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> LayerCheck.check(new SquareKind(false), Map.of("scale", 11), new int[] {4}, 1));
        assertEquals("square [4]: \"scale\" must be between -10 and 10, got 11", e.getMessage());
        e = assertThrows(BadInputException.class,
                () -> LayerCheck.check(new SquareKind(false), Map.of("scael", 1), new int[] {4}, 1));
        assertEquals("square [4]: unknown option \"scael\"; expected one of scale", e.getMessage());
    }
}
