package cnnbp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    /** The rename must not hand the temporary file's owner-only permissions to a new file. */
    @Test
    void aNewFileGetsThePermissionsOfAPlainWrite(@TempDir Path dir) throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Path atomic = dir.resolve("atomic.txt");
        AtomicFiles.write(atomic, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
    }

    @Test
    void anOldFileKeepsItsPermissions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("out/model.json");
        AtomicFiles.write(file, "one");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.write(file, "two");
        assertEquals("two", Files.readString(file));
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void writesWholeAndLeavesNoTemporaryFile() throws IOException {
        for (Configuration c : List.of(Configuration.unix(), Configuration.windows())) {
            try (FileSystem fs = Jimfs.newFileSystem(c)) {
                Path file = fs.getRootDirectories().iterator().next().resolve("out").resolve("r.json");
                AtomicFiles.write(file, "one");
                AtomicFiles.write(file, "two");
                assertEquals("two", Files.readString(file));
                try (Stream<Path> files = Files.list(file.getParent())) {
                    assertEquals(List.of(file), files.toList());
                }
            }
        }
    }
}
