package cnnbp;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh in-memory Unix file system (jimfs) for each test, closed after it:
 * {@code @RegisterExtension final MemoryFileSystem fs = new MemoryFileSystem();} then {@code fs.getPath("/d/x.csv")}.
 * It is ready before the test's {@code @BeforeEach} methods run.
 */
public final class MemoryFileSystem implements BeforeEachCallback, AfterEachCallback {
    private FileSystem fs;

    @Override
    public void beforeEach(ExtensionContext context) {
        fs = Jimfs.newFileSystem(Configuration.unix());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        fs.close();
        fs = null;
    }

    /** A path on this test's file system, as {@link FileSystem#getPath}. */
    public Path getPath(String first, String... more) {
        if (fs == null) throw new IllegalStateException("the in-memory file system exists only during a test");
        return fs.getPath(first, more);
    }
}
