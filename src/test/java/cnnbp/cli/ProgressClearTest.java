package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Ctrl-C's message starts on a clean line: the bar, and the ^C the terminal echoes after it, are cleared first. */
class ProgressClearTest {
    @Test
    void clearBlanksTheBarAndTheEchoedCtrlC() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        Progress p = new Progress(new PrintWriter(out, true), new PrintWriter(err, true), true);
        p.epochStart(1, 1, 10);
        p.batchEnd(1, 1, 10, 0.5, 0.5, 8, 1.0);
        String bar = err.toString().substring(1);  // after the \r
        p.clear();
        assertEquals("\r" + " ".repeat(bar.length() + 2) + "\r", err.toString().substring(1 + bar.length()));
        int printed = err.toString().length();
        p.clear();  // nothing drawn since: nothing more printed
        assertEquals(printed, err.toString().length());
        assertEquals("", out.toString());
    }
}
