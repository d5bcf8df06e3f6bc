package cnnbp.trace;

import cnnbp.tensor.Shapes;
import cnnbp.trace.Trace.Item;
import cnnbp.trace.Trace.Step;
import java.util.List;

/** A trace as text for people: each tensor under its name, formula and shape, laid out as matrices. */
public final class TraceText {
    private final int digits;
    private final StringBuilder sb = new StringBuilder();

    private TraceText(int digits) {
        this.digits = digits;
    }

    public static String render(Trace t, int digits) {
        return new TraceText(digits).trace(t);
    }

    private String trace(Trace t) {
        List<Step> steps = t.layers();
        line("cnnbp trace of " + t.source() + ": one example, label " + Numbers.format(t.label(), 17)
                + ", loss " + t.lossKind().key);
        line("Names: X the input; the k-th conv or dense layer gives Zk from weights Wk and bias bk; an activation");
        line("after it gives Ak, a pool Pk, flatten F; Y the target, L the loss, dL/dT the derivative of L by T.");
        line("⋆ cross-correlation, · matrix product, ᵀ transpose, ⊙ element-wise product.");
        line("");
        line("Forward pass");
        line("============");
        item(t.x(), "the input");
        for (Step s : steps) {
            line("");
            line("-- layer " + s.index() + ": " + s.description());
            if (s.w() != null) {
                item(s.w(), "weights");
                item(s.b(), "bias");
            }
            item(s.output(), null);
            if (s.mask() != null) item(s.mask(), null);
        }
        line("");
        item(t.y(), null);
        line(t.lossRule() + " = " + Numbers.format(t.loss(), digits));
        line("");
        line("Backward pass");
        line("=============");
        for (int i = steps.size() - 1; i >= 0; i--) {
            Step s = steps.get(i);
            item(s.gradOutput(), null);
            if (s.dw() != null) {
                item(s.dw(), null);
                item(s.db(), null);
            }
        }
        return sb.toString();
    }

    private void item(Item it, String what) {
        String head = it.rule() != null ? it.rule() : it.name() + (what != null ? ", " + what : "");
        line(head + "    [" + Shapes.toString(it.shape()) + "]");
        int[] s = it.shape();
        double[] d = it.data();
        switch (s.length) {
            case 1 -> matrix(d, 0, 1, s[0]);
            case 2 -> matrix(d, 0, s[0], s[1]);
            case 3 -> {
                int plane = s[1] * s[2];
                for (int c = 0; c < s[0]; c++) {
                    if (s[0] > 1) line("  channel " + c);
                    matrix(d, c * plane, s[1], s[2]);
                }
            }
            case 4 -> {
                int plane = s[2] * s[3];
                for (int f = 0; f < s[0]; f++) {
                    for (int c = 0; c < s[1]; c++) {
                        if (s[0] * s[1] > 1) line("  filter " + f + ", channel " + c);
                        matrix(d, (f * s[1] + c) * plane, s[2], s[3]);
                    }
                }
            }
            default -> throw new IllegalArgumentException("cannot lay out shape " + Shapes.toString(s));
        }
    }

    /** rows x cols values from data[off], right-aligned in columns of one width. */
    private void matrix(double[] data, int off, int rows, int cols) {
        String[] cells = new String[rows * cols];
        int width = 1;
        for (int i = 0; i < cells.length; i++) {
            cells[i] = Numbers.format(data[off + i], digits);
            width = Math.max(width, cells[i].length());
        }
        for (int r = 0; r < rows; r++) {
            StringBuilder row = new StringBuilder("   ");
            for (int c = 0; c < cols; c++) {
                String cell = cells[r * cols + c];
                row.append(" ".repeat(width - cell.length() + 1)).append(cell);
            }
            line(row.toString());
        }
    }

    private void line(String s) {
        sb.append(s).append('\n');
    }
}
