package cnnbp.trace;

import cnnbp.text.Numbers;
import cnnbp.tensor.Shapes;
import cnnbp.trace.Trace.Item;
import cnnbp.trace.Trace.Step;
import java.util.Set;

/**
 * A trace as a Markdown handout: each tensor under its formula and shape, as a table whose header
 * row and first column are the indices (the ones {@code cnnbp compare} reports). Plain tables
 * render on GitHub and in any Markdown viewer, with no math extension; a blank tensor keeps its
 * table with the cells empty.
 */
public final class TraceMarkdown extends TraceDocument {
    /** What stands in a left-out formula: a line to write on. */
    private static final String BLANK_FORMULA = "\\_".repeat(16);

    private TraceMarkdown(int digits, Set<String> blanks, boolean perExample, Handout handout) {
        super(digits, blanks, perExample, handout);
    }

    /** The trace with the values of the tensors named in {@code blanks} left empty. */
    public static String render(Trace t, int digits, Set<String> blanks) {
        return render(t, digits, blanks, false);
    }

    /** As {@link #render(Trace, int, Set)}; with {@code perExample}, a batch trace shows each example's contribution to dL/dW and dL/db. */
    public static String render(Trace t, int digits, Set<String> blanks, boolean perExample) {
        return render(t, digits, blanks, perExample, Handout.PLAIN);
    }

    /** As {@link #render(Trace, int, Set, boolean)}, dressed as {@code handout} says. */
    public static String render(Trace t, int digits, Set<String> blanks, boolean perExample, Handout handout) {
        return new TraceMarkdown(digits, blanks, perExample, handout).render(t);
    }

    @Override
    void begin(Trace t) {
        line("# " + (handout.title() != null ? handout.title().strip()
                : "cnnbp trace of `" + Handout.fileName(t.source()) + "`"));
        line("");
        if (handout.instructions() != null) {
            line(handout.instructions().strip());  // Markdown already: it goes in as it is
            line("");
        }
        line(TraceDocument.examples(t) + ", loss `" + t.lossKind().key + "`.");
        line("");
        line("Names: X the input; the k-th conv or dense layer gives Zk from weights Wk and bias bk; an activation"
                + " after it gives Ak, a pool Pk, flatten F; Y the target, L the loss, dL/dT the derivative of L by T."
                + " ⋆ cross-correlation, · matrix product, ᵀ transpose, ⊙ element-wise product. Tables are indexed"
                + " from 0: channel, then row and column.");
        if (t.batch() > 1) {
            line("");
            line(BATCH_LEGEND.replace("\n", " "));
        }
    }

    @Override
    void section(String title) {
        line("");
        line("## " + title);
    }

    @Override
    void layer(Step s) {
        line("");
        line("### Layer " + s.index() + ": " + s.description());
    }

    @Override
    void lossSection() {
        line("");
        line("### Loss");
    }

    @Override
    void item(Item it, String what, boolean blank) {
        line("");
        String head = head(it, what);
        line((head != null ? "**" + head + "**" : "**" + it.name() + "** = " + BLANK_FORMULA) + " · " + Shapes.toString(it.shape()));
        for (Block b : blocks(it)) {
            line("");
            if (b.label() != null) {
                line("*" + b.label() + "*");
                line("");
            }
            table(it.data(), b, blank, it.shape().length > 1);
        }
    }

    @Override
    void note(String text) {
        line("");
        line("*" + text + "*");
    }

    @Override
    void loss(String rule, double value, boolean blank) {
        line("");
        line((rule != null ? "**" + rule + "**" : "**L** = " + BLANK_FORMULA) + " = " + (blank ? "\\_\\_\\_\\_" : Numbers.format(value, digits)));
    }

    @Override
    void end() {}

    /** A table with the column indices as its header and, for a matrix, the row indices as its first column. */
    private void table(double[] data, Block b, boolean blank, boolean rowIndex) {
        StringBuilder head = new StringBuilder(rowIndex ? "|   |" : "|");
        StringBuilder rule = new StringBuilder(rowIndex ? "|--:|" : "|");
        for (int c = 0; c < b.cols(); c++) {
            head.append(' ').append(c).append(" |");
            rule.append("--:|");
        }
        line(head.toString());
        line(rule.toString());
        for (int r = 0; r < b.rows(); r++) {
            StringBuilder row = new StringBuilder(rowIndex ? "| **" + r + "** |" : "|");
            for (int c = 0; c < b.cols(); c++) {
                row.append(' ').append(blank ? "" : Numbers.format(data[b.offset() + r * b.cols() + c], digits)).append(" |");
            }
            line(row.toString());
        }
    }
}
