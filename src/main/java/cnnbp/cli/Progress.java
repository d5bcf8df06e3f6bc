package cnnbp.cli;

import cnnbp.train.EpochMetrics;
import cnnbp.train.TrainListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * What train shows while it runs. Each finished epoch is one line on stdout. On a terminal
 * ({@code live}), a progress bar on stderr is redrawn in place at most ten times a second:
 * <pre>epoch 2/5 [=========>          ] 94/188  ETA 0:03  loss 0.5123  acc 81.30%  1150 img/s</pre>
 * Elsewhere (a pipe, a log file, CI) there is no bar and no carriage return.
 */
final class Progress implements TrainListener {
    private static final int BAR = 20;
    private static final double REDRAW_SECONDS = 0.1;

    private final PrintWriter out, err;
    private final boolean live;
    private int epochs;
    private double drawnAt;
    private int drawnLength;

    Progress(PrintWriter out, PrintWriter err, boolean live) {
        this.out = out;
        this.err = err;
        this.live = live;
    }

    @Override
    public void epochStart(int epoch, int epochs, int batches) {
        this.epochs = epochs;
        drawnAt = Double.NEGATIVE_INFINITY;
    }

    @Override
    public void batchEnd(int epoch, int batch, int batches, double loss, double accuracy, int examples,
                         double seconds) {
        if (!live || (seconds - drawnAt < REDRAW_SECONDS && batch < batches)) return;
        drawnAt = seconds;
        String line = bar(epoch, epochs, batch, batches, loss, accuracy, examples, seconds);
        err.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        err.flush();
        drawnLength = line.length();
    }

    @Override
    public void epochEnd(EpochMetrics metrics) {
        clear();
        out.println(Reports.epochLine(metrics, epochs));
        out.flush();
    }

    /**
     * Clears the bar's line, and the {@code ^C} a terminal echoes after it, so that a message printed
     * next (the stop after Ctrl-C) starts on a clean line.
     */
    void clear() {
        if (live && drawnLength > 0) {
            err.print("\r" + " ".repeat(drawnLength + 2) + "\r");
            err.flush();
            drawnLength = 0;
        }
    }

    /** The bar's text: batches done, the epoch's ETA, its running loss and accuracy, its speed. */
    static String bar(int epoch, int epochs, int batch, int batches, double loss, double accuracy, int examples,
                      double seconds) {
        int done = (int) ((long) BAR * batch / batches);
        String fill = "=".repeat(done) + (done < BAR ? ">" + " ".repeat(BAR - done - 1) : "");
        long eta = Math.round(seconds / batch * (batches - batch));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d [%s] %d/%d  ETA %d:%02d  loss %s",
                epoch, epochs, fill, batch, batches, eta / 60, eta % 60, Reports.loss(loss)));
        if (!Double.isNaN(accuracy)) sb.append("  acc ").append(Reports.percent(accuracy));
        if (seconds > 0) sb.append(String.format(Locale.ROOT, "  %.0f img/s", examples / seconds));
        return sb.toString();
    }
}
