package cnnbp.config;

import java.nio.file.Path;

/**
 * A place in a file, 1-based, printed as {@code file:line:column}; line 0 stands for the file as a
 * whole (something read from a JSON file, where no position is kept), printed as {@code file}.
 */
public record Pos(Path file, int line, int column) {
    /** The file as a whole. */
    public static Pos of(Path file) {
        return new Pos(file, 0, 0);
    }

    @Override
    public String toString() {
        return line == 0 ? String.valueOf(file) : file + ":" + line + ":" + column;
    }
}
