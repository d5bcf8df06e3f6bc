package cnnbp.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Python layers for the tests: examples/exec-layer's helper and conv, copied into a folder with
 * deliberate changes. Tests that need them skip, saying why, when python3 or numpy is missing.
 */
public final class Python {
    public static final Path EXAMPLE = Path.of("examples/exec-layer").toAbsolutePath();
    private static Boolean available;
    private static String executable = "python3";

    private Python() {}

    /** Skips the calling test unless {@code python3 -c 'import numpy'} works. */
    public static void assumeNumpy() {
        if (available == null) {
            try {
                // the interpreter itself, not a launcher such as pyenv's shim (slow to start on a busy machine)
                Process p = new ProcessBuilder("python3", "-c", "import sys, numpy; print(sys.executable)").start();
                String exe = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
                available = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
                if (!available) p.destroyForcibly();
                else if (!exe.isEmpty()) executable = exe;
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        assumeTrue(available, "python3 with numpy is not installed (apt-get install python3-numpy): skipping the exec-layer test");
    }

    /**
     * {@code file} from the example in {@code dir}, with each {@code edits} pair (old, new) applied;
     * an old text that is not there fails the test, so an edit cannot silently do nothing. Also copies
     * the helper. Returns the command that runs it.
     */
    public static String variant(Path dir, String file, String... edits) {
        try {
            Files.copy(EXAMPLE.resolve("cnnbp_layer.py"), dir.resolve("cnnbp_layer.py"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            String src = Files.readString(EXAMPLE.resolve(file));
            for (int i = 0; i < edits.length; i += 2) {
                assertEquals(true, src.contains(edits[i]), "the example has no '" + edits[i] + "'");
                src = src.replace(edits[i], edits[i + 1]);
            }
            String name = "v" + Integer.toHexString(List.of(edits).hashCode()) + "_" + file;
            Files.writeString(dir.resolve(name), src);
            return python() + " " + dir.resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A program written out whole, beside the helper; returns the command that runs it. */
    public static String program(Path dir, String name, String source) {
        try {
            Files.copy(EXAMPLE.resolve("cnnbp_layer.py"), dir.resolve("cnnbp_layer.py"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve(name), source);
            return python() + " " + dir.resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The python3 that has numpy, as a command word. */
    public static String python() {
        return executable;
    }

    /** The JVM's child processes still running. */
    public static List<ProcessHandle> children() {
        return ProcessHandle.current().descendants().filter(h -> !ended(h)).toList();
    }

    /**
     * Whether a process has ended: gone, or a zombie (killed, but orphaned to a container's first
     * process that does not reap it, so ProcessHandle still calls it alive).
     */
    public static boolean ended(ProcessHandle h) {
        if (!h.isAlive()) return true;
        try {
            String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return !h.isAlive();
        }
    }
}
