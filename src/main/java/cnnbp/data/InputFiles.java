package cnnbp.data;

import cnnbp.BadInputException;
import cnnbp.config.DataSpec;
import cnnbp.tensor.Shapes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The examples {@code cnnbp predict} reads from a file: an image (one example, no label), or a CSV
 * file whose rows are either C·H·W values alone (an optional header row first) or, as in a data
 * set, a label and the values (then read by the data set reader, label column and all). CSV values
 * are multiplied by the data spec's scale.
 */
public final class InputFiles {
    /** One example: where it came from ("x.png", "x.csv:3"), its (C, H, W) values, its label or null. */
    public record Input(String source, double[] values, Double label) {}

    private InputFiles() {}

    /**
     * {@code spec} may be null (a config without data:): scale 1, label in the first column. Images of
     * another size are scaled to the input's when {@code resize} or the spec's {@code resize: true}.
     */
    public static List<Input> read(Path file, int[] shape, DataSpec spec, boolean resize) {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            if (shape.length != 3) {
                throw new BadInputException(file + ": an image needs a (channels, height, width) input; the config's"
                        + " input is " + Shapes.toString(shape) + " features");
            }
            return List.of(new Input(file.toString(), Images.read(file, shape[0], shape[1], shape[2],
                    resize || spec != null && spec.resize()), null));
        }
        DataSpec s = spec != null ? spec : new DataSpec(file, null, 1, null, false, false, null);
        int per = Shapes.size(shape);
        if (firstRowLength(file) == per + 1) return labelled(CsvLoader.read(file, shape, s));
        List<Input> inputs = new ArrayList<>();
        try (CSVParser parser = Csv.open(file)) {
            for (CSVRecord row : parser) {
                if (row.getRecordNumber() == 1 && !Csv.isNumber(row.get(0))) continue;  // a header
                if (row.size() != per) {
                    throw new BadInputException(file + ":" + Csv.line(row) + ": " + row.size() + " columns, expected "
                            + per + " values for input " + Shapes.toString(shape) + " (or a label and them, "
                            + (per + 1) + " columns)");
                }
                double[] v = new double[per];
                for (int c = 0; c < per; c++) v[c] = Csv.number(file, row, c, null) * s.scale();
                inputs.add(new Input(file + ":" + Csv.line(row), v, null));
            }
        } catch (IOException | UncheckedIOException e) {
            throw Csv.malformed(file, e);
        }
        if (inputs.isEmpty()) throw new BadInputException(file + ": no data rows");
        return inputs;
    }

    /** The number of cells of the first data row (past a header), or 0 for an empty file. */
    private static int firstRowLength(Path file) {
        try (CSVParser parser = Csv.open(file)) {
            Iterator<CSVRecord> rows = parser.iterator();
            if (!rows.hasNext()) return 0;
            CSVRecord first = rows.next();
            if (Csv.isNumber(first.get(0)) || !rows.hasNext()) return first.size();
            return rows.next().size();
        } catch (IOException | UncheckedIOException e) {
            throw Csv.malformed(file, e);
        }
    }

    private static List<Input> labelled(Dataset d) {
        List<Input> inputs = new ArrayList<>();
        int per = Shapes.size(d.shape());
        for (int i = 0; i < d.size(); i++) {
            double[] v = new double[per];
            d.copyInput(i, v, 0);
            inputs.add(new Input(d.source(i), v, d.label(i)));
        }
        return inputs;
    }
}
