package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the CLI in-process, as a user would, and keeps what it printed. */
record Cli(int code, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** A user's mistake: exit code 2, nothing on stdout, one line on stderr that starts with {@code start} and has {@code phrase}. */
    void assertBadInput(String start, String phrase) {
        assertEquals(2, code, err);
        String e = err.replace(System.lineSeparator(), "\n");
        assertTrue(e.startsWith(start), e);
        assertTrue(e.contains(phrase), e);
        assertEquals(1, e.strip().lines().count(), "one line: " + e);
        assertEquals("", out);
    }
}
