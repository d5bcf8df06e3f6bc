package cnnbp.explain;

import cnnbp.text.Numbers;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * One factor of a term: an element of a tensor ({@code %}), a function of elements
 * ({@code σ(%)}, {@code (1 − %)}, {@code max(%, %, %, %)}) or a constant ({@code α}, {@code (1/4)}).
 * Each {@code %} of the template stands for the value of the next ref, so the same factor prints
 * with numbers ({@code σ(0.5)}) in the terminal and in the page.
 *
 * @param template the factor with a {@code %} for each ref's value, in order
 * @param value    what the factor is worth
 */
public record Factor(String template, List<Ref> refs, double value) {
    /** What stands for a ref's value in a template. */
    public static final char SLOT = '%';

    public Factor {
        refs = List.copyOf(refs);
        int slots = 0;
        for (int i = 0; i < template.length(); i++) if (template.charAt(i) == SLOT) slots++;
        if (slots != refs.size()) {
            throw new IllegalArgumentException(template + " has not " + refs.size() + " slots");
        }
    }

    /** The element itself. */
    static Factor of(Ref r) {
        return new Factor(String.valueOf(SLOT), List.of(r), r.value());
    }

    /** A function of elements, worth {@code value}. */
    static Factor of(String template, double value, Ref... refs) {
        return new Factor(template, List.of(refs), value);
    }

    /** A number that is no element: written as {@code text}. */
    static Factor constant(String text, double value) {
        return new Factor(text, List.of(), value);
    }

    /** True when the factor is one element, printed as its bare value. */
    public boolean isRef() {
        return template.length() == 1 && template.charAt(0) == SLOT;
    }

    /** The template with each slot replaced by its ref's value as {@code format} writes it. */
    public String text(DoubleFunction<String> format) {
        StringBuilder sb = new StringBuilder();
        int r = 0;
        for (char ch : template.toCharArray()) {
            if (ch == SLOT) sb.append(format.apply(refs.get(r++).value()));
            else sb.append(ch);
        }
        return sb.toString();
    }

    /** With {@code digits} significant digits, as the trace writes numbers. */
    public String text(int digits) {
        return text(v -> Numbers.format(v, digits));
    }
}
