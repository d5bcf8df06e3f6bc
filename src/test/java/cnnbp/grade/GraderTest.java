package cnnbp.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.config.AnswersFile;
import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.grade.Grader.Grade;
import cnnbp.grade.Grader.Kind;
import cnnbp.grade.Grader.Verdict;
import cnnbp.model.Network;
import cnnbp.build.NetworkBuilder;
import cnnbp.trace.GoldenTraceTest;
import cnnbp.text.Numbers;
import cnnbp.trace.Trace;
import cnnbp.trace.Trace.Item;
import cnnbp.trace.TraceJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Error carried forward through every kind of step: each case is a small network whose reference
 * values and whose values from the student's mistakes are worked out by hand in the comments. A
 * verdict is written "name KIND inputs...", the inputs being the answers it was correct given.
 */
class GraderTest {
    private static final Tolerance DEFAULT = new Tolerance(0.01, 1e-4, 0);

    private record Graded(Trace trace, Grade grade) {}

    private static Graded grade(Network net, Trace t, String answers, Tolerance tolerance, double credit) {
        return new Graded(t, Grader.grade(net, t, Answers.check(AnswersFile.parse(answers, Path.of("a.yaml")), t),
                tolerance, credit));
    }

    /** Builds the config's network, traces its example, grades the answers with the default tolerance. */
    private static Grade grade(String config, String answers) {
        NetworkConfig c = ConfigLoader.parse(config, Path.of("t.conf"));
        Network net = NetworkBuilder.build(c);
        return grade(net, Trace.of(net, c.example().input(), c.example().label(), "t.conf"), answers, DEFAULT, 1).grade();
    }

    private static Grade gradeSeed002(String answers, double credit) {
        TraceJson.Replay ref = TraceJson.read(AnswersTest.REF);
        return grade(ref.net(), ref.trace(), answers, DEFAULT, credit).grade();
    }

    private static void assertVerdicts(Grade g, String... expected) {
        List<String> got = g.verdicts().stream()
                .map(v -> (v.name() + " " + v.kind() + " " + String.join(" ", v.given())).strip()).toList();
        assertEquals(List.of(expected), got);
    }

    // X = [[1, 0, 2], [0, 1, 0], [3, 0, 1]]; Z1 = W1 ⋆ X = [[5, 7], [11, 5]] (W1 = [[1, 2], [3, 4]]);
    // Z2 = W2 ⋆ Z1 + 1 = 0.5·5 − 7 + 2·11 + 5 + 1 = 23.5; Z3 = 0.1·Z2 = 2.35; A3 = σ(2.35) = 0.912934;
    // dL/dZ3 = A3 − 1; dL/dZ2 = dL/dF = 0.1·dL/dZ3 = −0.0087066.
    private static final String TWO_CONVS = """
            input: [1, 3, 3]
            layers:
              - conv: {filters: 1, kernel: 2, weights: [[[[1, 2], [3, 4]]]], bias: [0]}
              - conv: {filters: 1, kernel: 2, weights: [[[[0.5, -1], [2, 1]]]], bias: [1]}
              - flatten
              - dense: {units: 1, weights: [[0.1]], bias: [0]}
              - sigmoid
            loss: bce
            example: {input: [[[1, 0, 2], [0, 1, 0], [3, 0, 1]]], label: 1}
            """;

    @Test
    void convForwardAndBackwardFromTheStudentsTensors() {
        Grade g = grade(TWO_CONVS, """
                Z1: [[5, 7], [11, 6]]        # a slip at [1,1]: 6 for 5
                Z2: 24.5                     # W2 ⋆ their Z1 + 1 = 2.5 − 7 + 22 + 6 + 1
                dL/dZ2: -0.01                # wrong: the reference is −0.0087066
                dL/dW2: [[-0.05, -0.07], [-0.11, -0.06]]   # their dL/dZ2 · their Z1
                dL/db2: -0.01
                # through the second conv, dL/dZ1 = their dL/dZ2 · W2 (a 1x1 dout spread over W2):
                dL/dZ1: [[-0.005, 0.01], [-0.02, -0.01]]
                # X ⋆ their dL/dZ1: [0][0] = 1·(−0.005) + 1·(−0.01); [0][1] = 2·0.01 + 1·(−0.02);
                # [1][0] = 1·0.01 + 3·(−0.02); [1][1] = 1·(−0.005) + 1·(−0.01)
                dL/dW1: [[-0.015, 0], [-0.05, -0.015]]
                dL/db1: -0.025               # the sum of their dL/dZ1
                """);
        // dL/dZ2 is dL/dF reshaped; left out, dL/dF follows from their Z2 (through F, Z3, A3, dL/dZ3), so the
        // report adds that their −0.01 is not what their Z2 gives either.
        assertVerdicts(g, "Z1 WRONG", "Z2 CORRECT_GIVEN Z1", "dL/dZ2 WRONG Z2", "dL/dW2 CORRECT_GIVEN Z1 dL/dZ2",
                "dL/db2 CORRECT_GIVEN dL/dZ2", "dL/dZ1 CORRECT_GIVEN dL/dZ2", "dL/dW1 CORRECT_GIVEN dL/dZ1",
                "dL/db1 CORRECT_GIVEN dL/dZ1");
    }

    // Z1 = [0.5, −0.2]; A1 = tanh = [0.462117, −0.197375]; Z2 = 0.264742; A2 = σ(Z2) = 0.565802, Y = 1;
    // L = (A2 − 1)² = 0.188528; dL/dA2 = 2(A2 − 1) = −0.868397; dL/dZ2 = dL/dA2 · A2 (1 − A2) = −0.213339.
    private static final String TANH_SIGMOID_MSE = """
            input: [2]
            layers:
              - dense: {units: 2, weights: [[1, 0], [0, -1]], bias: [0, 0]}
              - tanh
              - dense: {units: 1, weights: [[1, 1]], bias: [0]}
              - sigmoid
            loss: mse
            example: {input: [0.5, 0.2], label: 1}
            """;

    @Test
    void activationsWrittenWithTheirOutputAreRecomputedFromTheStudentsOutput() {
        Grade g = grade(TANH_SIGMOID_MSE, """
                Z1: [0.5, -0.2]
                A1: [0.5, -0.2]      # tanh forgotten
                Z2: 0.3              # their A1 summed
                A2: 0.6              # σ(0.3) = 0.574443, so not from their Z2 either
                L: 0.16              # (0.6 − 1)²
                dL/dA2: -0.8         # 2 (0.6 − 1)
                dL/dZ2: -0.192       # their dL/dA2 · their A2 (1 − A2) = −0.8 · 0.6 · 0.4
                dL/dA1: [-0.192, -0.192]             # W2ᵀ · their dL/dZ2
                dL/dZ1: [-0.144, -0.18432]           # their dL/dA1 ⊙ (1 − their A1²): −0.192·0.75, −0.192·0.96
                dL/dW1: [[-0.072, -0.0288], [-0.09216, -0.036864]]   # their dL/dZ1 · Xᵀ, X = [0.5, 0.2]
                """);
        assertVerdicts(g, "Z1 CORRECT", "A1 WRONG", "Z2 CORRECT_GIVEN A1", "A2 WRONG Z2", "L CORRECT_GIVEN A2",
                "dL/dA2 CORRECT_GIVEN A2", "dL/dZ2 CORRECT_GIVEN dL/dA2 A2", "dL/dA1 CORRECT_GIVEN dL/dZ2",
                "dL/dZ1 CORRECT_GIVEN dL/dA1 A1", "dL/dW1 CORRECT_GIVEN dL/dZ1");
    }

    @Test
    void softmaxWithMseGoesBackThroughTheStudentsProbabilities() {
        // Z1 = X = [1, 0], A1 = [e/(e + 1), 1/(e + 1)] = [0.731059, 0.268941], Y = [1, 0]; dL/dA1 = A1 − Y
        // (2 (A − Y) / 2 outputs); dL/dZ1 = A1 ⊙ (dL/dA1 − Σ dL/dA1 ⊙ A1) = [−0.105754, 0.105754].
        Grade g = grade("""
                input: [2]
                layers:
                  - dense: {units: 2, weights: [[1, 0], [0, 1]], bias: [0, 0]}
                  - softmax
                loss: mse
                example: {input: [1, 0], label: 0}
                """, """
                A1: [0.7, 0.3]
                L: 0.09              # ((0.7 − 1)² + 0.3²) / 2
                dL/dA1: [-0.3, 0.3]
                # Σ = −0.3·0.7 + 0.3·0.3 = −0.12; 0.7 (−0.3 + 0.12), 0.3 (0.3 + 0.12)
                dL/dZ1: [-0.126, 0.126]
                """);
        assertVerdicts(g, "A1 WRONG", "L CORRECT_GIVEN A1", "dL/dA1 CORRECT_GIVEN A1", "dL/dZ1 CORRECT_GIVEN dL/dA1 A1");
    }

    @Test
    void averagePoolingAndLeakyRelu() {
        // Z1 = X = [1, −2, 3, −4]; A1 = [1, −0.2, 3, −0.4]; P1 = 3.4 / 4 = 0.85; Z2 = 1.7; A2 = 0.845535, Y = 0;
        // dL/dZ2 = A2; dL/dF = dL/dP1 = 2 A2 = 1.691069; dL/dA1 = 0.422767 each; dL/dZ1 = that, or 0.1 of it.
        Grade g = grade("""
                input: [1, 2, 2]
                layers:
                  - conv: {filters: 1, kernel: 1, weights: [[[[1]]]], bias: [0]}
                  - leaky_relu: {alpha: 0.1}
                  - avgpool: {size: 2}
                  - flatten
                  - dense: {units: 1, weights: [[2]], bias: [0]}
                  - sigmoid
                loss: bce
                example: {input: [[[1, -2], [3, -4]]], label: 0}
                """, """
                Z1: [[1, -2], [3, -4]]
                A1: [[1, 0], [3, 0]]                 # ReLU instead of leaky ReLU
                P1: 1                                # (1 + 0 + 3 + 0) / 4
                dL/dP1: 1.5                          # wrong
                dL/dA1: [[0.375, 0.375], [0.375, 0.375]]     # their dL/dP1 / 4 over the window
                dL/dZ1: [[0.375, 0.0375], [0.375, 0.0375]]   # times 1 where Z1 > 0, else 0.1
                """);
        // dL/dP1 from their P1 would be 2 σ(2) = 1.761594, not 1.5 either.
        assertVerdicts(g, "Z1 CORRECT", "A1 WRONG", "P1 CORRECT_GIVEN A1", "dL/dP1 WRONG P1", "dL/dA1 CORRECT_GIVEN dL/dP1",
                "dL/dZ1 CORRECT_GIVEN dL/dA1");
    }

    @Test
    void crossEntropyAndItsFusedGradientFromTheStudentsProbabilities() {
        // seed002: A2 = [1, 7.3e-12], label 1. From A2 = [0.9, 0.1]: L = −log 0.1 = 2.302585;
        // dL/dA2 = −Y / A2 = [0, −10]; dL/dZ2 = A2 − Y = [0.9, −0.9].
        Grade g = gradeSeed002("A2: [0.9, 0.1]\nL: 2.3026\ndL/dA2: [0, -10]\ndL/dZ2: [0.9, -0.9]\n", 1);
        assertVerdicts(g, "A2 WRONG", "L CORRECT_GIVEN A2", "dL/dA2 CORRECT_GIVEN A2", "dL/dZ2 CORRECT_GIVEN A2");
    }

    @Test
    void maxPoolRoutesByTheStudentsOwnMaximaFirstOneOnTies() {
        // seed002's first window of A1 is 4.3, 4.9 / 7.3, 7.9. A student who wrote 7.9 at [0,0,0] made a tie:
        // the first maximum in row-major order, their [0,0,0], gets dL/dP1[0] = 0.2; the reference's [0,1,1] does not.
        String a1 = "A1: [[7.9, 4.9, 5.5, 6.1], [7.3, 7.9, 8.5, 9.1], [10.3, 10.9, 11.5, 12.1], [13.3, 13.9, 14.5, 15.1]]\n";
        String routedToTheirs = "dL/dA1: [[0.2, 0, 0, 0], [0, 0, 0, 0.4], [0, 0, 0, 0], [0, 0.6, 0, 0.8]]\n";
        assertVerdicts(gradeSeed002(a1 + routedToTheirs, 1), "A1 WRONG", "dL/dA1 CORRECT_GIVEN A1");
        String routedAsTheReference = "dL/dA1: [[0, 0, 0, 0], [0, 0.2, 0, 0.4], [0, 0, 0, 0], [0, 0.6, 0, 0.8]]\n";
        assertVerdicts(gradeSeed002(a1 + routedAsTheReference, 1), "A1 WRONG", "dL/dA1 CORRECT");
    }

    @Test
    void aTensorLeftOutIsBridgedFromTheStudentsEarlierAnswers() {
        // Z1[0,0,0] = 9.3 for 4.3; A1 not written; P1's first window then has 9.3 as its maximum.
        String z1 = "Z1: [[9.3, 4.9, 5.5, 6.1], [7.3, 7.9, 8.5, 9.1], [10.3, 10.9, 11.5, 12.1], [13.3, 13.9, 14.5, 15.1]]\n";
        assertVerdicts(gradeSeed002(z1 + "P1: [9.3, 9.1, 13.9, 15.1]\n", 1), "Z1 WRONG", "P1 CORRECT_GIVEN Z1");
        // A1 written in part (one null): it is wrong, and P1 is not graded given it, nor given Z1 through it.
        String partA1 = "A1: [[9.3, 4.9, 5.5, 6.1], [7.3, 7.9, 8.5, 9.1], [10.3, 10.9, 11.5, 12.1], [13.3, 13.9, 14.5, null]]\n";
        Grade g = gradeSeed002(partA1 + "P1: [9.3, 9.1, 13.9, 15.1]\n", 1);
        assertVerdicts(g, "A1 WRONG", "P1 WRONG");
        assertEquals(1, g.verdicts().get(0).empty());
    }

    @Test
    void aMiscopiedGivenIsWrongUnscoredAndCarried() {
        // W2 = [[0.1, 0.2, 0.3, 0.4], [-0.1, ...]] miscopied with 0.5 for 0.4: Z2 = ±(12.82 + 0.1·15.1) = ±14.33.
        Grade g = gradeSeed002("W2: [[0.1, 0.2, 0.3, 0.5], [-0.1, -0.2, -0.3, -0.4]]\nZ2: [14.33, -12.82]\n", 1);
        assertVerdicts(g, "W2 WRONG", "Z2 CORRECT_GIVEN W2");
        assertEquals(1, g.max());
        assertEquals(1, g.score());
        assertTrue(!g.allCorrect(), "a miscopied W2 is something wrong");
    }

    @Test
    void scoreCountsCorrectGivenWithTheEcfCredit() {
        String answers = "Z1: [[9.3, 4.9, 5.5, 6.1], [7.3, 7.9, 8.5, 9.1], [10.3, 10.9, 11.5, 12.1], [13.3, 13.9, 14.5, 15.1]]\n"
                + "P1: [9.3, 9.1, 13.9, 15.1]\nF: [9.3, 9.1, 13.9, 15.1]\ndL/dZ2: [1, -1]\nL: null\n"
                + "X: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]\n";
        // In the order of the passes: X given (not scored), Z1 wrong 0, P1 and F correct given 0.5 each,
        // L not answered 0, dL/dZ2 correct 1.
        Grade g = gradeSeed002(answers, 0.5);
        assertEquals(2, g.score());
        assertEquals(5, g.max());
        assertEquals(List.of(0.0, 0.0, 0.5, 0.5, 0.0, 1.0), g.verdicts().stream().map(Verdict::points).toList());
        assertEquals(List.of(false, true, true, true, true, true), g.verdicts().stream().map(Verdict::scored).toList());
        assertEquals(1, g.count(Kind.NOT_ANSWERED));
    }

    /**
     * On every golden network, the reference's own values are all correct, and so are they rounded to 4
     * significant digits under --digits 4 (atol 1e-12). The other way round, the largest element of each
     * tensor 2% off is wrong under the default tolerance, and not "correct given" anything, since every
     * input is the reference's.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cnnbp.trace.GoldenTraceTest#networks")
    void theReferenceGradesAsCorrectAndAnOffsetAsWrong(String network) throws IOException {
        Path conf = GoldenTraceTest.configOf(network);
        NetworkConfig c = ConfigLoader.parse(Files.readString(conf), conf);
        Network net = NetworkBuilder.build(c);
        Trace t = Trace.of(net, c.example().input(), c.example().label(), conf.toString());
        List<Item> items = new ArrayList<>(t.forwardItems());
        items.addAll(t.backwardItems());
        Grade g = grade(net, t, yaml(items, GraderTest::exact), DEFAULT, 1).grade();
        assertTrue(g.allCorrect(), network + ": " + g.verdicts());
        assertEquals(items.size(), g.max());

        g = grade(net, t, yaml(items, v -> rounded(v, 4)), new Tolerance(0, 1e-12, 4), 1).grade();
        assertTrue(g.allCorrect(), network + ": " + g.verdicts());

        for (Item it : items) {
            int at = 0;
            for (int i = 0; i < it.data().length; i++) if (Math.abs(it.data()[i]) > Math.abs(it.data()[at])) at = i;
            if (!(Math.abs(it.data()[at]) > 0.1) || !Double.isFinite(it.data()[at])) continue;
            double[] off = it.data().clone();
            off[at] *= 1.02;
            String answer = yaml(List.of(new Item(it.name(), it.shape(), off, null)), GraderTest::exact);
            Grade one = grade(net, t, answer, DEFAULT, 1).grade();
            assertEquals(Kind.WRONG, one.verdicts().get(0).kind(), network + ": " + answer);
        }
    }

    /** Each item as a flat list (or one number for L), each value written by {@code format}. */
    private static String yaml(List<Item> items, DoubleFunction<String> format) {
        return items.stream().map(it -> "\"" + it.name() + "\": " + (it.shape().length == 0 ? format.apply(it.data()[0])
                : Arrays.stream(it.data()).mapToObj(format).collect(Collectors.joining(", ", "[", "]"))))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** A double in YAML at full precision. */
    private static String exact(double v) {
        return Double.isNaN(v) ? ".nan" : Double.isInfinite(v) ? (v > 0 ? ".inf" : "-.inf") : Double.toString(v);
    }

    private static String rounded(double v, int digits) {
        return Double.isFinite(v) ? Numbers.format(v, digits) : exact(v);
    }
}
