package cnnbp.trace;

import cnnbp.tensor.Shapes;
import cnnbp.trace.Trace.Item;
import cnnbp.trace.Trace.Step;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The layout every trace document shares, walked once here: a heading; the forward pass layer by
 * layer (weights and bias, the output, a max pool's mask); Y and L; the backward pass from the loss
 * down. {@link TraceText}, {@link TraceMarkdown} and {@link TraceLatex} say how each piece looks.
 *
 * <p>A tensor named in {@code blanks} keeps its name, formula and shape, but its values are left
 * empty for a student to fill in; the mask of a blank pool output is left out, since it would show
 * where the maxima are.
 */
abstract class TraceDocument {
    final int digits;
    private final Set<String> blanks;
    private final StringBuilder sb = new StringBuilder();

    TraceDocument(int digits, Set<String> blanks) {
        this.digits = digits;
        this.blanks = blanks;
    }

    final String render(Trace t) {
        begin(t);
        section("Forward pass");
        item(t.x(), "the input", false);
        for (Step s : t.layers()) {
            layer(s);
            for (Trace.ParamItem p : s.params()) item(p.value(), label(p.key()), false);
            boolean blank = blanks.contains(s.output().name());
            item(s.output(), null, blank);
            if (s.mask() != null && !blank) item(s.mask(), null, false);
        }
        lossSection();
        item(t.y(), null, false);
        loss(t.lossRule(), t.loss(), blanks.contains("L"));
        section("Backward pass");
        for (Item it : t.backwardItems()) item(it, null, blanks.contains(it.name()));
        end();
        return sb.toString();
    }

    /** What a parameter is, beside its values: "weights" (W), "bias" (b), else its key. */
    private static String label(String key) {
        return switch (key) {
            case "W" -> "weights";
            case "b" -> "bias";
            default -> key;
        };
    }

    /** The title and the legend of names and symbols. */
    abstract void begin(Trace t);

    abstract void section(String title);

    /** The heading of a config layer, before its tensors. */
    abstract void layer(Step s);

    /** Before Y and L. */
    abstract void lossSection();

    /** A tensor under its formula (or its name and {@code what}, for X and parameters) and shape. */
    abstract void item(Item it, String what, boolean blank);

    /** L's formula and value. */
    abstract void loss(String rule, double value, boolean blank);

    abstract void end();

    final void line(String s) {
        sb.append(s).append('\n');
    }

    /** The formula that gives the tensor, or for X and parameters its name and what it is. */
    static String head(Item it, String what) {
        return it.rule() != null ? it.rule() : it.name() + (what != null ? ", " + what : "");
    }

    /** One 2-D piece of a tensor: rows x cols values from data[offset]; label says which, when there are several. */
    record Block(String label, int offset, int rows, int cols) {}

    /** How a tensor of one example's shape is laid out: a vector as one row, then matrix by matrix. */
    static List<Block> blocks(int[] s) {
        return switch (s.length) {
            case 0 -> List.of(new Block(null, 0, 1, 1));
            case 1 -> List.of(new Block(null, 0, 1, s[0]));
            case 2 -> List.of(new Block(null, 0, s[0], s[1]));
            case 3 -> IntStream.range(0, s[0])
                    .mapToObj(c -> new Block(s[0] > 1 ? "channel " + c : null, c * s[1] * s[2], s[1], s[2]))
                    .toList();
            case 4 -> IntStream.range(0, s[0] * s[1])
                    .mapToObj(fc -> new Block(s[0] * s[1] > 1 ? "filter " + fc / s[1] + ", channel " + fc % s[1] : null,
                            fc * s[2] * s[3], s[2], s[3]))
                    .toList();
            default -> throw new IllegalArgumentException("cannot lay out shape " + Shapes.toString(s));
        };
    }
}
