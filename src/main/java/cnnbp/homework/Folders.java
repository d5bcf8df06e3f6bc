package cnnbp.homework;

import cnnbp.BadInputException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** A folder written whole: built beside its place under a temporary name, then renamed into it. */
final class Folders {
    private Folders() {}

    static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": cannot read " + what + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new BadInputException(file + ": cannot read " + what + ": permission denied", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    /** An existing {@code dir} may be replaced only with {@code force}, and only if it holds a {@code marker} file. */
    static void checkReplaceable(Path dir, boolean force, String marker, String what) {
        if (!Files.exists(dir)) return;
        if (!force) throw new BadInputException(dir + " exists; give --force to replace it whole");
        if (!Files.isRegularFile(dir.resolve(marker))) {
            throw new BadInputException(dir + " exists and is not " + what + " (no " + marker + "); refusing to replace it");
        }
    }

    static void checkReplaceable(Path dir, boolean force) {
        checkReplaceable(dir, force, Manifest.FILE, "a cnnbp homework folder");
    }

    static Path tempBeside(Path dir) {
        Path parent = dir.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, "." + dir.getFileName() + ".");
        } catch (IOException e) {
            throw new BadInputException(parent + ": cannot create a folder: " + e.getMessage(), e);
        }
    }

    /** Moves {@code tmp} to {@code dir}; an old {@code dir} is moved aside first and deleted after. */
    static void swapIn(Path tmp, Path dir) throws IOException {
        Path old = null;
        if (Files.exists(dir)) {
            old = Files.createTempDirectory(tmp.getParent(), "." + dir.getFileName() + ".old.");
            Files.delete(old);
            Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) Files.move(old, dir, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
        if (old != null) deleteQuietly(old);
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException ignored) {
                    // what cannot be deleted stays; the next run's temporary folder has another name
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
