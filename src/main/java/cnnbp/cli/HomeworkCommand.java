package cnnbp.cli;

import cnnbp.grade.Tolerance;
import cnnbp.homework.GradesFolder;
import cnnbp.homework.HomeworkGrader;
import cnnbp.homework.HomeworkGrader.Row;
import cnnbp.homework.HomeworkMaker;
import cnnbp.homework.Manifest;
import cnnbp.homework.Roster;
import cnnbp.text.Numbers;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "homework", mixinStandardHelpOptions = true,
        header = "Makes a problem for every student of a class, and grades them.",
        description = {"Homework for a whole class: a different, well-posed problem for every student (make),",
                "and every submission graded into a gradebook in one run (grade)."},
        subcommands = {HomeworkCommand.Make.class, HomeworkCommand.Grade.class})
final class HomeworkCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "expected a subcommand: make or grade");
    }

    @Command(name = "make", mixinStandardHelpOptions = true,
        header = "Writes every student's variant, handouts and references.",
            description = {"Makes DIR/ID/ for every student of the roster: network.conf (the config with the",
                    "student's own numbers), handout.md, handout.tex, answers.yaml, reference.json; and",
                    "DIR/answer-key.md, DIR/manifest.json, DIR/run_autograder (Gradescope)."})
    static final class Make implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE",
                description = "The homework's network (a config; its variants: section sets the number ranges).")
        Path config;

        @Option(names = "--roster", required = true, paramLabel = "CSV",
                description = "The class list: a CSV with a header (a Canvas or Moodle export works).")
        Path roster;

        @Option(names = "--id-column", paramLabel = "NAME",
                description = "The student id column (default: the first of id, student_id, sis_id, sis_user_id,"
                        + " id_number, email, email_address).")
        String idColumn;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to make.")
        Path out;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
                description = "With the student id, seeds each variant (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--blank", paramLabel = "WHAT", defaultValue = "all",
                description = "What the students compute: forward, backward, all (default) or tensor names.")
        String blank;

        @Option(names = "--digits", paramLabel = "D", defaultValue = "4",
                description = "Significant digits in the handouts and answer key (1-17; default ${DEFAULT-VALUE}).")
        int digits;

        @Option(names = "--force", description = "Replace an existing DIR (made by homework make) whole.")
        boolean force;

        @Override
        public Integer call() {
            if (digits < 1 || digits > 17) throw new ParameterException(spec.commandLine(), "--digits must be 1 to 17, got " + digits);
            Roster r = Roster.read(roster, idColumn);
            HomeworkMaker.Made made = HomeworkMaker.make(config, r, out, seed, blank, digits, force, runningJar());
            PrintWriter o = spec.commandLine().getOut();
            o.println("Made " + made.students() + " variants of " + config + " in " + out + " (seed " + seed
                    + ", id column " + r.idColumn() + "; at most " + made.maxDraws() + " draws for one student).");
            o.println("Hand out " + out + "/ID/ except reference.json; keep answer-key.md.");
            o.flush();
            return Main.ExitCodes.OK;
        }

        /** The cnnbp jar this runs from, for the Gradescope autograder; null when run from classes. */
        private static Path runningJar() {
            try {
                Path p = Path.of(HomeworkCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
            } catch (URISyntaxException | SecurityException | NullPointerException e) {
                return null;
            }
        }
    }

    @Command(name = "grade", mixinStandardHelpOptions = true,
        header = "Grades a class's submissions into a gradebook.",
            description = {"Grades every student's submission (SUB/ID.yaml, SUB/ID/answers.yaml or",
                    "SUB/ID/submission/answers.yaml) against their reference; writes GRADES/gradebook.csv and",
                    "GRADES/reports/ID.txt. Exit code 0: all graded; 1: some submissions unusable (listed);",
                    "2: bad arguments."})
    static final class Grade implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder homework make made.")
        Path out;

        @Option(names = "--submissions", required = true, paramLabel = "SUB", description = "The students' answers.")
        Path submissions;

        @Option(names = "--grades", paramLabel = "GRADES",
                description = "Where to write (replaced whole; default DIR/grades).")
        Path grades;

        @Option(names = "--student", paramLabel = "ID", description = "Grade this student only (the autograder's way).")
        String student;

        @Mixin
        GradingOptions grading;

        @Option(names = "--gradescope", description = "Also write GRADES/gradescope/ID/results.json.")
        boolean gradescope;

        @Option(names = "--prairielearn", description = "Also write GRADES/prairielearn/ID/results.json.")
        boolean prairielearn;

        @Override
        public Integer call() {
            Tolerance tolerance = grading.tolerance(spec);
            Manifest.Read m = Manifest.read(out);
            List<Row> rows = HomeworkGrader.grade(m, submissions, tolerance, grading.ecfCredit, student);
            Path dir = grades != null ? grades : out.resolve("grades");
            GradesFolder.write(dir, m, rows, gradescope, prairielearn);
            List<Row> unusable = rows.stream().filter(r -> !r.usable()).toList();
            double total = rows.stream().filter(Row::usable).mapToDouble(r -> r.grade().score()).sum();
            PrintWriter o = spec.commandLine().getOut();
            o.println("Graded " + (rows.size() - unusable.size()) + " of " + rows.size() + " submissions against "
                    + out + " (" + m.assignment().size() + " points each; mean of those graded "
                    + (rows.size() == unusable.size() ? "-" : Numbers.format(total / (rows.size() - unusable.size()), 3))
                    + "): " + dir.resolve(GradesFolder.GRADEBOOK));
            if (!unusable.isEmpty()) {
                o.println(unusable.size() + " unusable (score 0):");
                for (Row r : unusable) o.println("  " + r.id() + ": " + r.reason());
            }
            o.flush();
            return unusable.isEmpty() ? Main.ExitCodes.OK : Main.ExitCodes.FAILED;
        }
    }
}
