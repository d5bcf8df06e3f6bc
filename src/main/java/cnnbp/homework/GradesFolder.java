package cnnbp.homework;

import cnnbp.BadInputException;
import cnnbp.homework.HomeworkGrader.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where grading writes, replaced whole on every run: {@code gradebook.csv}, {@code reports/ID.txt}
 * (the compare report, or why the submission was not graded), and on request
 * {@code gradescope/ID/results.json} and {@code prairielearn/ID/results.json}.
 */
public final class GradesFolder {
    public static final String GRADEBOOK = "gradebook.csv";

    private GradesFolder() {}

    public static void write(Path dir, Manifest.Read m, List<Row> rows, boolean gradescope, boolean prairielearn) {
        Folders.checkReplaceable(dir, true, GRADEBOOK, "a grades folder");
        Path tmp = Folders.tempBeside(dir);
        try {
            Files.writeString(tmp.resolve(GRADEBOOK), Gradebook.csv(m.columns(), m.assignment(), rows));
            Path reports = Files.createDirectories(tmp.resolve("reports"));
            for (Row r : rows) {
                Files.writeString(reports.resolve(r.id() + ".txt"), r.usable() ? r.report() : "Not graded: " + r.reason() + "\n");
                if (gradescope) {
                    Files.writeString(Files.createDirectories(tmp.resolve("gradescope").resolve(r.id())).resolve("results.json"),
                            Gradebook.gradescope(r, m.assignment()));
                }
                if (prairielearn) {
                    Files.writeString(Files.createDirectories(tmp.resolve("prairielearn").resolve(r.id())).resolve("results.json"),
                            Gradebook.prairielearn(r, m.assignment()));
                }
            }
            Folders.swapIn(tmp, dir);
        } catch (IOException e) {
            Folders.deleteQuietly(tmp);
            throw new BadInputException(dir + ": cannot write the grades: " + e.getMessage(), e);
        }
    }
}
