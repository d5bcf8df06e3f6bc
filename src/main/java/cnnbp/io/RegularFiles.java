package cnnbp.io;

import cnnbp.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The check every reader makes first: a FIFO or device named like an input would block a read forever. */
public final class RegularFiles {
    private RegularFiles() {}

    /** Refuses {@code file} when it exists but is not a regular file; {@code what} names it ("config"). */
    public static void check(Path file, String what) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new BadInputException(file + ": the " + what + " is " + (Files.isDirectory(file) ? "a folder" : "not a regular"
                    + " file (a FIFO, socket or device)") + "; expected a file");
        }
    }
}
