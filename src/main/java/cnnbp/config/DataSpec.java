package cnnbp.config;

import java.nio.file.Path;

/**
 * A config's {@code data:} section. Paths are already resolved against the config file's folder.
 *
 * @param train       a folder of class subfolders, a .csv file, or an IDX images file; null in the config a
 *                    weights file's network gives ({@link Architecture}), which keeps no paths
 * @param test        the same kinds, or null when the config has none
 * @param scale       multiplies CSV and IDX values (images are read as [0, 1] whatever it is)
 * @param labelColumn a CSV's label column: null for the first, else a 0-based index or a header name
 * @param skipBadFiles {@code on_bad_file: skip}: unreadable images are skipped, counted and listed
 *                     instead of stopping with an error ({@code on_bad_file: error}, the default)
 * @param resize      {@code resize: true}: images of another size are scaled to the input's size
 */
public record DataSpec(Path train, Path test, double scale, String labelColumn, boolean skipBadFiles,
                       boolean resize, Pos pos) {}
