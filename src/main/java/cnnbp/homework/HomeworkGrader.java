package cnnbp.homework;

import cnnbp.BadInputException;
import cnnbp.grade.Answers;
import cnnbp.grade.Answers.Answer;
import cnnbp.grade.Grader;
import cnnbp.grade.Grader.Grade;
import cnnbp.grade.Report;
import cnnbp.grade.Tolerance;
import cnnbp.homework.Manifest.Entry;
import cnnbp.trace.TraceJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code cnnbp homework grade}: every student on the manifest graded against their own reference,
 * in one run. A submission is found by the student's id: {@code SUB/ID.yaml} (or .yml, .json),
 * {@code SUB/ID/answers.yaml}, or Gradescope's {@code SUB/ID/submission/answers.yaml}. One that is
 * missing, cannot be read, or names tensors the reference does not have is a row with score 0 and
 * the reason; the run goes on.
 */
public final class HomeworkGrader {
    private HomeworkGrader() {}

    /** The names a submission may have, relative to the submissions folder, for student {@code id}. */
    static List<String> candidates(String id) {
        List<String> names = new ArrayList<>();
        for (String ext : List.of("yaml", "yml", "json")) names.add(id + "." + ext);
        for (String dir : List.of(id, id + "/submission")) {
            for (String ext : List.of("yaml", "yml", "json")) names.add(dir + "/answers." + ext);
        }
        return names;
    }

    /**
     * One student's result: the file graded (null when none was found), the grade (null when the
     * submission was unusable), the reason it was unusable, and the compare report.
     */
    public record Row(String id, Map<String, String> columns, Path file, Grade grade, String reason, String report) {
        public boolean usable() {
            return grade != null;
        }
    }

    /** The whole class (or the one student {@code only}, when not null), in the manifest's order. */
    public static List<Row> grade(Manifest.Read m, Path submissions, Tolerance tolerance, double ecfCredit, String only) {
        if (!Files.isDirectory(submissions)) throw new BadInputException(submissions + ": no such folder of submissions");
        List<Row> rows = new ArrayList<>();
        for (Entry s : m.students()) {
            if (only != null && !only.equals(s.id())) continue;
            rows.add(grade(m, s, submissions, tolerance, ecfCredit));
        }
        if (only != null && rows.isEmpty()) throw new BadInputException("--student " + only + ": not on the manifest's roster");
        return rows;
    }

    private static Row grade(Manifest.Read m, Entry s, Path submissions, Tolerance tolerance, double ecfCredit) {
        List<Path> found = new ArrayList<>();
        for (String name : candidates(s.id())) {
            Path p = submissions.resolve(name);
            if (Files.isRegularFile(p)) found.add(p);
        }
        if (found.isEmpty()) {
            return new Row(s.id(), s.columns(), null, null, "no submission: expected " + submissions.resolve(s.id() + ".yaml")
                    + " or " + submissions.resolve(s.id() + "/answers.yaml"), null);
        }
        if (found.size() > 1) {
            return new Row(s.id(), s.columns(), found.get(0), null, "more than one submission: " + found.get(0) + " and "
                    + found.get(1) + "; expected one", null);
        }
        Path file = found.get(0);
        Path reference = m.dir().resolve(s.files().getOrDefault("reference_json", s.id() + "/" + HomeworkMaker.REFERENCE));
        try {
            byte[] bytes = Files.readAllBytes(reference);
            if (!Manifest.sha256(bytes).equals(s.referenceSha256())) {
                return new Row(s.id(), s.columns(), file, null, reference + ": changed since homework make (its SHA-256"
                        + " is not the manifest's); make the homework again", null);
            }
        } catch (IOException e) {
            return new Row(s.id(), s.columns(), file, null, reference + ": cannot read the reference", null);
        }
        try {
            TraceJson.Replay ref = TraceJson.read(reference);
            Map<String, Answer> answers = Answers.read(file, ref.trace());
            Set<String> assignment = m.assignment();
            Grade g = Grader.grade(ref.net(), ref.trace(), answers, tolerance, ecfCredit, assignment);
            return new Row(s.id(), s.columns(), file, g, null, Report.text(g, ref.trace(), reference.toString(), file.toString()));
        } catch (BadInputException e) {
            return new Row(s.id(), s.columns(), file, null, e.getMessage(), null);
        }
    }
}
