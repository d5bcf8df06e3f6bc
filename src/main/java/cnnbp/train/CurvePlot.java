package cnnbp.train;

import cnnbp.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Loss and accuracy against epoch, training and test, as a PNG drawn with Java2D: two panels side
 * by side, each with labelled axes, ticks, a grid and a legend. Points are marked, so a run of one
 * or two epochs still shows.
 */
public final class CurvePlot {
    public static final int WIDTH = 900, HEIGHT = 400;
    private static final Color TRAIN = new Color(0x1f77b4), TEST = new Color(0xd62728);
    private static final Color GRID = new Color(0xe6e6e6), AXIS = new Color(0x333333);
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private CurvePlot() {}

    /** Draws the curves of {@code history} under {@code title} and writes the PNG atomically. */
    public static void write(Path file, List<EpochMetrics> history, String title) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(draw(history, title), "png", png);
        AtomicFiles.write(file, png.toByteArray());
    }

    static BufferedImage draw(List<EpochMetrics> history, String title) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(AXIS);
        g.setFont(TITLE);
        g.drawString(title, (WIDTH - g.getFontMetrics().stringWidth(title)) / 2, 22);
        panel(g, 0, history, "loss", "loss", EpochMetrics::loss, EpochMetrics::testLoss, 1);
        panel(g, WIDTH / 2, history, "accuracy", "accuracy (%)", EpochMetrics::accuracy, EpochMetrics::testAccuracy, 100);
        g.dispose();
        return img;
    }

    /** One panel at x offset {@code x0}: train and test series of {@code scale}·value against epoch. */
    private static void panel(Graphics2D g, int x0, List<EpochMetrics> history, String name, String yLabel,
                              ToDoubleFunction<EpochMetrics> train, ToDoubleFunction<EpochMetrics> test, double scale) {
        int left = x0 + 70, right = x0 + WIDTH / 2 - 20, top = 45, bottom = HEIGHT - 55;
        g.setFont(FONT);
        FontMetrics fm = g.getFontMetrics();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (EpochMetrics m : history) {
            for (double v : new double[] {train.applyAsDouble(m), test.applyAsDouble(m)}) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v * scale);
                    hi = Math.max(hi, v * scale);
                }
            }
        }
        if (lo > hi) {  // nothing to draw: no epochs yet, or a regression's accuracy
            g.setColor(AXIS);
            String text = history.isEmpty() ? "no epochs yet" : "no " + name + " to show";
            g.drawString(text, (left + right - fm.stringWidth(text)) / 2, (top + bottom) / 2);
            return;
        }
        double pad = hi > lo ? (hi - lo) * 0.08 : Math.max(Math.abs(hi) * 0.05, 0.01 * scale);
        double yLo = lo >= 0 ? Math.max(0, lo - pad) : lo - pad, yHi = scale == 100 ? Math.min(100, hi + pad) : hi + pad;
        double[] yTicks = ticks(yLo, yHi, 6);
        double yMin = yTicks[0], yMax = yTicks[yTicks.length - 1];
        int first = history.get(0).epoch(), last = history.get(history.size() - 1).epoch();
        double xPad = first == last ? 0.5 : Math.max(0.3, 0.03 * (last - first));
        double xMin = first - xPad, xMax = last + xPad;
        Scale sx = new Scale(xMin, xMax, left, right), sy = new Scale(yMin, yMax, bottom, top);

        // grid and y ticks
        for (double t : yTicks) {
            int y = sy.at(t);
            g.setColor(GRID);
            g.drawLine(left, y, right, y);
            g.setColor(AXIS);
            g.drawLine(left - 4, y, left, y);
            String label = tickLabel(t, yTicks);
            g.drawString(label, left - 7 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
        }
        // x ticks: whole epochs
        for (double t : ticks(first, last, 10)) {
            if (t != Math.rint(t) || t < first || t > last) continue;
            int x = sx.at(t);
            g.setColor(GRID);
            g.drawLine(x, top, x, bottom);
            g.setColor(AXIS);
            g.drawLine(x, bottom, x, bottom + 4);
            String label = Long.toString((long) t);
            g.drawString(label, x - fm.stringWidth(label) / 2, bottom + 6 + fm.getAscent());
        }
        g.setColor(AXIS);
        g.drawRect(left, top, right - left, bottom - top);
        g.drawString("epoch", (left + right - fm.stringWidth("epoch")) / 2, HEIGHT - 18);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(top + bottom + fm.stringWidth(yLabel)) / 2, x0 + 20);
        g.setTransform(saved);

        Path2D testLine = series(g, history, test, scale, sx, sy, TEST);
        Path2D trainLine = series(g, history, train, scale, sx, sy, TRAIN);
        legend(g, left, right, top, bottom, testLine != null, trainLine, testLine);
    }

    /** Draws one series as a line with points; returns the line, or null when it has no finite value. */
    private static Path2D series(Graphics2D g, List<EpochMetrics> history, ToDoubleFunction<EpochMetrics> f,
                                 double scale, Scale sx, Scale sy, Color color) {
        Path2D.Double line = new Path2D.Double();
        boolean any = false;
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        for (EpochMetrics m : history) {
            double v = f.applyAsDouble(m);
            if (!Double.isFinite(v)) continue;
            double x = sx.exact(m.epoch()), y = sy.exact(v * scale);
            if (any) line.lineTo(x, y);
            else line.moveTo(x, y);
            any = true;
            g.fill(new Ellipse2D.Double(x - 3.5, y - 3.5, 7, 7));
        }
        g.draw(line);
        g.setStroke(new BasicStroke(1f));
        return any ? line : null;
    }

    /** The legend, in the corner of the plot area that the curves cross least. */
    private static void legend(Graphics2D g, int left, int right, int top, int bottom, boolean hasTest,
                               Path2D... lines) {
        FontMetrics fm = g.getFontMetrics();
        String[] names = hasTest ? new String[] {"train", "test"} : new String[] {"train"};
        Color[] colors = {TRAIN, TEST};
        int w = 40 + fm.stringWidth("train"), h = 8 + names.length * (fm.getHeight() + 2);
        int[][] corners = {{right - w - 8, top + 8}, {right - w - 8, bottom - h - 8}, {left + 8, top + 8},
                {left + 8, bottom - h - 8}};
        int x = corners[0][0], y = corners[0][1];
        double least = Double.POSITIVE_INFINITY;
        for (int[] c : corners) {
            Rectangle2D box = new Rectangle2D.Double(c[0] - 6, c[1] - 6, w + 12, h + 12);
            double crossed = 0;
            for (Path2D line : lines) {
                if (line == null) continue;
                for (PathIterator it = line.getPathIterator(null, 1); !it.isDone(); it.next()) {
                    double[] p = new double[6];
                    it.currentSegment(p);
                    if (box.contains(p[0], p[1])) crossed += 10;  // a point hidden is worse than a line
                }
                if (line.intersects(box)) crossed += 1;
            }
            if (crossed < least) {
                least = crossed;
                x = c[0];
                y = c[1];
            }
        }
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(x, y, w, h);
        g.setColor(GRID.darker());
        g.drawRect(x, y, w, h);
        for (int i = 0; i < names.length; i++) {
            int ly = y + 4 + i * (fm.getHeight() + 2) + fm.getAscent() / 2 + 4;
            g.setColor(colors[i]);
            g.setStroke(new BasicStroke(2f));
            g.drawLine(x + 6, ly, x + 26, ly);
            g.fill(new Ellipse2D.Double(x + 12.5, ly - 3.5, 7, 7));
            g.setStroke(new BasicStroke(1f));
            g.setColor(AXIS);
            g.drawString(names[i], x + 32, ly + fm.getAscent() / 2 - 1);
        }
    }

    /** Evenly spaced round ticks (steps of 1, 2, 2.5 or 5 times a power of ten) covering lo..hi. */
    static double[] ticks(double lo, double hi, int most) {
        if (hi <= lo) hi = lo + 1;
        double raw = (hi - lo) / (most - 1), mag = Math.pow(10, Math.floor(Math.log10(raw))), step = 10 * mag;
        for (double m : new double[] {1, 2, 2.5, 5}) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        double start = Math.floor(lo / step + 1e-9) * step, end = Math.ceil(hi / step - 1e-9) * step;
        int n = (int) Math.round((end - start) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = start + i * step;
        return t;
    }

    /** A tick's label with just enough decimals to tell the ticks apart. */
    private static String tickLabel(double t, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        if (Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals))) > 1e-6) decimals++;
        return String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(t) < step * 1e-6 ? 0 : t);
    }

    /** Maps data values linearly onto pixels. */
    private record Scale(double min, double max, int from, int to) {
        double exact(double v) {
            return from + (v - min) / (max - min) * (to - from);
        }

        int at(double v) {
            return (int) Math.round(exact(v));
        }
    }
}
