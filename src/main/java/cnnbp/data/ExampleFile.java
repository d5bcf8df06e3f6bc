package cnnbp.data;

import cnnbp.BadInputException;
import cnnbp.tensor.Shapes;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One example from a file, for {@code trace --input}: a one-row CSV (label first, then the C·H·W
 * values in row-major order; a header row is skipped) or an image (scaled to [0, 1], no label).
 */
public final class ExampleFile {
    /** {@code label} is null for an image, which carries none. */
    public record Example(double[] input, Double label) {}

    private ExampleFile() {}

    public static Example read(Path file, int[] shape) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".txt")) return csv(file, shape);
        if (shape.length != 3) {
            throw new BadInputException(file + ": an image needs a (channels, height, width) input; the config's input is "
                    + shape.length + "-d");
        }
        return new Example(Images.read(file, shape[0], shape[1], shape[2]), null);
    }

    static Example csv(Path file, int[] shape) {
        int n = Shapes.size(shape);
        List<CSVRecord> rows;
        try (CSVParser parser = Csv.open(file)) {
            rows = parser.getRecords();
        } catch (java.io.IOException | UncheckedIOException e) {
            throw Csv.malformed(file, e);
        }
        if (!rows.isEmpty() && !Csv.isNumber(rows.get(0).get(0))) rows = rows.subList(1, rows.size());  // a header
        if (rows.size() != 1) {
            throw new BadInputException(file + ": expected one data row (label, then " + n + " values), found " + rows.size());
        }
        CSVRecord row = rows.get(0);
        if (row.size() != n + 1) throw Csv.wrongLength(file, row, shape, "label, then");
        double[] values = new double[n + 1];
        for (int c = 0; c <= n; c++) values[c] = Csv.number(file, row, c, null);
        return new Example(Arrays.copyOfRange(values, 1, n + 1), values[0]);
    }
}
