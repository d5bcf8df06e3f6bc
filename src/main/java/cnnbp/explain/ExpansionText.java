package cnnbp.explain;

import cnnbp.text.Numbers;
import java.util.ArrayList;
import java.util.List;

/**
 * An expansion as lines for people, the same in the terminal and in the page:
 * <pre>
 * dL/dW1[0,0,1,1] = Σ_{i,j} X[0,i+1,j+1]·dL/dZ1[0,i,j]
 *   = 7·0 + 8·0.2 + …
 *   = 32.4
 *   (a note, if any)
 * </pre>
 * An element that is not expanded reads {@code W1[0,0,1,1] = 0.4} and the note.
 */
public final class ExpansionText {
    private ExpansionText() {}

    public static List<String> lines(Expansion e, int digits) {
        List<String> lines = new ArrayList<>();
        if (!e.expanded()) {
            lines.add(e.target() + " = " + Numbers.format(e.target().value(), digits));
        } else {
            lines.add(e.target() + " = " + e.rule());
            lines.add("  = " + e.numbers(v -> Numbers.format(v, digits)));
            lines.add("  = " + Numbers.format(e.result(), digits));
        }
        if (e.note() != null) lines.add("  " + e.note());
        return lines;
    }

    public static String render(Expansion e, int digits) {
        return String.join("\n", lines(e, digits)) + "\n";
    }
}
