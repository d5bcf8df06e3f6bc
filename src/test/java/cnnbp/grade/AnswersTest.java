package cnnbp.grade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.BadInputException;
import cnnbp.config.AnswersFile;
import cnnbp.grade.Answers.Answer;
import cnnbp.trace.Trace;
import cnnbp.trace.TraceJson;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading a student's answers against the seed002 reference: what is accepted, and every mistake's message. */
class AnswersTest {
    static final Path REF = Path.of("src", "test", "resources", "compare", "seed002.ref.json");
    private static final Path FILE = Path.of("a.yaml");
    private static final Trace SEED002 = TraceJson.read(REF).trace();
    private static final double[] Z1 = {4.3, 4.9, 5.5, 6.1, 7.3, 7.9, 8.5, 9.1, 10.3, 10.9, 11.5, 12.1, 13.3, 13.9, 14.5, 15.1};

    private static Map<String, Answer> read(String yaml) {
        return Answers.check(AnswersFile.parse(yaml, FILE), SEED002);
    }

    @Test
    void aTensorMayBeNestedInItsShapeWithOrWithoutLeadingOnesOrFlat() {
        String rows = "[4.3, 4.9, 5.5, 6.1], [7.3, 7.9, 8.5, 9.1], [10.3, 10.9, 11.5, 12.1], [13.3, 13.9, 14.5, 15.1]";
        for (String z1 : new String[] {"[[" + rows + "]]", "[" + rows + "]", "[[[" + rows + "]]]",
                "[4.3, 4.9, 5.5, 6.1, 7.3, 7.9, 8.5, 9.1, 10.3, 10.9, 11.5, 12.1, 13.3, 13.9, 14.5, 15.1]"}) {
            Answer a = read("Z1: " + z1).get("Z1");
            assertArrayEquals(Z1, a.data(), z1);
            assertTrue(a.complete(), z1);
        }
    }

    @Test
    void oneNumberForLAndForOneElementTensors() {
        Map<String, Answer> a = read("L: 25.64\ndL/db1: 2\nb1: [0]\n\"dL/dW1\": [30.4, 32.4, 40.4, 42.4]");
        assertArrayEquals(new double[] {25.64}, a.get("L").data());
        assertArrayEquals(new double[] {2}, a.get("dL/db1").data());
        assertArrayEquals(new double[] {0}, a.get("b1").data());
        assertArrayEquals(new double[] {30.4, 32.4, 40.4, 42.4}, a.get("dL/dW1").data());
        assertArrayEquals(new double[] {25.64}, read("L: [25.64]").get("L").data());
    }

    @Test
    void nullIsNotAnsweredAndSoIsATemplateLeftAsItWas() {
        Map<String, Answer> a = read("L: null\nP1: [[[null, null], [null, null]]]\nF: ~\nZ2:\n");
        for (String name : new String[] {"L", "P1", "F", "Z2"}) assertFalse(a.get(name).answered(), name);
    }

    @Test
    void aNullAmongNumbersIsAValueLeftOut() {
        Answer p1 = read("P1: [[[7.9, null], [13.9, 15.1]]]").get("P1");
        assertTrue(p1.answered());
        assertFalse(p1.complete());
        assertArrayEquals(new boolean[] {false, true, false, false}, p1.missing());
    }

    @Test
    void infinitiesAndNanAreNumbers() {
        Answer a = read("dL/dA2: [.nan, -.inf]").get("dL/dA2");
        assertTrue(Double.isNaN(a.data()[0]));
        assertEquals(Double.NEGATIVE_INFINITY, a.data()[1]);
    }

    @Test
    void jsonIsYamlToo() {
        Map<String, Answer> a = read("{\"L\": 25.64, \"dL/dZ2\": [1, -1]}");
        assertArrayEquals(new double[] {1, -1}, a.get("dL/dZ2").data());
        assertEquals(2, a.size());
    }

    @Test
    void readsFromAnyFileSystemAndNamesTheFile() throws Exception {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path file = fs.getPath("/homework/answers.yaml");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "\uFEFFL: 25.64\nZ9: 1\n");  // a byte order mark does not shift the columns
            BadInputException e = assertThrows(BadInputException.class, () -> Answers.read(file, SEED002));
            assertTrue(e.getMessage().startsWith("/homework/answers.yaml:2:1: unknown tensor 'Z9'"), e.getMessage());
            Files.write(file, new byte[] {'L', ':', ' ', (byte) 0xff});
            e = assertThrows(BadInputException.class, () -> Answers.read(file, SEED002));
            assertEquals("/homework/answers.yaml: cannot read answers: not valid UTF-8 text", e.getMessage());
            e = assertThrows(BadInputException.class, () -> Answers.read(fs.getPath("/nope.yaml"), SEED002));
            assertEquals("/nope.yaml: cannot read answers: no such file", e.getMessage());
        }
    }

    /** yaml, line, column, a phrase the message must contain. */
    public static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("L: 25.6\nZ3: [1]\n", 2, 1, "unknown tensor 'Z3' (did you mean 'Z1'?); the reference's"
                        + " tensors are X, W1, b1, W2, b2, Y, Z1, A1, P1, F, Z2, A2, L, dL/dA2, dL/dZ2, dL/dW2, dL/db2,"
                        + " dL/dF, dL/dP1, dL/dA1, dL/dZ1, dL/dW1, dL/db1"),
                Arguments.of("dW1: [1, 2, 3, 4]\n", 1, 1, "unknown tensor 'dW1' (did you mean 'dL/dW1'?)"),
                Arguments.of("dl/dw1: [1, 2, 3, 4]\n", 1, 1, "unknown tensor 'dl/dw1' (did you mean 'dL/dW1'?)"),
                Arguments.of("mask: [1]\n", 1, 1, "unknown tensor 'mask'; the reference's tensors are X,"),
                Arguments.of("Z1: [1, 2, 3]\n", 1, 5, "'Z1' has shape 3, expected shape 1x4x4 (one example's) or a flat list of 16"),
                Arguments.of("dL/dZ2: [-0,731, 0,731]\n", 1, 9, "'dL/dZ2' has shape 4, expected shape 2 (one example's) or a flat"
                        + " list of 2; a decimal comma? 0,731 reads as two numbers, 0 and 731: write 0.731"),
                Arguments.of("Z1: [[1, 2], [3, 4]]\n", 1, 5, "'Z1' has shape 2x2, expected shape 1x4x4"),
                Arguments.of("P1: [[[7.9, 9.1, 13.9, 15.1]]]\n", 1, 5, "'P1' has shape 1x1x4, expected shape 1x2x2"),
                Arguments.of("Z1: 4.3\n", 1, 5, "'Z1' is one number, expected shape 1x4x4"),
                Arguments.of("L: [25.6, 1]\n", 1, 4, "'L' has shape 2, expected one number"),
                Arguments.of("P1: [[7.9, 9.1], [13.9]]\n", 1, 18, "'P1' is ragged: expected a list of 2 here"),
                Arguments.of("F: [7.9, x, 13.9, 15.1]\n", 1, 10, "'F' must contain only numbers or null, got \"x\""),
                Arguments.of("F: {a: 1}\n", 1, 4, "'F' must be a number, a list of numbers (nested in the tensor's shape,"
                        + " or flat) or null, got a mapping"),
                Arguments.of("L: yes\n", 1, 4, "'L' must be a number, a list of numbers"),
                Arguments.of("L: 1\nZ2: [1, 2]\nL: 2\n", 3, 1, "duplicate tensor 'L' (first at line 1, column 1)"),
                Arguments.of("? [a]\n: 1\n", 1, 3, "expected a tensor name, got a list of 1 entry"),
                Arguments.of("[1, 2]\n", 1, 1, "expected a mapping from tensor names (Z1, dL/dW1, ...) to their values,"
                        + " got a list of 2 entries"),
                Arguments.of("# nothing yet\n", 1, 1, "the answers file is empty"),
                Arguments.of("Z1: [1, 2\nA1: 3\n", 2, 3, "invalid YAML"),
                Arguments.of("L: 1\n\tZ1: 2\n", 2, 1, "found a tab; YAML indents with spaces only"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("mistakes")
    void everyMistakeNamesItsPlace(String yaml, int line, int column, String phrase) {
        BadInputException e = assertThrows(BadInputException.class, () -> read(yaml));
        assertTrue(e.getMessage().startsWith(FILE + ":" + line + ":" + column + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(phrase), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
