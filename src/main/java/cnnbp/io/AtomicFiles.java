package cnnbp.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a file whole or not at all: to a temporary file beside it, then a rename over it. A file that
 * existed keeps its permissions; a new one gets those of a plain write (rw-rw-rw- less the umask), not
 * the owner-only permissions of a temporary file, which the rename would pass on.
 *
 * <p>The temporary file is named {@code .NAME.cnnbp-DIGITS.tmp}. A kill between its creation and the
 * rename leaves it behind; the next write of the same file removes such leftovers.
 */
public final class AtomicFiles {
    private static final String TEMP_MARK = ".cnnbp-";

    private AtomicFiles() {}

    /** The temporary files an earlier, killed write of {@code name} in {@code dir} left behind. */
    public static List<Path> leftovers(Path dir, String name) throws IOException {
        Pattern ours = Pattern.compile(Pattern.quote("." + name + TEMP_MARK) + "\\d+\\.tmp");
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> ours.matcher(p.getFileName().toString()).matches()).toList();
        }
    }

    private static void removeLeftovers(Path dir, String name) throws IOException {
        for (Path p : leftovers(dir, name)) Files.deleteIfExists(p);
    }

    public static void write(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        removeLeftovers(dir, file.getFileName().toString());
        Path tmp = createTemp(dir, "." + file.getFileName() + TEMP_MARK);
        try {
            Files.write(tmp, bytes);
            if (Files.exists(file) && dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A temporary file created with a plain write's permissions: rw-rw-rw-, which the umask narrows. */
    private static Path createTemp(Path dir, String prefix) throws IOException {
        try {
            return Files.createTempFile(dir, prefix, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-rw-")));
        } catch (UnsupportedOperationException e) {  // not a POSIX file system
            return Files.createTempFile(dir, prefix, ".tmp");
        }
    }
}
