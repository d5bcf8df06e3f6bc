package cnnbp.config;

import java.nio.file.Path;

/** A place in a config file, 1-based, printed as {@code file:line:column}. */
public record Pos(Path file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
