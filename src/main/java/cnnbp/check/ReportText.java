package cnnbp.check;

import cnnbp.tensor.Shapes;
import cnnbp.text.Numbers;
import java.util.List;
import java.util.Locale;

/**
 * The text report: per network, one row per tensor, then the failures (each with the command that
 * reproduces it), the kinks and the all-zero warnings; last, one summary line with the time taken.
 */
public final class ReportText {
    /** Failing elements and kinks listed per tensor; the JSON report lists them all. */
    static final int LIST = 10;
    private static final String ROW = "%5s  %-8s %-6s %-12s %8s %5s  %-9s %-9s  %-18s %-17s %-17s %s%n";

    private ReportText() {}

    public static String render(Report r) {
        StringBuilder sb = new StringBuilder();
        for (NetworkResult n : r.networks()) {
            sb.append(String.format(Locale.ROOT, "%s: %s, loss %s, L = %s%n", n.name(), n.inputs(), n.loss(),
                    Numbers.format(n.lossValue(), 10)));
            sb.append(String.format(Locale.ROOT, ROW, "layer", "type", "tensor", "shape", "checked", "zero",
                    "max rel", "mean rel", "worst element", "analytic", "numeric", "verdict"));
            for (TensorResult t : n.tensors()) {
                ElementResult w = t.worst();
                sb.append(String.format(Locale.ROOT, ROW, t.layer(), t.type(), t.name(), Shapes.toString(t.shape()),
                        t.checked() + (t.checked() < t.size() ? "/" + t.size() : ""), percent(t.zeros(), t.checked()),
                        e3(t.maxRelError()), e3(t.meanRelError()), w == null ? "" : Selector.element(t.name(), w.index()),
                        w == null ? "" : Numbers.format(w.analytic(), 10), w == null ? "" : Numbers.format(w.numeric(), 10),
                        verdict(t, r.options().rtol())));
            }
            details(sb, n);
            sb.append('\n');
        }
        sb.append(summary(r)).append('\n');
        return sb.toString();
    }

    private static void details(StringBuilder sb, NetworkResult n) {
        if (n.blame() != null) sb.append(n.blame()).append('\n');
        for (TensorResult t : n.tensors()) {
            List<ElementResult> fails = t.failures();
            for (ElementResult e : fails.subList(0, Math.min(LIST, fails.size()))) {
                sb.append("FAIL ").append(Selector.element(t.name(), e.index())).append(": analytic ")
                        .append(Numbers.format(e.analytic(), 10)).append(", ");
                if (e.kink()) {
                    sb.append("at a kink: ").append(kinkText(t, e));
                } else {
                    sb.append("numeric ").append(Numbers.format(e.numeric(), 10)).append(", rel error ").append(e3(e.relError()));
                }
                sb.append("\n  reproduce: ").append(Report.reproduce(n, t.name(), e.index())).append('\n');
            }
            if (fails.size() > LIST) {
                sb.append("  ... and ").append(fails.size() - LIST).append(" more failures in ").append(t.name())
                        .append(" (--format json lists every element)\n");
            }
        }
        for (TensorResult t : n.tensors()) {
            List<ElementResult> kinks = t.elements().stream().filter(e -> e.status() == Status.KINK).toList();
            for (ElementResult e : kinks.subList(0, Math.min(LIST, kinks.size()))) {
                sb.append("kink ").append(Selector.element(t.name(), e.index())).append(": analytic ")
                        .append(Numbers.format(e.analytic(), 10)).append(", ").append(kinkText(t, e)).append("; central ")
                        .append(Numbers.format(e.central(), 10)).append('\n');
            }
            if (kinks.size() > LIST) sb.append("  ... and ").append(kinks.size() - LIST).append(" more kinks in ").append(t.name()).append('\n');
        }
        for (TensorResult t : n.tensors()) {
            if (t.allZero()) {
                sb.append("warning: ").append(t.name()).append(": all ").append(t.checked()).append(" checked elements are")
                        .append(" zero in both gradients (|a|, |n| ≤ ").append(e3(t.floor()))
                        .append("): it passes without testing anything\n");
            }
        }
    }

    /** What an element at a kink was compared with. */
    static String kinkText(TensorResult t, ElementResult e) {
        String oneSided = "one-sided differences " + Numbers.format(e.left(), 10) + " (θ−h) and "
                + Numbers.format(e.right(), 10) + " (θ+h)";
        if (e.side() == 0) return oneSided + "; kinks on both sides, so no difference can judge it";
        return oneSided + "; the " + (e.side() < 0 ? "θ−h" : "θ+h") + " side is smooth, its derivative "
                + Numbers.format(e.numeric(), 10) + (t.zero(e) ? ", both within the floor " + e3(t.floor()) + " of 0"
                : ", rel error " + e3(e.relError()));
    }

    /** "ok", "FAIL (3)", ...; an ok whose max rel error is above rtol passed on the absolute floor and says so. */
    private static String verdict(TensorResult t, double rtol) {
        String v = t.failed() > 0 ? "FAIL (" + t.failed() + ")" : t.allZero() ? "ok, ALL ZERO"
                : t.maxRelError() > rtol ? "ok, |a − n| ≤ " + e3(t.floor()) : "ok";
        if (t.kinks() == 0) return v;
        return v + ", " + t.kinks() + " kink" + (t.kinks() == 1 ? "" : "s") + (t.unjudged() > 0 ? " (" + t.unjudged() + " not judged)" : "");
    }

    /**
     * The last line: the verdict, what was checked, and the time taken. A pass says first how much
     * of it went unjudged: "passed (19 of 74 not judged: kinks on both sides): ...".
     */
    public static String summary(Report r) {
        String networks = r.networks().size() > 1 ? " in " + r.networks().size() + " networks" : "";
        String kinks = r.kinks() == 0 ? "" : String.format(Locale.ROOT, ", %,d at kinks", r.kinks());
        String zero = r.allZero().isEmpty() ? "" : "; all zero, so untested: " + String.join(", ", r.allZero());
        String time = String.format(Locale.ROOT, ", in %.2f s", r.seconds());
        if (r.passed()) {
            String unjudged = r.unjudged() == 0 ? "" : " (" + r.unjudgedText() + ")";
            return String.format(Locale.ROOT, "passed%s: %,d elements of %d tensors%s%s%s%s", unjudged, r.checked(),
                    r.tensors(), networks, kinks, time, zero);
        }
        if (r.failed() == 0) {  // every judged element agrees, but too few were judged
            return String.format(Locale.ROOT, "FAILED: %s (%s), more than the %s allowed; %,d elements of %d tensors%s%s%s%s",
                    r.unjudgedText(), percent((int) r.unjudged(), (int) r.checked()), percent(r.maxUnjudged()),
                    r.checked(), r.tensors(), networks, kinks, time, zero);
        }
        String unjudged = r.unjudged() == 0 ? "" : String.format(Locale.ROOT, " (%,d with kinks on both sides, not judged)", r.unjudged());
        long bad = r.networks().stream().flatMap(n -> n.tensors().stream()).filter(t -> !t.passed()).count();
        return String.format(Locale.ROOT, "FAILED: %,d of %,d elements disagree, in %d of %d tensors%s%s%s%s%s", r.failed(),
                r.checked(), bad, r.tensors(), networks, kinks, unjudged, time, zero);
    }

    private static String percent(double fraction) {
        return Numbers.format(100 * fraction, 3) + "%";
    }

    static String percent(int part, int whole) {
        return whole == 0 ? "" : Math.round(100.0 * part / whole) + "%";
    }

    static String e3(double v) {
        return Double.isNaN(v) ? "nan" : v == 0 ? "0" : String.format(Locale.ROOT, "%.2e", v);
    }
}
