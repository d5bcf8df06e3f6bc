package cnnbp.cli;

import cnnbp.BadInputException;
import cnnbp.io.AtomicFiles;
import cnnbp.train.EpochMetrics;
import cnnbp.train.Evaluation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** The text train and evaluate print: epoch lines, a data set's scores, the confusion matrix. */
final class Reports {
    private Reports() {}

    /** "epoch 2/5: train loss 0.5012 acc 81.95% | test loss 0.5310 acc 80.70% | 6.1 s, 985 img/s, lr 0.05" */
    static String epochLine(EpochMetrics m, int epochs) {
        StringBuilder sb = new StringBuilder();
        sb.append("epoch ").append(m.epoch()).append('/').append(epochs).append(": train loss ").append(loss(m.loss()));
        if (!Double.isNaN(m.accuracy())) sb.append(" acc ").append(percent(m.accuracy()));
        if (!Double.isNaN(m.testLoss())) {
            sb.append(" | test loss ").append(loss(m.testLoss()));
            if (!Double.isNaN(m.testAccuracy())) sb.append(" acc ").append(percent(m.testAccuracy()));
        }
        sb.append(String.format(Locale.ROOT, " | %.1f s, %.0f img/s, lr %s", m.seconds(), m.imagesPerSecond(),
                number(m.lr())));
        return sb.toString();
    }

    /**
     * The scores of an evaluation, then (for a classifier) its confusion matrix, rows the true class
     * and columns the predicted one, each row ending with that class's accuracy.
     */
    static void evaluation(PrintWriter out, String title, Evaluation ev) {
        out.printf(Locale.ROOT, "%s: %,d examples, loss %s", title, ev.examples(), loss(ev.loss()));
        if (Double.isNaN(ev.accuracy())) {
            out.println();
            return;
        }
        out.printf(Locale.ROOT, ", accuracy %s%n", percent(ev.accuracy()));
        int k = ev.confusion().length, most = 0, nameWidth = 5;
        for (int[] row : ev.confusion()) {
            for (int n : row) most = Math.max(most, n);
        }
        for (String name : ev.classes()) nameWidth = Math.max(nameWidth, name.length());
        int cell = Math.max(Integer.toString(most).length(), Integer.toString(k - 1).length()) + 2;
        int label = Integer.toString(k - 1).length() + 1 + nameWidth;
        out.println("confusion matrix: a row per true class, a column per predicted class");
        StringBuilder head = new StringBuilder(" ".repeat(label));
        for (int p = 0; p < k; p++) head.append(pad(Integer.toString(p), cell));
        out.println(head.append("  accuracy"));
        for (int t = 0; t < k; t++) {
            StringBuilder row = new StringBuilder(pad(Integer.toString(t), Integer.toString(k - 1).length()))
                    .append(' ').append(String.format(Locale.ROOT, "%-" + nameWidth + "s", ev.classes().get(t)));
            for (int p = 0; p < k; p++) row.append(pad(Integer.toString(ev.confusion()[t][p]), cell));
            double acc = ev.classAccuracy(t);
            row.append("  ").append(Double.isNaN(acc) ? "-" : pad(percent(acc), 7) + " of " + ev.classTotal(t));
            out.println(row);
        }
    }

    /**
     * A check's report: printed whole, or with {@code file} written whole (or not at all) and only
     * its summary line printed.
     */
    static void emit(PrintWriter out, Path file, String report, String summary) {
        if (file == null) {
            out.print(report);
        } else {
            try {
                AtomicFiles.write(file, report);
            } catch (IOException e) {
                throw new BadInputException(file + ": cannot write the report: " + e.getMessage(), e);
            }
            out.println(summary + " (report in " + file + ")");
        }
        out.flush();
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    static String loss(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** 0.05 as "0.05", 0 as "0", 1e-4 as "1.0E-4": the shortest form that reads back. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** A path as the user would type it: relative to the working folder when it is inside it. */
    static String shown(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        if (!p.getFileSystem().equals(cwd.getFileSystem())) return p.toString();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : p.toString();
    }

    private static String pad(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}
