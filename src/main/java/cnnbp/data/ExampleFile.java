package cnnbp.data;

import cnnbp.BadInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
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
        int n = 1;
        for (int d : shape) n *= d;
        List<CSVRecord> rows;
        try (Reader r = Files.newBufferedReader(file)) {
            rows = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).build()
                    .parse(r).getRecords();
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BadInputException(file + ": cannot read CSV: " + e.getMessage());
        }
        if (!rows.isEmpty() && !isNumber(rows.get(0).get(0))) rows = rows.subList(1, rows.size());  // a header
        if (rows.size() != 1) {
            throw new BadInputException(file + ": expected one data row (label, then " + n + " values), found " + rows.size());
        }
        CSVRecord row = rows.get(0);
        long line = row.getParser().getCurrentLineNumber();
        if (row.size() != n + 1) {
            throw new BadInputException(file + ":" + line + ": " + row.size() + " columns, expected " + (n + 1)
                    + " (label, then " + n + " values for input " + shapeText(shape) + ")");
        }
        double[] values = new double[n + 1];
        for (int c = 0; c <= n; c++) {
            String cell = row.get(c);
            if (!isNumber(cell)) {
                throw new BadInputException(file + ":" + line + ": column " + (c + 1) + " is '" + cell
                        + "', expected a finite number");
            }
            values[c] = Double.parseDouble(cell);
        }
        return new Example(java.util.Arrays.copyOfRange(values, 1, n + 1), values[0]);
    }

    static boolean isNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String shapeText(int[] shape) {
        return cnnbp.tensor.Shapes.toString(shape);
    }
}
