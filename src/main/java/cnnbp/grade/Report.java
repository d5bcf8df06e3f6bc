package cnnbp.grade;

import cnnbp.grade.Grader.Grade;
import cnnbp.grade.Grader.Kind;
import cnnbp.grade.Grader.Verdict;
import cnnbp.grade.Grader.Wrong;
import cnnbp.text.Numbers;
import cnnbp.trace.Trace;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A grade for people (one line per tensor: ✓, ✗, (✓) for correct given earlier answers, – for not
 * answered; the first wrong elements; the score) and for gradebook scripts (the {@code
 * cnnbp-compare/1} JSON, documented in docs/formats.md).
 */
public final class Report {
    public static final String FORMAT = "cnnbp-compare/1";
    /** Wrong elements listed per tensor in the text; the JSON lists them all. */
    static final int SHOWN = 3;
    private static final int DIGITS = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Report() {}

    /** "label 1", or for a batch "a batch of 3, labels 1, 0, 2". */
    private static String labels(Trace t) {
        if (t.batch() == 1) return "label " + Numbers.format(t.label(), 17);
        StringBuilder sb = new StringBuilder("a batch of " + t.batch() + ", labels ");
        for (int m = 0; m < t.batch(); m++) sb.append(m > 0 ? ", " : "").append(Numbers.format(t.labels()[m], 17));
        return sb.toString();
    }

    public static String text(Grade g, Trace reference, String referenceFile, String answersFile) {
        StringBuilder sb = new StringBuilder();
        sb.append("cnnbp compare: ").append(answersFile).append(" against ").append(referenceFile).append(" (")
                .append(reference.source()).append(", ").append(labels(reference))
                .append(", loss ").append(reference.lossKind().key).append(")\n");
        sb.append("An element is right when ").append(g.tolerance().describe()).append(".\n\n");
        Set<String> given = reference.givenItems().stream().map(Trace.Item::name).collect(Collectors.toSet());
        int width = g.verdicts().stream().mapToInt(v -> v.name().length()).max().orElse(0);
        for (Verdict v : g.verdicts()) {
            String mark = switch (v.kind()) {
                case CORRECT -> "✓";
                case CORRECT_GIVEN -> "(✓)";
                case WRONG -> "✗";
                case NOT_ANSWERED -> "–";
            };
            String detail = v.scored() ? detail(v) : (detail(v) + (given.contains(v.name()) ? " (given: not scored)"
                    : " (not asked: not scored)")).strip();
            sb.append(String.format(Locale.ROOT, "%-4s %-" + width + "s  %s", mark, v.name(), detail).stripTrailing())
                    .append('\n');
        }
        sb.append('\n').append(score(g)).append('\n');
        return sb.toString();
    }

    /** What the text report says of a tensor after its name: "", "not answered", "correct given your Z1", "1 of 4 wrong: ...". */
    public static String detail(Verdict v) {
        return switch (v.kind()) {
            case CORRECT -> "";
            case NOT_ANSWERED -> "not answered";
            case CORRECT_GIVEN -> "correct given your " + names(v.given());
            case WRONG -> {
                int size = Arrays.stream(v.shape()).reduce(1, (x, y) -> x * y);
                List<Wrong> wrong = v.wrong().stream().filter(w -> w.got() != null).toList();
                List<Wrong> empty = v.wrong().stream().filter(w -> w.got() == null).toList();
                List<String> parts = new ArrayList<>();
                if (!wrong.isEmpty()) {
                    parts.add(wrong.size() + " of " + size + " wrong: " + first(wrong, "; ", w -> index(w) + "expected "
                            + Numbers.format(w.expected(), DIGITS) + ", got " + Numbers.format(w.got(), DIGITS)));
                }
                if (!empty.isEmpty()) parts.add(empty.size() + " of " + size + " left empty: " + first(empty, ", ", w -> index(w).strip()));
                if (!v.given().isEmpty()) {
                    parts.add("Not what your " + names(v.given()) + (v.given().size() > 1 ? " give" : " gives") + " either");
                }
                yield String.join(". ", parts);
            }
        };
    }

    /** The first few elements, and how many more. */
    private static String first(List<Wrong> elements, String separator, Function<Wrong, String> show) {
        String shown = elements.stream().limit(SHOWN).map(show).collect(Collectors.joining(separator));
        return elements.size() > SHOWN ? shown + " (and " + (elements.size() - SHOWN) + " more)" : shown;
    }

    /** "[0,1,2] ", or "" for a single number. */
    private static String index(Wrong w) {
        return w.index().length == 0 ? "" : Arrays.stream(w.index()).mapToObj(Integer::toString)
                .collect(Collectors.joining(",", "[", "] "));
    }

    /** "Z1", "Z1 and A1", "Z1, A1 and dL/dP1". */
    private static String names(List<String> names) {
        if (names.size() == 1) return names.get(0);
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private static String score(Grade g) {
        if (g.max() == 0) return "Score: nothing to score (only given tensors were answered).";
        return String.format(Locale.ROOT, "Score: %s of %d (%.1f%%): %d correct, %d correct given earlier answers"
                        + " (%s point each), %d wrong, %d not answered.", Numbers.format(g.score(), DIGITS), g.max(),
                100 * g.score() / g.max(), g.count(Kind.CORRECT), g.count(Kind.CORRECT_GIVEN),
                Numbers.format(g.ecfCredit(), DIGITS), g.count(Kind.WRONG), g.count(Kind.NOT_ANSWERED));
    }

    public static String json(Grade g, String referenceFile, String answersFile) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("reference", referenceFile);
        root.put("answers", answersFile);
        ObjectNode tol = root.putObject("tolerance");
        tol.put("atol", g.tolerance().atol());
        if (g.tolerance().digits() > 0) tol.put("digits", g.tolerance().digits());
        else tol.put("rtol", g.tolerance().rtol());
        root.put("ecf_credit", g.ecfCredit());
        root.put("score", g.score());
        root.put("max_score", g.max());
        root.put("all_correct", g.allCorrect());
        ArrayNode tensors = root.putArray("tensors");
        for (Verdict v : g.verdicts()) {
            ObjectNode t = tensors.addObject();
            t.put("name", v.name());
            t.put("verdict", v.kind().name().toLowerCase(Locale.ROOT));
            t.put("scored", v.scored());
            t.put("points", v.points());
            if (!v.given().isEmpty()) {
                ArrayNode given = t.putArray("given");
                v.given().forEach(given::add);
            }
            if (v.empty() > 0) t.put("empty", v.empty());
            if (!v.wrong().isEmpty()) {
                ArrayNode wrong = t.putArray("wrong");
                for (Wrong w : v.wrong()) {
                    ObjectNode e = wrong.addObject();
                    ArrayNode index = e.putArray("index");
                    for (int i : w.index()) index.add(i);
                    e.put("expected", w.expected());
                    if (w.got() == null) e.putNull("got");
                    else e.put("got", w.got());
                }
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
