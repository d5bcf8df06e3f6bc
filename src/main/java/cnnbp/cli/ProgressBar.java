package cnnbp.cli;

import cnnbp.check.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-line progress bar on stderr, drawn only on a terminal and only once the work has taken
 * more than a second; redrawn at most ten times a second and erased when closed.
 */
final class ProgressBar implements Progress, AutoCloseable {
    private static final long SHOW_AFTER = 1_000_000_000L, EVERY = 100_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long last;
    private boolean drawn;

    private ProgressBar(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** A bar when stderr is a terminal, else one that draws nothing. */
    static ProgressBar forTerminal(PrintWriter err) {
        return new ProgressBar(err, stderrIsTerminal());
    }

    /**
     * Java 17 cannot ask whether stderr is a terminal; on Linux /proc names what fd 2 is. Elsewhere,
     * whether stdin and stdout are (Java's console).
     */
    private static boolean stderrIsTerminal() {
        try {
            String fd2 = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return fd2.startsWith("/dev/pts/") || fd2.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    @Override
    public void update(long done, long total) {
        if (!enabled) return;
        long now = System.nanoTime();
        if (now - start < SHOW_AFTER || now - last < EVERY && done < total) return;
        last = now;
        int filled = (int) (WIDTH * done / Math.max(total, 1));
        err.printf("\rgradcheck [%s%s] %,d/%,d elements", "#".repeat(filled), " ".repeat(WIDTH - filled), done, total);
        err.flush();
        drawn = true;
    }

    @Override
    public void close() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
