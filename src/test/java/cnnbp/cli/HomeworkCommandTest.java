package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cnnbp.trace.Pdflatex;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cnnbp homework make and grade, through the CLI as a teacher runs them. */
class HomeworkCommandTest {
    private static final String SEED000 = "configs/seed000.conf";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Computed by the forward pass of seed000 (relu, 2x2 max pool, sigmoid + bce): 17 tensors, in order. */
    private static final List<String> ALL = List.of("Z1", "A1", "P1", "F", "Z2", "A2", "L", "dL/dA2", "dL/dZ2", "dL/dW2",
            "dL/db2", "dL/dF", "dL/dP1", "dL/dA1", "dL/dZ1", "dL/dW1", "dL/db1");

    @TempDir
    Path tmp;

    private Path roster(String name, List<String> ids) throws IOException {
        StringBuilder sb = new StringBuilder("id,name\n");
        for (String id : ids) sb.append(id).append(",Student ").append(id).append('\n');
        return Files.writeString(tmp.resolve(name), sb.toString());
    }

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) ids.add(String.format("s%02d", i));
        return ids;
    }

    private Path make(String config, Path roster, String out, String... more) {
        List<String> args = new ArrayList<>(List.of("homework", "make", "--config", config, "--roster", roster.toString(),
                "--out", tmp.resolve(out).toString()));
        args.addAll(List.of(more));
        if (!args.contains("--seed")) args.addAll(List.of("--seed", "7"));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err() + r.out());
        return tmp.resolve(out);
    }

    /** The config as a student gets it, without its comment line (which names the student). */
    private static String numbers(Path dir, String id) throws IOException {
        return Files.readString(dir.resolve(id).resolve("network.conf")).replaceFirst("^#.*\\n", "");
    }

    @Test
    void thirtyVariantsAreDifferentWellPosedStableAndTheirReferencesAreTheirTraces() throws IOException {
        Path dir = make(SEED000, roster("roster.csv", ids(30)), "hw");
        Set<String> seen = new HashSet<>();
        for (String id : ids(30)) {
            assertTrue(seen.add(numbers(dir, id)), id + " has another student's numbers");
            Path conf = dir.resolve(id).resolve("network.conf");
            Cli trace = Cli.run("trace", "--config", conf.toString(), "--format", "json");
            assertEquals(0, trace.code(), trace.err());
            assertEquals(trace.out(), Files.readString(dir.resolve(id).resolve("reference.json")), id);
            assertWellPosed(id, JSON.readTree(trace.out()));
        }
        // The same students in another order, with five more: each keeps their numbers.
        List<String> more = new ArrayList<>(ids(35));
        java.util.Collections.reverse(more);
        Path again = make(SEED000, roster("more.csv", more), "hw2");
        for (String id : ids(30)) assertEquals(numbers(dir, id), numbers(again, id), id);
        // Another seed: other numbers.
        Path other = make(SEED000, roster("roster3.csv", ids(3)), "hw3", "--seed", "8");
        assertNotEquals(numbers(dir, "s01"), numbers(other, "s01"));
    }

    /**
     * Checked here from the trace's numbers, not by the code that drew them: every ReLU input (Z1)
     * away from 0, one maximum in each 2x2 window of A1, and A2 = sigmoid(Z2) in [0.001, 0.999].
     */
    private static void assertWellPosed(String id, JsonNode trace) {
        JsonNode z1 = trace.at("/layers/0/output/data"), a1 = trace.at("/layers/1/output/data");  // 1x4x4, flat
        assertEquals(16, z1.size());
        for (JsonNode v : z1) assertTrue(Math.abs(v.asDouble()) > 1e-9, id + ": a ReLU input 0 in " + z1);
        for (int y = 0; y < 4; y += 2) {
            for (int x = 0; x < 4; x += 2) {
                List<Double> w = List.of(a1.get(y * 4 + x).asDouble(), a1.get(y * 4 + x + 1).asDouble(),
                        a1.get(y * 4 + 4 + x).asDouble(), a1.get(y * 4 + 4 + x + 1).asDouble());
                double max = w.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                assertEquals(1, w.stream().filter(v -> Math.abs(v - max) < 1e-9).count(), id + ": a tie in window " + w);
            }
        }
        double a2 = trace.at("/layers/5/output/data").get(0).asDouble();
        assertTrue(a2 >= 1e-3 && a2 <= 1 - 1e-3, id + ": A2 = " + a2 + " is saturated");
    }

    @Test
    void eachStudentsFolderHasItsFilesAndTheManifestNamesThem() throws Exception {
        Path dir = make(SEED000, roster("roster.csv", ids(2)), "hw", "--blank", "backward");
        JsonNode m = JSON.readTree(dir.resolve("manifest.json").toFile());
        assertEquals(7, m.get("seed").asLong());
        assertEquals(64, m.get("config_sha256").asText().length());
        assertEquals("s02/reference.json", m.at("/students/1/files/reference_json").asText());
        assertEquals(ALL.subList(7, 17).toString(), JSON.convertValue(m.get("assignment"), List.class).toString());
        String handout = Files.readString(dir.resolve("s01/handout.md"));
        assertTrue(handout.contains("dL/dZ1"), handout);
        String template = Files.readString(dir.resolve("s01/answers.yaml"));
        assertTrue(template.contains("\ndL/dW1: [[[[null, null, null],"), template);
        assertFalse(template.contains("\nZ1:"), template);
        String key = Files.readString(dir.resolve("answer-key.md"));
        assertTrue(key.contains("## Student s01") && key.contains("## Student s02"), key);
        assertTrue(Files.isExecutable(dir.resolve("run_autograder")));
        assertTrue(Files.readString(dir.resolve("run_autograder")).contains("[\"users\"][0][\"sid\"]"));
        if (Pdflatex.installed()) Pdflatex.compile(dir.resolve("s01"), "handout", Files.readString(dir.resolve("s01/handout.tex")));
    }

    @Test
    void anExistingFolderIsRefusedOrReplacedWhole() throws IOException {
        Path roster = roster("roster.csv", ids(2));
        Path dir = make(SEED000, roster, "hw");
        Files.writeString(dir.resolve("stale.txt"), "from before");
        Cli again = Cli.run("homework", "make", "--config", SEED000, "--roster", roster.toString(), "--out", dir.toString());
        again.assertBadInput("cnnbp: " + dir, "give --force to replace it whole");
        make(SEED000, roster, "hw", "--force");
        assertFalse(Files.exists(dir.resolve("stale.txt")), "--force replaces the folder whole");
        assertTrue(Files.exists(dir.resolve("s02/reference.json")));

        Path notOurs = Files.createDirectories(tmp.resolve("thesis"));
        Files.writeString(notOurs.resolve("chapter1.tex"), "precious");
        Cli r = Cli.run("homework", "make", "--config", SEED000, "--roster", roster.toString(), "--out", notOurs.toString(), "--force");
        r.assertBadInput("cnnbp: " + notOurs, "not a cnnbp homework folder");
        assertEquals("precious", Files.readString(notOurs.resolve("chapter1.tex")));
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith(".")).toList(), "no temporary folder left");
        }
    }

    /**
     * Every computed tensor of a reference trace, as an answers map, with the reference's numbers times
     * {@code backwardScale} from dL/dZ2 on: everything after dL/dZ2 is linear in it, and dL/dA2 comes before.
     */
    private static Map<String, Object> answers(Path reference, double backwardScale) throws IOException {
        JsonNode r = JSON.readTree(reference.toFile());
        Map<String, Object> a = new LinkedHashMap<>();
        for (JsonNode l : r.get("layers")) a.put(l.get("name").asText(), l.at("/output/data"));
        a.put("L", r.get("loss").asDouble());
        for (JsonNode l : r.get("layers")) {
            String name = l.at("/grad_output/name").asText();
            a.put(name, scaled(l.at("/grad_output/data"), name.equals("dL/dA2") ? 1 : backwardScale));
            for (JsonNode p : l.path("params")) a.put("dL/d" + p.get("name").asText(), scaled(p.get("grad"), backwardScale));
        }
        return a;
    }

    private static JsonNode scaled(JsonNode n, double s) {
        if (n.isNumber()) return JSON.getNodeFactory().numberNode(n.asDouble() * s);
        var out = JSON.createArrayNode();
        n.forEach(e -> out.add(scaled(e, s)));
        return out;
    }

    @Test
    void aMixedClassGivesTheExpectedGradebookRows() throws Exception {
        Path dir = make(SEED000, roster("roster.csv", ids(7)), "hw");
        Path sub = Files.createDirectories(tmp.resolve("submissions"));
        // s01: all right.
        Files.writeString(sub.resolve("s01.yaml"), JSON.writeValueAsString(answers(dir.resolve("s01/reference.json"), 1)));
        // s02: dL/dZ2 (= A2 − Y, the first backward step after dL/dA2) doubled, and everything after it worked on
        // consistently from that: 7 forward tensors and dL/dA2 right (8), dL/dZ2 wrong (0), 8 correct given it at
        // --ecf-credit 0.5 (4): 12 of 17.
        Files.createDirectories(sub.resolve("s02"));
        Files.writeString(sub.resolve("s02/answers.yaml"), JSON.writeValueAsString(answers(dir.resolve("s02/reference.json"), 2)));
        // s03, in Gradescope's layout: the template with only Z1 and A1 filled in: 2 of 17.
        Map<String, Object> s03 = answers(dir.resolve("s03/reference.json"), 1);
        String template = Files.readString(dir.resolve("s03/answers.yaml"));
        String filled = template.replaceFirst("\nZ1: [^#]*", "\nZ1: " + s03.get("Z1") + "\n\n")
                .replaceFirst("\nA1: [^#]*", "\nA1: " + s03.get("A1") + "\n\n");
        Files.createDirectories(sub.resolve("s03/submission"));
        Files.writeString(sub.resolve("s03/submission/answers.yaml"), filled);
        // s04: a YAML syntax error on line 2.
        Files.writeString(sub.resolve("s04.yaml"), "Z1: [[[1, 2],\nA1: ]]\n");
        // s05: nothing handed in. s06: s01's answers, all right for s01. s07: Z1 only, right: 1 of 17, not 1 of 1.
        Files.writeString(sub.resolve("s06.yaml"), Files.readString(sub.resolve("s01.yaml")));
        Files.writeString(sub.resolve("s07.yaml"), "Z1: " + answers(dir.resolve("s07/reference.json"), 1).get("Z1") + "\n");

        Cli r = Cli.run("homework", "grade", "--out", dir.toString(), "--submissions", sub.toString(), "--ecf-credit", "0.5",
                "--gradescope", "--prairielearn");
        assertEquals(1, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("2 unusable (score 0):\n  s04: "), r.out());
        assertTrue(r.out().contains("\n  s05: no submission"), r.out());

        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(Files.readString(dir.resolve("grades/gradebook.csv")))).getRecords();
        Map<String, CSVRecord> row = new HashMap<>();
        for (CSVRecord c : rows) row.put(c.get("id"), c);
        assertEquals(7, rows.size());
        for (CSVRecord c : rows) assertEquals("17", c.get("max"), c.toString());
        assertEquals("Student s01", row.get("s01").get("name"));
        assertEquals("17", row.get("s01").get("score"));
        assertEquals("12", row.get("s02").get("score"));
        assertEquals("1", row.get("s02").get("dL/dA2"));
        assertEquals("0", row.get("s02").get("dL/dZ2"));
        assertEquals("0.5", row.get("s02").get("dL/dW2"));
        assertEquals("0.5", row.get("s02").get("dL/db1"));
        assertEquals("2", row.get("s03").get("score"));
        assertEquals("0", row.get("s03").get("P1"));
        assertEquals("unusable", row.get("s04").get("status"));
        assertEquals("0", row.get("s04").get("score"));
        assertTrue(row.get("s04").get("reason").contains("s04.yaml:2:"), row.get("s04").get("reason"));
        assertTrue(row.get("s05").get("reason").startsWith("no submission"), row.get("s05").get("reason"));
        // s06 handed in s01's numbers: against s06's own X and W1, Z1 is neither right nor right given anything.
        assertEquals("graded", row.get("s06").get("status"));
        assertEquals("0", row.get("s06").get("Z1"));
        assertTrue(Double.parseDouble(row.get("s06").get("score")) < 17);
        assertEquals("1", row.get("s07").get("score"));
        assertEquals("0", row.get("s07").get("A1"));

        JsonNode gs = JSON.readTree(dir.resolve("grades/gradescope/s02/results.json").toFile());
        assertEquals(12.0, gs.get("score").asDouble());
        assertEquals(17, gs.get("tests").size());
        assertEquals("dL/dZ2", gs.at("/tests/8/name").asText());
        assertEquals(0.0, gs.at("/tests/8/score").asDouble());
        assertEquals(1, gs.at("/tests/8/max_score").asInt());
        assertEquals("visible", gs.at("/tests/8/visibility").asText());
        assertTrue(gs.at("/tests/8/output").asText().startsWith("wrong: 1 of 1 wrong: [0] expected "), gs.toString());
        JsonNode pl = JSON.readTree(dir.resolve("grades/prairielearn/s02/results.json").toFile());
        assertTrue(pl.get("gradable").asBoolean());
        assertEquals(12.0 / 17, pl.get("score").asDouble(), 1e-12);
        assertEquals(0.5, pl.at("/tests/9/points").asDouble());
        assertEquals(1, pl.at("/tests/9/max_points").asInt());
        assertEquals("correct given your dL/dZ2", pl.at("/tests/9/message").asText());
        assertFalse(JSON.readTree(dir.resolve("grades/prairielearn/s04/results.json").toFile()).get("gradable").asBoolean());
        assertTrue(Files.readString(dir.resolve("grades/reports/s03.txt")).contains("Score: 2 of 17"));

        // One student, as the Gradescope autograder runs it.
        Cli one = Cli.run("homework", "grade", "--out", dir.toString(), "--submissions", sub.toString(), "--student", "s01",
                "--grades", tmp.resolve("g1").toString(), "--gradescope");
        assertEquals(0, one.code(), one.err() + one.out());
        assertEquals(17.0, JSON.readTree(tmp.resolve("g1/gradescope/s01/results.json").toFile()).get("score").asDouble());
    }

    @Test
    void aChangedReferenceIsNotGradedAgainst() throws Exception {
        Path dir = make(SEED000, roster("roster.csv", ids(1)), "hw");
        Path sub = Files.createDirectories(tmp.resolve("sub"));
        Files.writeString(sub.resolve("s01.yaml"), JSON.writeValueAsString(answers(dir.resolve("s01/reference.json"), 1)));
        ObjectNode ref = (ObjectNode) JSON.readTree(dir.resolve("s01/reference.json").toFile());
        ref.put("loss", 0.5);
        Files.writeString(dir.resolve("s01/reference.json"), JSON.writeValueAsString(ref));
        Cli r = Cli.run("homework", "grade", "--out", dir.toString(), "--submissions", sub.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("changed since homework make"), r.out());
    }

    @Test
    void badArgumentsExitWith2() throws IOException {
        Cli.run("homework", "grade", "--out", tmp.toString(), "--submissions", tmp.toString())
                .assertBadInput("cnnbp: " + tmp.resolve("manifest.json"), "expected a folder made by cnnbp homework make");
        Path noId = Files.writeString(tmp.resolve("r.csv"), "name,section\nAmy,A\n");
        Cli.run("homework", "make", "--config", SEED000, "--roster", noId.toString(), "--out", tmp.resolve("x").toString())
                .assertBadInput("cnnbp: " + noId + ":1: no student id column", "--id-column");
        Path dup = Files.writeString(tmp.resolve("d.csv"), "id\na1\nb2\na1\n");
        Cli.run("homework", "make", "--config", SEED000, "--roster", dup.toString(), "--out", tmp.resolve("x").toString())
                .assertBadInput("cnnbp: " + dup + ":4: id 'a1' is already on line 2", "");
        Path conf = Files.writeString(tmp.resolve("v.conf"), Files.readString(Path.of(SEED000))
                + "variants: {input: {min: 0, max: 0, step: 1}, tries: 5}\n");
        Cli.run("homework", "make", "--config", conf.toString(), "--roster", roster("ok.csv", ids(1)).toString(), "--out",
                tmp.resolve("x").toString()).assertBadInput("cnnbp: student s01: no well-posed variant in 5 draws", "widen the variants: ranges");
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void theVariantsSectionSetsTheRanges() throws IOException {
        Path conf = Files.writeString(tmp.resolve("v.conf"), Files.readString(Path.of(SEED000))
                + "variants:\n  input: {min: 0, max: 5, step: 1}\n  weights: {min: -2, max: 2, step: 1}\n  labels: [1]\n");
        Path dir = make(conf.toString(), roster("roster.csv", ids(5)), "hw");
        for (String id : ids(5)) {
            String c = numbers(dir, id);
            String input = c.substring(c.indexOf("example:"));
            assertTrue(input.matches("(?s)example:\\n  input: \\[[\\[\\]0-5, ]*\\]\\n  label: 1\\n"), input);
            String weights = c.substring(c.indexOf("weights: ") + 9, c.indexOf("]]]]") + 4);
            assertTrue(weights.matches("[\\[\\]0-9, -]*") && !weights.contains("3"), weights);
        }
    }
}
