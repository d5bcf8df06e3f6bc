package cnnbp.data;

import cnnbp.BadInputException;
import cnnbp.tensor.Shapes;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Examples from a file, for {@code trace --input}: a CSV whose rows are each a label, then the C·H·W
 * values in row-major order (a header row is skipped), or an image (scaled to [0, 1], no label).
 */
public final class ExampleFile {
    /** {@code label} is null for an image, which carries none. */
    public record Example(double[] input, Double label) {}

    private ExampleFile() {}

    public static Example read(Path file, int[] shape) {
        List<Example> examples = readAll(file, shape);
        if (examples.size() != 1) {
            int n = Shapes.size(shape);
            throw new BadInputException(file + ": expected one data row (label, then " + n + " values), found "
                    + examples.size());
        }
        return examples.get(0);
    }

    /** Every example of a file: each data row of a CSV (label, then the C·H·W values), or an image. */
    public static List<Example> readAll(Path file, int[] shape) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".txt")) return csv(file, shape);
        if (shape.length != 3) {
            throw new BadInputException(file + ": an image needs a (channels, height, width) input; the config's input is "
                    + shape.length + "-d");
        }
        return List.of(new Example(Images.read(file, shape[0], shape[1], shape[2]), null));
    }

    static List<Example> csv(Path file, int[] shape) {
        int n = Shapes.size(shape);
        List<CSVRecord> rows;
        try (CSVParser parser = Csv.open(file)) {
            rows = parser.getRecords();
        } catch (java.io.IOException | UncheckedIOException e) {
            throw Csv.malformed(file, e);
        }
        if (!rows.isEmpty() && !Csv.isNumber(rows.get(0).get(0))) rows = rows.subList(1, rows.size());  // a header
        List<Example> examples = new ArrayList<>();
        for (CSVRecord row : rows) {
            if (row.size() != n + 1) throw Csv.wrongLength(file, row, shape, "label, then");
            double[] values = new double[n + 1];
            for (int c = 0; c <= n; c++) values[c] = Csv.number(file, row, c, null);
            examples.add(new Example(Arrays.copyOfRange(values, 1, n + 1), values[0]));
        }
        return examples;
    }
}
