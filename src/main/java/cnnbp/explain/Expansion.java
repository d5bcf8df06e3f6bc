package cnnbp.explain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleFunction;

/**
 * How one element of a trace was computed: its rule with the element's own indices
 * ({@code dL/dW1[0,0,1,1] = Σ_{i,j} X[0,i+1,j+1]·dL/dZ1[0,i,j]}), and the sum of products that
 * rule stands for, with the actual numbers. {@link #result} is worked out from the terms, not
 * copied from the trace, so that it can be checked against the trace's value.
 *
 * <p>An element that is given (X, W, b, Y) or made by a layer type this package has no rule for
 * is not expanded: {@link #rule} is null, there are no terms, the result is NaN and the note says why.
 *
 * @param target the element, with its value in the trace
 * @param rule   the right-hand side with the element's indices, or null when not expanded
 * @param terms  summed; each is a product of factors (an empty sum is 0)
 * @param note   a remark for the reader ("no window's maximum sits here"), or null; never a number
 *               of the trace, since a handout may leave the numbers out
 */
public record Expansion(Ref target, String rule, List<Term> terms, String note) {
    /** A product of factors. */
    public record Term(List<Factor> factors) {
        public Term {
            factors = List.copyOf(factors);
        }

        static Term of(Factor... factors) {
            return new Term(List.of(factors));
        }

        public double value() {
            double p = 1;
            for (Factor f : factors) p *= f.value();
            return p;
        }
    }

    public Expansion {
        terms = List.copyOf(terms);
    }

    /** An element that is not worked out from others, and why. */
    static Expansion notExpanded(Ref target, String note) {
        return new Expansion(target, null, List.of(), note);
    }

    public boolean expanded() {
        return rule != null;
    }

    /** The sum of the terms' products, in order (NaN when not expanded). */
    public double result() {
        if (!expanded()) return Double.NaN;
        double sum = 0;
        for (Term t : terms) sum += t.value();
        return sum;
    }

    /**
     * The terms with their numbers: {@code 7·0 + 8·0.2 + 9·(-0.1)}. A negative value is put in
     * parentheses where it follows another factor or a {@code +}; an empty sum is {@code 0}.
     */
    public String numbers(DoubleFunction<String> format) {
        if (terms.isEmpty()) return "0";
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < terms.size(); t++) {
            if (t > 0) sb.append(" + ");
            List<Factor> fs = terms.get(t).factors();
            for (int f = 0; f < fs.size(); f++) {
                if (f > 0) sb.append('·');
                String text = fs.get(f).text(format);
                boolean wrap = text.startsWith("-") && (t > 0 || f > 0 || fs.size() > 1);
                sb.append(wrap ? "(" + text + ")" : text);
            }
        }
        return sb.toString();
    }

    /** Every element the target was made from, each once, in the order the terms read them. */
    public List<Ref> sources() {
        Set<String> seen = new LinkedHashSet<>();
        List<Ref> refs = new ArrayList<>();
        for (Term t : terms) {
            for (Factor f : t.factors()) {
                for (Ref r : f.refs()) if (seen.add(r.toString())) refs.add(r);
            }
        }
        return refs;
    }
}
