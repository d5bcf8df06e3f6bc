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
    /** What stands in a left-out formula. */
    private static final String BLANK_FORMULA = "_".repeat(16);
    /** How far a wrapped row's continuation lines are indented, past the row's own indent. */
    private static final String CONTINUATION = "   ";

    private TraceText(int digits, Set<String> blanks, boolean perExample, Handout handout) {
        super(digits, blanks, perExample, handout);
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
        return render(t, digits, blanks, perExample, Handout.PLAIN);
    }

    /** As {@link #render(Trace, int, Set, boolean)}, dressed as {@code handout} says. */
    public static String render(Trace t, int digits, Set<String> blanks, boolean perExample, Handout handout) {
        return new TraceText(digits, blanks, perExample, handout).render(t);
    }

    @Override
    void begin(Trace t) {
        String examples = TraceDocument.examples(t);
        line(handout.title(t.source()) + ": " + Character.toLowerCase(examples.charAt(0)) + examples.substring(1)
                + ", loss " + t.lossKind().key);
        if (handout.instructions() != null) {
            line("");
            line(handout.instructions().stripTrailing());
            line("");
        }
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
        String head = head(it, what);
        line((head != null ? head : it.name() + " = " + BLANK_FORMULA) + "    [" + Shapes.toString(it.shape()) + "]");
        for (Block b : blocks(it)) {
            if (b.label() != null) line("  " + b.label());
            matrix(it.data(), b, blank);
        }
    }

    @Override
    void note(String text) {
        line(text);
    }

    @Override
    void loss(String rule, double value, boolean blank) {
        line((rule != null ? rule : "L = " + BLANK_FORMULA) + " = " + (blank ? BLANK : Numbers.format(value, digits)));
    }

    @Override
    void end() {}

    /**
     * The block's values, right-aligned in columns of one width. A row longer than the handout's width
     * wraps: every row breaks after the same columns, each continuation line indented a little further,
     * so the pieces of the rows still stand in columns and each row's first line stands out.
     */
    private void matrix(double[] data, Block b, boolean blank) {
        String[] cells = new String[b.rows() * b.cols()];
        int width = 1;
        for (int i = 0; i < cells.length; i++) {
            cells[i] = blank ? BLANK : Numbers.format(data[b.offset() + i], digits);
            width = Math.max(width, cells[i].length());
        }
        String indent = "   ";
        int perLine = b.cols();
        if (handout.width() > 0 && indent.length() + b.cols() * (width + 1) > handout.width()) {
            perLine = Math.max(1, (handout.width() - indent.length() - CONTINUATION.length()) / (width + 1));
        }
        for (int r = 0; r < b.rows(); r++) {
            StringBuilder row = new StringBuilder(indent);
            for (int c = 0; c < b.cols(); c++) {
                if (c > 0 && c % perLine == 0) {
                    line(row.toString());
                    row = new StringBuilder(indent + CONTINUATION);
                }
                String cell = cells[r * b.cols() + c];
                row.append(" ".repeat(width - cell.length() + 1)).append(cell);
            }
            line(row.toString());
        }
    }
}
