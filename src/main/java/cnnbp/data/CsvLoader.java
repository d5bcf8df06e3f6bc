package cnnbp.data;

import cnnbp.BadInputException;
import cnnbp.config.DataSpec;
import cnnbp.text.DidYouMean;
import cnnbp.tensor.Shapes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file of examples, one a row: the label (first, or in {@code label_column}) and the C·H·W
 * values in row-major order, each multiplied by {@code scale}. The first row is a header when its
 * label cell is not a number (or when {@code label_column} names one of its cells). Read as a stream.
 */
final class CsvLoader {
    private CsvLoader() {}

    static Dataset read(Path file, int[] shape, DataSpec spec) {
        int per = Shapes.size(shape);
        double scale = spec.scale();
        PackedDataset.Builder examples = new PackedDataset.Builder(shape, PackedDataset.scaled(scale), 1024);
        int[] lines = new int[1024];          // (N) the line each example is on
        boolean classIndices = true;          // every label a whole number >= 0
        double maxLabel = -1;
        try (CSVParser parser = Csv.open(file)) {
            String[] header = null;
            int labelCol = -1;
            double[] values = new double[per];
            int[] samples = new int[per];
            for (CSVRecord row : parser) {
                if (labelCol < 0) {  // the first row says where the label is and whether it is a header
                    labelCol = labelColumn(file, row, spec.labelColumn(), per);
                    if (row.size() != per + 1) throw Csv.wrongLength(file, row, shape, labelPlace(labelCol));
                    if (!Csv.isNumber(row.get(labelCol))) {
                        header = row.values();
                        continue;
                    }
                }
                if (row.size() != per + 1) throw Csv.wrongLength(file, row, shape, labelPlace(labelCol));
                double label = Csv.number(file, row, labelCol, header);
                boolean eightBit = true;
                for (int c = 0, j = 0; c <= per; c++) {
                    if (c == labelCol) continue;
                    double v = Csv.number(file, row, c, header);
                    eightBit &= v >= 0 && v <= 255 && v == Math.rint(v);
                    values[j++] = v;
                }
                if (eightBit) {
                    for (int j = 0; j < per; j++) samples[j] = (int) values[j];
                    examples.addBytes(samples, label);
                } else {
                    for (int j = 0; j < per; j++) values[j] *= scale;
                    examples.addValues(values, label);
                }
                classIndices &= label >= 0 && label == Math.rint(label) && label < Integer.MAX_VALUE;
                maxLabel = Math.max(maxLabel, label);
                int i = examples.size() - 1;
                if (i == lines.length) lines = Arrays.copyOf(lines, 2 * i);
                lines[i] = (int) Csv.line(row);
            }
        } catch (IOException | UncheckedIOException e) {
            throw Csv.malformed(file, e);
        }
        if (examples.size() == 0) {
            throw new BadInputException(file + ": no data rows; expected rows of a label and " + per
                    + " values (input " + Shapes.toString(shape) + ")");
        }
        int[] at = lines;
        return examples.build(classIndices ? numbered((int) maxLabel + 1) : List.of(), i -> file + ":" + at[i], List.of());
    }

    /**
     * The 0-based column of the label: the first, or {@code spec} — a 0-based column number or, when
     * {@code first} is a header, one of its names.
     */
    private static int labelColumn(Path file, CSVRecord first, String spec, int per) {
        if (spec == null) return 0;
        if (spec.matches("-?\\d{1,9}")) {
            int col = Integer.parseInt(spec);
            if (col < 0 || col > per) {
                throw new BadInputException(file + ": label_column " + col + " is not a column; rows of a label and "
                        + per + " values have " + (per + 1) + " columns, numbered 0.." + per);
            }
            return col;
        }
        List<String> names = first.toList();
        int col = names.indexOf(spec);
        if (col >= 0) return col;
        if (names.stream().allMatch(Csv::isNumber)) {
            throw new BadInputException(file + ":" + Csv.line(first) + ": label_column '" + spec
                    + "' names a header column, but the first row is data, not a header");
        }
        throw new BadInputException(file + ":" + Csv.line(first) + ": no column '" + spec + "' in the header"
                + DidYouMean.suggest(spec, names));
    }

    private static String labelPlace(int labelCol) {
        return labelCol == 0 ? "label, then" : "the label in column " + (labelCol + 1) + " and";
    }

    /** "0", "1", ..., "k-1", without holding k strings. */
    static List<String> numbered(int k) {
        return new AbstractList<>() {
            @Override
            public String get(int i) {
                return Integer.toString(Objects.checkIndex(i, k));
            }

            @Override
            public int size() {
                return k;
            }
        };
    }
}
