package cnnbp.trace;

import cnnbp.text.Numbers;
import cnnbp.tensor.Shapes;
import cnnbp.trace.Trace.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The skeleton of an answers file for {@code cnnbp compare}: each asked-for tensor under its
 * formula, as nested lists of null in one example's shape, ready for a student to fill in. A null
 * left in place is graded "not answered".
 * <pre>
 * # Z1 = W1 ⋆ X + b1    [1x2x2]
 * Z1: [[[null, null],
 *       [null, null]]]
 * </pre>
 */
public final class AnswersTemplate {
    private AnswersTemplate() {}

    /** The template for the tensors named in {@code names}, in the order the passes compute them. */
    public static String render(Trace t, Set<String> names) {
        StringBuilder sb = new StringBuilder();
        if (t.batch() == 1) {
            sb.append("# Answers for ").append(t.source()).append(" (label ").append(Numbers.format(t.label(), 17))
                    .append("), to be graded with: cnnbp compare REFERENCE.json THIS_FILE\n")
                    .append("# Replace each null with a number. Every tensor has one example's shape, as written here;\n");
        } else {
            sb.append("# Answers for ").append(t.source()).append(" (a batch of ").append(t.batch()).append(" examples),")
                    .append(" to be graded with: cnnbp compare REFERENCE.json THIS_FILE\n")
                    .append("# Replace each null with a number. Every tensor has its shape as written here: the first index\n")
                    .append("# of X, Y, every layer's output and derivative is the example m; W, b and their gradients have\n")
                    .append("# their own shapes, dL/dW summed over the examples;\n");
        }
        sb.append("# a flat row-major list works too. Leave null what you did not compute.\n");
        List<Item> items = new ArrayList<>(t.forwardItems());
        items.addAll(t.backwardItems());
        for (Item it : items) {
            if (!names.contains(it.name())) continue;
            String key = it.name().contains("'") ? "\"" + it.name() + "\"" : it.name();
            sb.append("\n# ").append(it.rule())
                    .append(it.shape().length == 0 ? "" : "    [" + Shapes.toString(it.shape()) + "]").append('\n');
            sb.append(key).append(": ");
            nulls(sb, it.shape(), 0, key.length() + 2);
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Nested lists of null for shape[depth...], the innermost on one line, the others aligned below their '['. */
    private static void nulls(StringBuilder sb, int[] shape, int depth, int column) {
        if (depth == shape.length) {
            sb.append("null");
            return;
        }
        sb.append('[');
        for (int i = 0; i < shape[depth]; i++) {
            if (i > 0) sb.append(depth == shape.length - 1 ? ", " : ",\n" + " ".repeat(column + depth + 1));
            nulls(sb, shape, depth + 1, column);
        }
        sb.append(']');
    }
}
