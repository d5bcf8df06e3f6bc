package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** cnnbp compare and the handout options of cnnbp trace, through the command line: output and exit codes. */
class CompareCliTest {
    private static final String SEED002 = "configs/seed002.conf";
    private static final String REF = "src/test/resources/compare/seed002.ref.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** Every computed tensor of the reference trace at full precision, as an answers file in JSON. */
    private Path perfectAnswers() throws Exception {
        JsonNode ref = JSON.readTree(Path.of(REF).toFile());
        StringBuilder sb = new StringBuilder("{\"L\": " + ref.get("loss"));
        for (JsonNode l : ref.get("layers")) {
            sb.append(", \"").append(l.get("name").asText()).append("\": ").append(l.at("/output/data"));
            sb.append(", \"").append(l.at("/grad_output/name").asText()).append("\": ").append(l.at("/grad_output/data"));
            for (Iterator<Map.Entry<String, JsonNode>> it = l.path("params").fields(); it.hasNext(); ) {
                JsonNode p = it.next().getValue();
                sb.append(", \"dL/d").append(p.get("name").asText()).append("\": ").append(p.get("grad"));
            }
        }
        return write("perfect.json", sb.append("}\n").toString());
    }

    @Test
    void allCorrectExitsWith0() throws Exception {
        Cli r = Cli.run("compare", REF, perfectAnswers().toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().endsWith("\nScore: 17 of 17 (100.0%): 17 correct, 0 correct given earlier answers (1 point each),"
                + " 0 wrong, 0 not answered.\n"), r.out());
        assertFalse(r.out().contains("✗"), r.out());

        Cli json = Cli.run("compare", REF, perfectAnswers().toString(), "--format", "json");
        assertEquals(0, json.code());
        JsonNode report = JSON.readTree(json.out());
        assertEquals("cnnbp-compare/1", report.get("format").asText());
        assertEquals(17.0, report.get("score").asDouble());
        assertTrue(report.get("all_correct").asBoolean());
        assertEquals(17, report.get("tensors").size());
    }

    @Test
    void theAnswersTemplateIsReadByCompareAsNothingAnswered() throws Exception {
        Cli template = Cli.run("trace", "--config", SEED002, "--answers-template");
        assertEquals(0, template.code(), template.err());
        Cli r = Cli.run("compare", REF, write("template.yaml", template.out()).toString());
        assertEquals(1, r.code(), r.err());
        assertEquals(17, r.out().lines().filter(l -> l.startsWith("–")).count(), r.out());
        assertTrue(r.out().contains("Score: 0 of 17 (0.0%)"), r.out());

        Cli blanks = Cli.run("trace", "--config", SEED002, "--answers-template", "--blank", "dL/dW1,P1");
        assertTrue(blanks.out().contains("\nP1: [[[null, null],\n      [null, null]]]\n"), blanks.out());
        assertTrue(blanks.out().contains("\ndL/dW1: [[[[null, null],\n           [null, null]]]]\n"), blanks.out());
        assertEquals(2, blanks.out().lines().filter(l -> l.startsWith("# ") && l.contains(" = ")).count(), blanks.out());
    }

    @Test
    void handoutFormats() {
        Cli md = Cli.run("trace", "--config", SEED002, "--format", "markdown", "--blank", "backward", "--digits", "3");
        assertEquals(0, md.code(), md.err());
        assertTrue(md.out().contains("\n**A2 = softmax(Z2) = e^Z2 / Σ e^Z2** · 2\n\n| 0 | 1 |\n|--:|--:|\n| 1 | 7.32e-12 |\n"), md.out());
        Cli tex = Cli.run("trace", "--config", SEED002, "--format", "latex");
        assertEquals(0, tex.code(), tex.err());
        assertTrue(tex.out().startsWith("% cnnbp trace --format latex"), tex.out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "trace --config configs/seed002.conf --format json --blank backward | --blank makes a handout: use --format text, markdown, latex or html",
            "trace --config configs/seed002.conf --answers-template --format text | --answers-template prints YAML: leave out --format",
            "trace --config configs/seed002.conf --blank Z7 | cnnbp: --blank: unknown tensor 'Z7' (did you mean 'Z1'?)",
            "trace --config configs/seed002.conf --format pdf | Invalid value for option '--format'",
            "compare REF ANS --digits 3 --rtol 0.1 | give --rtol or --digits, not both",
            "compare REF ANS --digits 0 | --digits must be 1 to 17, got 0",
            "compare REF ANS --rtol -0.1 | --rtol must be a number of 0 or more, got -0.1",
            "compare REF ANS --atol NaN | --atol must be a number of 0 or more, got NaN",
            "compare REF ANS --ecf-credit 1.5 | --ecf-credit must be 0 to 1, got 1.5",
            "compare REF | Missing required parameter: 'ANSWERS.yaml'",
            "compare src/test/resources/compare/nothing.json ANS | cnnbp: src/test/resources/compare/nothing.json: no such reference trace file",
            "compare REF nothing.yaml | cnnbp: nothing.yaml: cannot read answers: no such file",
            "compare configs/seed002.conf ANS | cnnbp: configs/seed002.conf:1:1: not valid JSON",
    })
    void badOptionsAndFilesExitWith2(String command, String message) throws Exception {
        String answers = write("a.yaml", "L: 25.64\n").toString();
        Cli r = Cli.run(command.replace("REF", REF).replace("ANS", answers).split(" "));
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(message), r.err());
        assertEquals("", r.out());
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("cnnbp.grade.AnswersTest#mistakes")
    void everyAnswersMistakeIsOneLineAndExitCode2(String yaml, int line, int column, String phrase) throws Exception {
        Path answers = write("answers.yaml", yaml);
        Cli.run("compare", REF, answers.toString()).assertBadInput("cnnbp: " + answers + ":" + line + ":" + column + ": ", phrase);
    }

    /** The case: a file with one right tensor scored 1 of 1; the maximum is now the assignment's. */
    @Test
    void theMaximumIsTheAssignmentsNotWhatTheFileContains() throws Exception {
        JsonNode ref = JSON.readTree(Path.of(REF).toFile());
        Path one = write("one.yaml", "Z1: " + ref.at("/layers/0/output/data") + "\n");
        Cli r = Cli.run("compare", REF, one.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("Score: 1 of 17 (5.9%): 1 correct, 0 correct given earlier answers (1 point each), 0 wrong,"
                + " 16 not answered."), r.out());

        Cli template = Cli.run("trace", "--config", SEED002, "--answers-template", "--blank", "Z1,dL/dW1");
        Path expect = write("assignment.yaml", template.out());
        Cli two = Cli.run("compare", REF, one.toString(), "--expect", expect.toString(), "--format", "json");
        assertEquals(1, two.code(), two.err());
        JsonNode report = JSON.readTree(two.out());
        assertEquals(1.0, report.get("score").asDouble());
        assertEquals(2, report.get("max_score").asInt());
        assertEquals("not_answered", report.at("/tensors/1/verdict").asText());

        Path both = write("both.yaml", "Z1: " + ref.at("/layers/0/output/data") + "\n" + ref.at("/layers/1/name").asText() + ": "
                + ref.at("/layers/1/output/data") + "\n");
        Cli extra = Cli.run("compare", REF, both.toString(), "--expect", expect.toString());
        assertTrue(extra.out().contains("(not asked: not scored)") && extra.out().contains("Score: 1 of 2"), extra.out());

        Cli.run("compare", REF, one.toString(), "--expect", write("bad.yaml", "X: null\n").toString())
                .assertBadInput("cnnbp: ", "'X' is not a tensor the reference computes");
    }
}
