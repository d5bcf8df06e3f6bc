package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.check.SelfTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class GradcheckCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSelfTestPasses() {
        Cli r = Cli.run("gradcheck");
        assertEquals(0, r.code(), r.out() + r.err());
        String last = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.matches("passed: [0-9,]+ elements of \\d+ tensors in 8 networks(, [0-9,]+ at kinks)?, in [0-9.]+ s"),
                last);
        assertEquals("", r.err(), "no progress bar off a terminal");
    }

    /** The self-test checks each of its networks, in full and dL/dX included, on 3 random examples. */
    @Test
    void theSelfTestChecksEveryNetworkOnThreeExamples() throws IOException {
        JsonNode root = JSON.readTree(Cli.run("gradcheck", "--format", "json").out());
        List<String> names = new ArrayList<>();
        for (JsonNode n : root.get("networks")) {
            names.add(n.get("name").asText());
            assertEquals(3, n.get("examples").asInt(), n.get("name").asText());
            JsonNode tensors = n.get("tensors");
            assertEquals("X", tensors.get(tensors.size() - 1).get("name").asText(), n.get("name").asText());
        }
        assertEquals(SelfTest.NETWORKS, names);
    }

    /** --batch M takes the first M examples of the config's training data when it has a data: section. */
    @Test
    void batchTakesTheFirstExamplesOfTheDataSet(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("train.csv"), "label,a,b,c\n1,0.5,-1,2\n0,1,2,3\n1,-2,0.25,1\n");
        Path conf = dir.resolve("net.conf");
        Files.writeString(conf, "input: [3]\nlayers:\n  - dense: {units: 4}\n  - tanh\n  - dense: {units: 2}\n"
                + "  - softmax\nloss: cross_entropy\ndata: {train: train.csv}\n");
        Cli r = Cli.run("gradcheck", "--config", conf.toString(), "--batch", "2", "--input-grad");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("the first 2 examples of " + dir.resolve("train.csv")), r.out());
        assertTrue(r.out().matches("(?s).*\\n\\s+0\\s+input\\s+X\\s+2x3\\s+6\\s.*"), "X is the 2 examples: " + r.out());

        Cli tooMany = Cli.run("gradcheck", "--config", conf.toString(), "--batch", "4");
        assertEquals(2, tooMany.code(), tooMany.err());
        assertTrue(tooMany.err().contains("--batch 4 asks for more examples than the 3 it has"), tooMany.err());
    }

    /** The cnnbp-gradcheck/1 contract, read back as JSON. */
    @Test
    void jsonListsEveryElementInTheContract() throws IOException {
        Cli r = Cli.run("gradcheck", "--config", "configs/seed001.conf", "--input-grad", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = JSON.readTree(r.out());
        assertEquals("cnnbp-gradcheck/1", root.get("format").asText());
        assertTrue(root.get("passed").asBoolean());
        JsonNode net = root.get("networks").get(0);
        assertEquals("configs/seed001.conf", net.get("name").asText());
        assertEquals("bce", net.get("loss").asText());
        assertTrue(net.get("passed").asBoolean());
        List<String> names = new ArrayList<>();
        for (JsonNode t : net.get("tensors")) {
            names.add(t.get("name").asText());
            int[] shape = JSON.convertValue(t.get("shape"), int[].class);
            int size = 1;
            for (int d : shape) size *= d;
            assertEquals(size, t.get("checked").asInt(), "every element of " + t.get("name"));
            assertEquals(size, t.get("elements").size());
            assertEquals(0, t.get("failed").asInt());
            Set<String> seen = new HashSet<>();
            for (JsonNode e : t.get("elements")) {
                int[] idx = JSON.convertValue(e.get("index"), int[].class);
                assertEquals(shape.length, idx.length);
                for (int d = 0; d < idx.length; d++) assertTrue(idx[d] >= 0 && idx[d] < shape[d]);
                assertTrue(seen.add(java.util.Arrays.toString(idx)), "each element once");
                assertTrue(Set.of("ok", "kink").contains(e.get("status").asText()));
                assertTrue(e.get("analytic").isDouble() && e.get("numeric").isDouble() && e.get("rel_error").isNumber());
            }
        }
        assertEquals(List.of("W1", "b1", "W2", "b2", "X"), names);
        JsonNode x = net.get("tensors").get(4);
        assertEquals(0, x.get("layer").asInt());
        assertEquals("input", x.get("param").asText());
        assertEquals("[1,1,5,5]", x.get("shape").toString(), "X with its batch dimension, PyTorch's NCHW");
    }

    /** The analytic values at their multi-indices are the trace's dL/dW, read at the same row-major position. */
    @Test
    void jsonIndicesAreThePyTorchLayout() throws IOException {
        JsonNode check = JSON.readTree(Cli.run("gradcheck", "--config", "configs/seed002.conf", "--format", "json").out());
        JsonNode trace = JSON.readTree(Cli.run("trace", "--config", "configs/seed002.conf", "--format", "json").out());
        int compared = 0;
        for (JsonNode t : check.get("networks").get(0).get("tensors")) {
            JsonNode grad = null;
            for (JsonNode l : trace.get("layers")) {
                if (l.get("index").asInt() == t.get("layer").asInt()) grad = l.get("params").get(t.get("param").asText()).get("grad");
            }
            int[] shape = JSON.convertValue(t.get("shape"), int[].class);
            for (JsonNode e : t.get("elements")) {
                int flat = 0;
                for (int d = 0; d < shape.length; d++) flat = flat * shape[d] + e.get("index").get(d).asInt();
                assertEquals(grad.get(flat).asDouble(), e.get("analytic").asDouble(), 0.0);
                compared++;
            }
        }
        assertEquals(15, compared);
    }

    @Test
    void junitHasATestcasePerTensor() throws Exception {
        Cli r = Cli.run("gradcheck", "--format", "junit");
        assertEquals(0, r.code());
        Element suites = xml(r.out()).getDocumentElement();
        assertEquals("testsuites", suites.getTagName());
        NodeList suiteList = suites.getElementsByTagName("testsuite");
        assertEquals(SelfTest.NETWORKS.size(), suiteList.getLength());
        int cases = suites.getElementsByTagName("testcase").getLength();
        assertEquals(suites.getAttribute("tests"), Integer.toString(cases));
        assertEquals("0", suites.getAttribute("failures"));
        assertEquals(0, suites.getElementsByTagName("failure").getLength());
        Element first = (Element) suites.getElementsByTagName("testcase").item(0);
        assertEquals("gradcheck.rgb-conv-maxpool-ce", first.getAttribute("classname"));
        assertTrue(first.getAttribute("name").startsWith("W1 (layer 1 conv, 4x3x3x2, 72 of 72 elements)"), first.getAttribute("name"));
    }

    /** No tolerance: every element "fails" on rounding alone, which is how the failure paths get exercised here. */
    @Test
    void junitFailuresNameTheElements() throws Exception {
        Cli r = Cli.run("gradcheck", "--config", "configs/seed002.conf", "--rtol", "0", "--atol", "0", "--format", "junit");
        assertEquals(1, r.code());
        Element suites = xml(r.out()).getDocumentElement();
        assertEquals("4", suites.getAttribute("failures"));
        NodeList failures = suites.getElementsByTagName("failure");
        assertEquals(4, failures.getLength());
        Element f = (Element) failures.item(0);
        assertEquals("GradientMismatch", f.getAttribute("type"));
        assertTrue(f.getAttribute("message").matches("\\d+ of 4 elements disagree; worst W1\\[0,0,\\d,\\d]: analytic .*"),
                f.getAttribute("message"));
        assertTrue(f.getTextContent().contains("reproduce: cnnbp gradcheck --config configs/seed002.conf --seed 1"
                + " --rtol 0 --atol 0 --only 'W1["), f.getTextContent());
    }

    private static Document xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static final Pattern REPRODUCE = Pattern.compile("reproduce: cnnbp (.*)");
    private static final Pattern FAIL_LINE = Pattern.compile("FAIL (\\S+): .*");

    /** Each failure's reproduce line, run as it is printed, fails the same element with the same numbers. */
    @Test
    void theReproduceLineReproducesTheFailure() {
        Cli r = Cli.run("gradcheck", "--config", "src/test/resources/golden/rgb-3to4.conf", "--batch", "3", "--seed", "7",
                "--input-grad", "--rtol", "1e-9", "--atol", "0");
        assertEquals(1, r.code(), r.out());
        List<String> lines = r.out().lines().toList();
        int checkedLines = 0;
        for (int i = 0; i + 1 < lines.size(); i++) {
            Matcher fail = FAIL_LINE.matcher(lines.get(i)), rep = REPRODUCE.matcher(lines.get(i + 1).strip());
            if (!fail.matches() || !rep.matches()) continue;
            Cli again = Cli.run(shellWords(rep.group(1)));
            assertEquals(1, again.code(), again.out());
            List<String> fails = again.out().lines().filter(l -> l.startsWith("FAIL ")).toList();
            assertEquals(List.of(lines.get(i)), fails, "the same element with the same numbers");
            checkedLines++;
        }
        assertTrue(checkedLines >= 3, "reproduced " + checkedLines + " failures\n" + r.out());
    }

    /** Splits a command line as a POSIX shell does, for the plain words and single quotes the report prints. */
    static String[] shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false, any = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) words.add(w.toString());
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) words.add(w.toString());
        return words.toArray(String[]::new);
    }

    @Test
    void aKinkIsReportedAsAKink() {
        Cli r = Cli.run("gradcheck", "--config", "configs/relu-kink.conf", "--input-grad");
        assertEquals(0, r.code(), r.out());
        Matcher b1 = Pattern.compile("\nkink b1\\[0]: analytic 0, one-sided differences 0 \\(θ−h\\) and (\\S+) \\(θ\\+h\\);"
                + " the θ−h side is smooth, its derivative (\\S+), both within the floor (\\S+) of 0; central (\\S+)\n")
                .matcher(r.out());
        assertTrue(b1.find(), r.out());
        assertTrue(Double.parseDouble(b1.group(1)) < -0.5, "switching unit 0 on lowers L: " + b1.group(1));
        assertTrue(Math.abs(Double.parseDouble(b1.group(2))) < 1e-8, "nothing flows through unit 0 below the kink");
        assertEquals(Double.parseDouble(b1.group(1)) / 2, Double.parseDouble(b1.group(4)), 1e-6,
                "the central difference averages the two slopes, which means nothing here");
        assertTrue(r.out().contains("passed: 14 elements of 5 tensors, 5 at kinks, in "), r.out());
    }

    /**
     * Every unit of the first layer dead (bias −100 before a ReLU): W1, b1 and W2 (whose input is 0)
     * pass by testing nothing; b2's gradient, A − Y for one example, is not zero.
     */
    @Test
    void tensorsThatAreAllZeroAreFlagged(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("dead.conf");
        Files.writeString(conf, """
                input: [3]
                layers:
                  - dense: {units: 2, bias: [-100, -100]}
                  - relu
                  - dense: {units: 2}
                  - softmax
                loss: cross_entropy
                """);
        Cli text = Cli.run("gradcheck", "--config", conf.toString(), "--batch", "1");
        assertEquals(0, text.code(), "all zero is a warning, not a failure");
        assertTrue(text.out().contains("\nwarning: W1: all 6 checked elements are zero in both gradients"), text.out());
        assertTrue(text.out().contains("; all zero, so untested: W1, b1, W2\n"), text.out());
        assertTrue(text.out().lines().anyMatch(l -> l.startsWith("    1  dense    b1") && l.contains("100%")
                && l.endsWith("ok, ALL ZERO")), text.out());

        JsonNode json = JSON.readTree(Cli.run("gradcheck", "--config", conf.toString(), "--batch", "1", "--format", "json").out());
        List<Boolean> allZero = new ArrayList<>();
        for (JsonNode t : json.get("networks").get(0).get("tensors")) allZero.add(t.get("all_zero").asBoolean());
        assertEquals(List.of(true, true, true, false), allZero);

        Element suites = xml(Cli.run("gradcheck", "--config", conf.toString(), "--batch", "1", "--format", "junit").out())
                .getDocumentElement();
        assertEquals(3, suites.getElementsByTagName("skipped").getLength());
        assertEquals("3", ((Element) suites.getElementsByTagName("testsuite").item(0)).getAttribute("skipped"));
    }

    @Test
    void anInfiniteLossExitsThree(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("inf.conf");
        Files.writeString(conf, """
                input: [2]
                layers:
                  - dense: {units: 2, weights: [[1000, 0], [-1000, 0]], bias: [0, 0]}
                  - softmax
                loss: cross_entropy
                example: {input: [1, 0], label: 1}
                """);
        Cli r = Cli.run("gradcheck", "--config", conf.toString());
        assertEquals(3, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("cnnbp: the check is unreliable: the loss is Infinity at the checked point"), r.err());
    }

    static Stream<List<String>> badUsage() {
        return Stream.of(
                List.of("--eps", "0"), List.of("--eps", "-1e-6"), List.of("--rtol", "-1"), List.of("--batch", "0"),
                List.of("--max-per-tensor", "0"), List.of("--weights", "w.json"), List.of("--format", "xml"),
                List.of("--selftest", "nope"), List.of("--selftest", "mlp-regression", "--config", "configs/seed002.conf"),
                List.of("--config", "configs/seed002.conf", "--only", "W9"),
                List.of("--config", "configs/seed002.conf", "--only", "W1[0,0,5,0]"),
                List.of("--config", "configs/seed002.conf", "--only", "W1[x]"),
                List.of("--config", "no/such.conf"),
                List.of("--config", "configs/seed002.conf", "--weights", "no/such.json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUsage")
    void badUsageExitsTwo(List<String> args) {
        List<String> all = new ArrayList<>(List.of("gradcheck"));
        all.addAll(args);
        Cli r = Cli.run(all.toArray(String[]::new));
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals("", r.out());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(r.err().startsWith("cnnbp: ") || r.err().startsWith("cnnbp gradcheck: "), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
    }

    @Test
    void anOutputThatCannotBeWrittenIsAUserError(@TempDir Path dir) throws IOException {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        Cli r = Cli.run("gradcheck", "--config", "configs/seed002.conf", "--output", notADir.resolve("r.txt").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("cnnbp: " + notADir.resolve("r.txt") + ": cannot write the report: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void outputWritesTheReportWholeAndPrintsTheSummary(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("out/report.json");
        Cli r = Cli.run("gradcheck", "--config", "configs/seed000.conf", "--format", "json", "--output", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("passed: ") && r.out().strip().endsWith("(report in " + file + ")"), r.out());
        assertEquals("cnnbp-gradcheck/1", JSON.readTree(Files.readString(file)).get("format").asText());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left beside it");
        }
    }
}
