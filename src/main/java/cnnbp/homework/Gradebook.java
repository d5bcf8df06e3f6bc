package cnnbp.homework;

import cnnbp.grade.Grader.Grade;
import cnnbp.grade.Grader.Kind;
import cnnbp.grade.Grader.Verdict;
import cnnbp.grade.Report;
import cnnbp.homework.HomeworkGrader.Row;
import cnnbp.text.Numbers;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * What grading writes: {@code gradebook.csv} (the roster's columns, score, max, one column of points
 * per tensor of the assignment, status and reason); Gradescope's autograder {@code results.json}
 * ({@code score}, {@code output}, {@code visibility}, {@code tests} with {@code name}, {@code score},
 * {@code max_score}, {@code output}, {@code visibility}); PrairieLearn's external grader results
 * ({@code gradable}, {@code score} in [0, 1], {@code message}, {@code output}, {@code tests} with
 * {@code name}, {@code points}, {@code max_points}, {@code message}).
 */
public final class Gradebook {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Gradebook() {}

    public static String csv(List<String> columns, Set<String> assignment, List<Row> rows) {
        List<String> header = new ArrayList<>(columns);
        header.addAll(List.of("score", "max"));
        header.addAll(assignment);
        header.addAll(List.of("status", "reason"));
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
            csv.printRecord(header);
            for (Row r : rows) {
                List<String> cells = new ArrayList<>();
                for (String c : columns) cells.add(r.columns().getOrDefault(c, ""));
                cells.add(r.usable() ? Numbers.format(r.grade().score(), 6) : "0");
                cells.add(Integer.toString(assignment.size()));
                Map<String, Verdict> byName = verdicts(r.grade());
                for (String t : assignment) {
                    Verdict v = byName.get(t);
                    cells.add(v == null ? (r.usable() ? "0" : "") : Numbers.format(v.points(), 6));
                }
                cells.add(r.usable() ? "graded" : "unusable");
                cells.add(r.usable() ? "" : r.reason());
                csv.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Map<String, Verdict> verdicts(Grade g) {
        Map<String, Verdict> m = new HashMap<>();
        if (g != null) for (Verdict v : g.verdicts()) if (v.scored()) m.put(v.name(), v);
        return m;
    }

    /** "correct", "correct given your Z1", "not answered", "wrong: 1 of 4 wrong: [0,1] expected 2, got 3". */
    static String message(Verdict v) {
        String detail = Report.detail(v);
        return switch (v.kind()) {
            case CORRECT -> "correct";
            case WRONG -> "wrong: " + detail;
            default -> detail;
        };
    }

    public static String gradescope(Row r, Set<String> assignment) {
        ObjectNode root = JSON.createObjectNode();
        root.put("score", r.usable() ? r.grade().score() : 0);
        root.put("visibility", "visible");
        root.put("output", r.usable() ? r.report() : "Not graded: " + r.reason());
        ArrayNode tests = root.putArray("tests");
        Map<String, Verdict> byName = verdicts(r.grade());
        for (String t : assignment) {
            Verdict v = byName.get(t);
            ObjectNode o = tests.addObject();
            o.put("name", t);
            o.put("score", v == null ? 0 : v.points());
            o.put("max_score", 1);
            o.put("output", v == null ? "not graded" : message(v));
            o.put("visibility", "visible");
        }
        return render(root);
    }

    public static String prairielearn(Row r, Set<String> assignment) {
        ObjectNode root = JSON.createObjectNode();
        root.put("gradable", r.usable());
        root.put("score", r.usable() ? r.grade().score() / assignment.size() : 0);
        root.put("message", r.usable() ? String.format(java.util.Locale.ROOT, "%s of %d: %d correct, %d correct given"
                        + " earlier answers, %d wrong, %d not answered", Numbers.format(r.grade().score(), 6), assignment.size(),
                r.grade().count(Kind.CORRECT), r.grade().count(Kind.CORRECT_GIVEN), r.grade().count(Kind.WRONG),
                r.grade().count(Kind.NOT_ANSWERED)) : r.reason());
        root.put("output", r.usable() ? r.report() : r.reason());
        ArrayNode tests = root.putArray("tests");
        Map<String, Verdict> byName = verdicts(r.grade());
        for (String t : assignment) {
            Verdict v = byName.get(t);
            ObjectNode o = tests.addObject();
            o.put("name", t);
            o.put("points", v == null ? 0 : v.points());
            o.put("max_points", 1);
            o.put("message", v == null ? "not graded" : message(v));
        }
        return render(root);
    }

    private static String render(ObjectNode root) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
