package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README shows real output: the outputs it quotes must be what the commands print today. */
class ReadmeTest {
    private static String readme() throws Exception {
        return Files.readString(Path.of("README.md"));
    }

    /** The fenced block that follows {@code marker} in the README. */
    private static String blockAfter(String readme, String marker) {
        int at = readme.indexOf(marker);
        assertTrue(at >= 0, "README has no '" + marker + "'");
        int start = readme.indexOf("```\n", at) + 4;
        return readme.substring(start, readme.indexOf("```\n", start));
    }

    @Test
    void theSeed002TraceIsWhatTracePrints() throws Exception {
        Cli r = Cli.run("trace", "--config", "configs/seed002.conf");
        assertEquals(0, r.code(), r.err());
        assertEquals(r.out(), blockAfter(readme(), "`./cnnbp trace --config configs/seed002.conf` prints:"));
    }

    @Test
    void theSummaryIsWhatSummaryPrints() throws Exception {
        Cli r = Cli.run("summary", "--config", "configs/seed002.conf");
        assertEquals(0, r.code(), r.err());
        String block = blockAfter(readme(), "## `cnnbp summary`");
        assertEquals("$ ./cnnbp summary --config configs/seed002.conf\n" + r.out(), block);
    }
}
