package cnnbp.homework;

import cnnbp.BadInputException;
import cnnbp.homework.Roster.Student;
import cnnbp.homework.Variants.Variant;
import cnnbp.trace.AnswersTemplate;
import cnnbp.trace.Blanks;
import cnnbp.trace.Handout;
import cnnbp.trace.Trace;
import cnnbp.trace.TraceJson;
import cnnbp.trace.TraceLatex;
import cnnbp.trace.TraceMarkdown;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code cnnbp homework make}: a folder with every student's problem.
 * <pre>
 * DIR/manifest.json      the seed, the config's SHA-256, the roster, the assignment, each student's files
 * DIR/answer-key.md      every variant's numbers, for the teacher
 * DIR/run_autograder     Gradescope's autograder entry point (with setup.sh)
 * DIR/ID/network.conf    the student's config
 * DIR/ID/handout.md      the handout, the assignment's tensors left blank (and handout.tex for pdflatex)
 * DIR/ID/answers.yaml    the answers template
 * DIR/ID/reference.json  cnnbp trace --format json of network.conf: kept by the teacher
 * </pre>
 * The folder is built beside DIR and renamed into place, so DIR is never half written; an existing
 * DIR is replaced only when asked, and only if it is a homework folder.
 */
public final class HomeworkMaker {
    public static final String CONFIG = "network.conf", HANDOUT_MD = "handout.md", HANDOUT_TEX = "handout.tex",
            ANSWERS = "answers.yaml", REFERENCE = "reference.json";

    private HomeworkMaker() {}

    /** What was made: the number of students and the most draws one of them needed. */
    public record Made(int students, int maxDraws) {}

    /**
     * Makes DIR {@code out} for every student of the roster. {@code jar}, when not null, is copied in as
     * cnnbp.jar for Gradescope's autograder.
     */
    public static Made make(Path configFile, Roster roster, Path out, long seed, String blank, int digits, boolean force,
                            Path jar) {
        byte[] configBytes = Folders.read(configFile, "config");
        String yaml = new String(configBytes, StandardCharsets.UTF_8);
        if (yaml.startsWith("\uFEFF")) yaml = yaml.substring(1);
        Variants variants = new Variants(yaml, configFile, seed);
        Folders.checkReplaceable(out, force);
        Path tmp = Folders.tempBeside(out);
        try {
            List<Variant> made = new ArrayList<>();
            ObjectNode manifest = Manifest.start(seed, configFile, configBytes, roster, blank, digits);
            ArrayNode students = manifest.putArray("students");
            Set<String> assignment = null;
            StringBuilder key = new StringBuilder("# Answer key\n\nEvery student's variant of `" + configFile.getFileName()
                    + "` (seed " + seed + "), all values shown. Not for students.\n");
            int maxDraws = 0;
            for (Student s : roster.students()) {
                Variant v = variants.of(s.id(), out.resolve(s.id()).resolve(CONFIG));
                Trace clean = Clean.of(v.trace());
                Set<String> blanks = Blanks.parse(blank, v.trace());
                if (assignment == null) {
                    assignment = blanks;
                    ArrayNode a = manifest.putArray("assignment");
                    blanks.forEach(a::add);
                }
                Path dir = Files.createDirectories(tmp.resolve(s.id()));
                String reference = TraceJson.render(v.trace());
                Files.writeString(dir.resolve(CONFIG), v.configText());
                Handout handout = new Handout(null, null, Blanks.formulas(blank, v.trace()), null, Handout.WIDTH);
                Files.writeString(dir.resolve(HANDOUT_MD), TraceMarkdown.render(clean, digits, blanks, false, handout));
                Files.writeString(dir.resolve(HANDOUT_TEX), TraceLatex.render(clean, digits, blanks, false, handout));
                Files.writeString(dir.resolve(ANSWERS), AnswersTemplate.render(v.trace(), blanks));
                Files.writeString(dir.resolve(REFERENCE), reference);
                Manifest.student(students.addObject(), s, reference);
                key.append("\n---\n\n## Student ").append(s.id()).append("\n\n")
                        .append(TraceMarkdown.render(clean, digits, Set.of()).replaceAll("(?m)^#", "###"));
                maxDraws = Math.max(maxDraws, v.draws());
                made.add(v);
            }
            Files.writeString(tmp.resolve("answer-key.md"), key.toString());
            Files.writeString(tmp.resolve(Manifest.FILE), Manifest.render(manifest));
            Gradescope.writeAutograder(tmp, roster.idColumn());
            if (jar != null) Files.copy(jar, tmp.resolve("cnnbp.jar"));
            Folders.swapIn(tmp, out);
            return new Made(made.size(), maxDraws);
        } catch (IOException e) {
            Folders.deleteQuietly(tmp);
            throw new BadInputException(out + ": cannot write the homework: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            Folders.deleteQuietly(tmp);
            throw e;
        }
    }
}
