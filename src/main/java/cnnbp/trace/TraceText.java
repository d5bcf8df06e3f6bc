package cnnbp.trace;

import cnnbp.text.Numbers;
import cnnbp.tensor.Shapes;
import cnnbp.trace.Trace.Item;
import cnnbp.trace.Trace.Step;
import java.util.Set;

/** A trace as text for people: each tensor under its name, formula and shape, laid out as matrices. */
public final class TraceText extends TraceDocument {
    /** What stands in a left-out value. */
    private static final String BLANK = "____";

    private TraceText(int digits, Set<String> blanks, boolean perExample) {
        super(digits, blanks, perExample);
    }

    public static String render(Trace t, int digits) {
        return render(t, digits, Set.of());
    }

    /** The trace with the values of the tensors named in {@code blanks} left out. */
    public static String render(Trace t, int digits, Set<String> blanks) {
        return render(t, digits, blanks, false);
    }

    /** As {@link #render(Trace, int, Set)}; with {@code perExample}, a batch trace shows each example's contribution to dL/dW and dL/db. */
    public static String render(Trace t, int digits, Set<String> blanks, boolean perExample) {
        return new TraceText(digits, blanks, perExample).render(t);
    }

    @Override
    void begin(Trace t) {
        String examples = TraceDocument.examples(t);
        line("cnnbp trace of " + t.source() + ": " + Character.toLowerCase(examples.charAt(0)) + examples.substring(1)
                + ", loss " + t.lossKind().key);
        line("Names: X the input; the k-th conv or dense layer gives Zk from weights Wk and bias bk; an activation");
        line("after it gives Ak, a pool Pk, flatten F; Y the target, L the loss, dL/dT the derivative of L by T.");
        line("⋆ cross-correlation, · matrix product, ᵀ transpose, ⊙ element-wise product.");
        if (t.batch() > 1) line(BATCH_LEGEND);
    }

    @Override
    void section(String title) {
        line("");
        line(title);
        line("=".repeat(title.length()));
    }

    @Override
    void layer(Step s) {
        line("");
        line("-- layer " + s.index() + ": " + s.description());
    }

    @Override
    void lossSection() {
        line("");
    }

    @Override
    void item(Item it, String what, boolean blank) {
        line(head(it, what) + "    [" + Shapes.toString(it.shape()) + "]");
        for (Block b : blocks(it)) {
            if (b.label() != null) line("  " + b.label());
            matrix(it.data(), b, blank);
        }
    }

    @Override
    void loss(String rule, double value, boolean blank) {
        line(rule + " = " + (blank ? BLANK : Numbers.format(value, digits)));
    }

    @Override
    void end() {}

    /** The block's values, right-aligned in columns of one width. */
    private void matrix(double[] data, Block b, boolean blank) {
        String[] cells = new String[b.rows() * b.cols()];
        int width = 1;
        for (int i = 0; i < cells.length; i++) {
            cells[i] = blank ? BLANK : Numbers.format(data[b.offset() + i], digits);
            width = Math.max(width, cells[i].length());
        }
        for (int r = 0; r < b.rows(); r++) {
            StringBuilder row = new StringBuilder("   ");
            for (int c = 0; c < b.cols(); c++) {
                String cell = cells[r * b.cols() + c];
                row.append(" ".repeat(width - cell.length() + 1)).append(cell);
            }
            line(row.toString());
        }
    }
}
