package cnnbp.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TiesNoteTest {
    private static final Trace.Item A1 = new Trace.Item("A1", new int[] {2, 8, 8}, new double[128], "");

    private static List<Ties.Tie> ties(int count) {
        List<Ties.Tie> ties = new ArrayList<>();
        for (int i = 0; i < count; i++) ties.add(new Ties.Tie(i / 16, i % 16 / 4, i % 4, List.of(new int[] {0, 0})));
        return ties;
    }

    @Test
    void aFewTiedWindowsAreAllNamed() {
        assertEquals("tied maximum in windows (0,0) of channel 0, (0,1) of channel 0 of A1: " + Ties.RULE,
                Ties.note(ties(2), A1));
    }

    /** A 28x28 image's trace had one note of 21,156 characters naming every tied window. */
    @Test
    void manyTiedWindowsAreCountedPastTheFirstEight() {
        String note = Ties.note(ties(45), A1);
        assertEquals("tied maximum in windows (0,0) of channel 0, (0,1) of channel 0, (0,2) of channel 0, (0,3) of"
                + " channel 0, (1,0) of channel 0, (1,1) of channel 0, (1,2) of channel 0, (1,3) of channel 0 and 37 more"
                + " (every one in --format json's ties) of A1: " + Ties.RULE, note);
    }
}
