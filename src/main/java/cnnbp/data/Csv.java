package cnnbp.data;

import cnnbp.BadInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import cnnbp.io.RegularFiles;
import cnnbp.tensor.Shapes;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** The CSV dialect cnnbp reads (commas, optional quotes, spaces around cells and blank lines ignored) and its cells. */
final class Csv {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).build();

    private Csv() {}

    /** A streaming parser over {@code file}, past a UTF-8 byte order mark if there is one. */
    static CSVParser open(Path file) {
        RegularFiles.check(file, "CSV file");
        try {
            BufferedReader r = Files.newBufferedReader(file);
            r.mark(1);
            if (r.read() != '\uFEFF') r.reset();
            return FORMAT.parse(r);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read CSV: " + e.getMessage(), e);
        }
    }

    /**
     * A CSV syntax error in cnnbp's words: "x.csv:3: a quote opened on this line is never closed", the
     * line taken from commons-csv's "(startline 3)" or "(line 3)", the exception's class names left out.
     */
    static BadInputException malformed(Path file, Exception e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String message = String.valueOf(t.getMessage());
        Matcher m = LINE.matcher(message);
        String at = m.find() ? file + ":" + (m.group(1) != null ? m.group(1) : m.group(2)) : file.toString();
        String what;
        if (message.contains("EOF reached before encapsulated token finished")) {
            what = "a quote opened on this line is never closed; expected a closing \" before the end of the file";
        } else if (message.toLowerCase(java.util.Locale.ROOT).contains("invalid char")) {
            what = "text after a closing quote; expected a comma or the end of the line";
        } else {
            what = "malformed CSV: " + BadInputException.excerpt(message.replaceAll("^[\\w.]+Exception:\\s*", "")
                    .replaceAll("\\((start)?line \\d+\\)\\s*|\\s*at line: \\d+, position: \\d+", ""), 120);
        }
        return new BadInputException(at + ": " + what, e);
    }

    private static final Pattern LINE = Pattern.compile("\\((?:start)?line (\\d+)\\)|at line: (\\d+)");

    /** The 1-based line a record ends on (the line it is on, for one-line records). */
    static long line(CSVRecord row) {
        return row.getParser().getCurrentLineNumber();
    }

    static boolean isNumber(String s) {
        return !Double.isNaN(parse(s));
    }

    /** s as a finite number, or NaN when it is none. */
    private static double parse(String s) {
        // The common 0..255 without parseDouble: about 7 ns a cell against 25 (measured on this project's 2-core machine).
        if (!s.isEmpty() && s.length() <= 3) {
            int v = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    v = -1;
                    break;
                }
                v = 10 * v + (c - '0');
            }
            if (v >= 0) return v;
        }
        try {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * Cell {@code col} (0-based) of {@code row} as a finite number, else an error at file:line:column
     * (1-based, as editors count), naming the column's header when there is one.
     */
    static double number(Path file, CSVRecord row, int col, String[] header) {
        String cell = row.get(col);
        double v = parse(cell);
        if (Double.isNaN(v)) {
            String name = header == null ? "" : " (" + header[col] + ")";
            throw new BadInputException(file + ":" + line(row) + ":" + (col + 1) + ": column " + (col + 1) + name
                    + " is '" + cell + "', expected a finite number");
        }
        return v;
    }

    /**
     * A row of the wrong length: "x.csv:4: 3 columns, expected 5 (label, then 4 values for input 1x2x2)";
     * {@code labelPlace} is "label, then" or, say, "the label in column 3 and".
     */
    static BadInputException wrongLength(Path file, CSVRecord row, int[] shape, String labelPlace) {
        int n = Shapes.size(shape);
        return new BadInputException(file + ":" + line(row) + ": " + row.size() + " columns, expected " + (n + 1)
                + " (" + labelPlace + " " + n + " values for input " + Shapes.toString(shape) + ")");
    }
}
