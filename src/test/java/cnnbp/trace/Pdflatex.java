package cnnbp.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Runs pdflatex, where it is installed (Debian: apt-get install texlive-latex-base). */
public final class Pdflatex {
    private Pdflatex() {}

    public static boolean installed() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "pdflatex")));
    }

    /** Compiles {@code tex} as dir/name.tex and fails with LaTeX's error lines unless a PDF comes out. */
    public static void compile(Path dir, String name, String tex) throws IOException, InterruptedException {
        Files.writeString(dir.resolve(name + ".tex"), tex);
        Process p = new ProcessBuilder("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
                name + ".tex").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pdflatex took over a minute");
        String errors = "";
        Path log = dir.resolve(name + ".log");
        if (Files.exists(log)) {
            try (Stream<String> lines = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                errors = lines.filter(l -> l.startsWith("!") || l.startsWith("l.")).collect(Collectors.joining("\n"));
            }
        }
        assertEquals(0, p.exitValue(), "pdflatex failed on " + name + ".tex:\n" + errors);
        assertTrue(Files.size(dir.resolve(name + ".pdf")) > 0, "no PDF");
    }
}
