package cnnbp.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.config.AnswersFile;
import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.grade.Grader.Kind;
import cnnbp.grade.Grader.Verdict;
import cnnbp.model.Network;
import cnnbp.build.NetworkBuilder;
import cnnbp.trace.Trace;
import cnnbp.trace.Trace.Item;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each slip of {@link Slips} named on a wrong answer built in the test from the reference tensors by
 * the mistake itself (written out here, not taken from Slips), and no name when none fits.
 */
class SlipsTest {
    private static final Tolerance DEFAULT = new Tolerance(0.01, 1e-4, 0);

    /** A conv, ReLU (one input −4 where dL/dA1 is not 0), flatten of a 2x2x2, dense, softmax, cross-entropy. */
    private static final String CONV_RELU = """
            input: [1, 4, 4]
            layers:
              - conv: {filters: 2, kernel: 3, weights: [[[[1, -1, 0], [0, 1, 1], [-1, 0, 1]]], [[[0, 1, -1], [1, 0, 0], [1, -1, 1]]]], bias: [0.5, -1]}
              - relu
              - flatten
              - dense: {units: 2, weights: [[0.1, 0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8], [-0.1, 0.2, -0.3, 0.4, 0.5, -0.6, -0.7, 0.8]], bias: [0, 0]}
              - softmax
            loss: cross_entropy
            example:
              input: [[[1, 2, 0, -1], [3, -2, 1, 0], [0, 1, 2, 3], [-1, 0, 1, 2]]]
              label: 1
            """;

    /**
     * Max pool of Z1 = X, every window tied: (0,0) between [0,0] and [0,1], (0,1) [0,3] and [1,2], (1,0) [2,0]
     * and [3,1], (1,1) all four zeros.
     */
    static final String TIES = """
            input: [1, 4, 4]
            layers:
              - conv: {filters: 1, kernel: 1, weights: [[[[1]]]], bias: [0]}
              - maxpool: {size: 2}
              - flatten
              - dense: {units: 2, weights: [[0.1, 0.2, 0.3, 0.4], [-0.1, -0.2, -0.3, 0.5]], bias: [0, 0]}
              - softmax
            loss: cross_entropy
            example:
              input: [[[1, 1, 0, 2], [0, 0, 2, 0], [3, 0, 0, 0], [0, 3, 0, 0]]]
              label: 0
            """;

    /** A 3x3 conv of stride 2 on a 5x5. */
    private static final String STRIDE2 = """
            input: [1, 5, 5]
            layers:
              - conv: {filters: 1, kernel: 3, stride: 2, weights: [[[[0.1, -0.2, 0.3], [0.0, 0.4, -0.1], [0.2, 0.1, -0.3]]]], bias: [0.1]}
              - flatten
              - dense: {units: 2, weights: [[0.1, 0.2, 0.3, 0.4], [-0.1, -0.2, -0.3, -0.4]], bias: [0, 0]}
              - softmax
            loss: cross_entropy
            example:
              input: [[[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20], [21, 22, 23, 24, 25]]]
              label: 1
            """;

    /** mse on three outputs: dL/dA = 2 (A − Y) / 3. */
    private static final String MSE = """
            input: [2]
            layers:
              - dense: {units: 3, weights: [[0.5, -0.5], [1.0, 0.25], [-0.75, 0.5]], bias: [0.1, 0.2, 0.3]}
              - sigmoid
            loss: mse
            example:
              input: [1, 2]
              label: 1
            """;

    private record Case(Trace trace, Network net) {
        double[] ref(String name) {
            return Stream.of(trace.givenItems(), trace.forwardItems(), trace.backwardItems()).flatMap(l -> l.stream())
                    .filter(it -> it.name().equals(name)).map(Item::data).findFirst().orElseThrow().clone();
        }

        /** The verdict of an answers file with only {@code name}, as a flat list. */
        Verdict grade(String name, double[] answer) {
            String yaml = name + ": " + Arrays.stream(answer).mapToObj(Double::toString)
                    .collect(Collectors.joining(", ", "[", "]")) + "\n";
            return Grader.grade(net, trace, Answers.check(AnswersFile.parse(yaml, Path.of("a.yaml")), trace), DEFAULT, 1)
                    .verdicts().get(0);
        }

        String hint(String name, double[] answer) {
            Verdict v = grade(name, answer);
            assertEquals(Kind.WRONG, v.kind(), name);
            return v.hint() == null ? null : v.hint().slip() + " | " + v.hint().needed();
        }
    }

    private static Case of(String config) {
        NetworkConfig c = ConfigLoader.parse(config, Path.of("t.conf"));
        Network net = NetworkBuilder.build(c);
        return new Case(Trace.of(net, c.example().input(), c.example().label(), "t.conf"), net);
    }

    private static void assertHint(String expected, String got) {
        assertTrue(got != null && got.startsWith(expected), "expected a hint starting '" + expected + "', got " + got);
    }

    @Test
    void signFlipped() {
        Case c = of(CONV_RELU);
        double[] dz2 = c.ref("dL/dZ2");
        for (int i = 0; i < dz2.length; i++) dz2[i] = -dz2[i];
        assertEquals("the sign flipped | dL/dZ2 = A2 − Y", c.hint("dL/dZ2", dz2));
    }

    @Test
    void transposed() {
        Case c = of(CONV_RELU);
        double[] dw2 = c.ref("dL/dW2"), t = new double[16];  // (2, 8) written as (8, 2)
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 2; j++) t[i * 2 + j] = dw2[j * 8 + i];
        }
        assertEquals("transposed | dL/dW2 = dL/dZ2 · Fᵀ", c.hint("dL/dW2", t));
    }

    @Test
    void theMeansOneOverMLeftOutOrAddedTwice() {
        Case c = of(MSE);
        double[] da = c.ref("dL/dA1"), times3 = da.clone(), over3 = da.clone();
        for (int i = 0; i < da.length; i++) {
            times3[i] *= 3;
            over3[i] /= 3;
        }
        assertHint("the loss's 1/3 left out | dL/dA1 = ", c.hint("dL/dA1", times3));
        assertHint("an extra 1/3 | dL/dA1 = ", c.hint("dL/dA1", over3));
    }

    @Test
    void reluMaskForgottenOrTakenFromTheGradient() {
        Case c = of(CONV_RELU);
        double[] da1 = c.ref("dL/dA1"), z1 = c.ref("Z1");
        assertTrue(Arrays.stream(z1).anyMatch(z -> z < 0), "the mask matters");
        assertHint("ReLU's mask forgotten: dL/dA1 passed through as it is | dL/dZ1 = dL/dA1 ⊙ ", c.hint("dL/dZ1", da1));
        double[] bySign = da1.clone();
        for (int i = 0; i < bySign.length; i++) if (da1[i] < 0) bySign[i] = 0;
        assertHint("ReLU's mask taken from dL/dA1 instead of Z1", c.hint("dL/dZ1", bySign));
    }

    @Test
    void poolGradientToEveryElementOfTheWindow() {
        Case c = of(TIES);
        double[] dp = c.ref("dL/dP1"), every = new double[16];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) every[y * 4 + x] = dp[(y / 2) * 2 + x / 2];
        }
        assertHint("the gradient sent to every element of each window", c.hint("dL/dZ1", every));
    }

    @Test
    void poolGradientToTheOtherTiedMaximum() {
        Case c = of(TIES);
        double[] dx = c.ref("dL/dZ1");
        assertTrue(Stream.of(0, 3, 8, 10).allMatch(i -> Math.abs(dx[i]) > 1e-3), "the first maxima of the tied windows get the gradient");
        double[] other = dx.clone();
        other[1] = other[0];  // window (0,0): [0,1] instead of [0,0]
        other[0] = 0;
        other[6] = other[3];  // window (0,1): [1,2] instead of [0,3]
        other[3] = 0;
        other[13] = other[8];  // window (1,0): [3,1] instead of [2,0]
        other[8] = 0;
        other[15] = other[10];  // window (1,1): [3,3] instead of [2,2]
        other[10] = 0;
        assertEquals("windows (0,0), (0,1), (1,0) and (1,1)'s gradients sent to another tied maximum; the rule: the"
                + " gradient goes to the first maximum in row-major window order, as PyTorch | dL/dZ1 = route dL/dP1 to"
                + " each window's max (the mask)", c.hint("dL/dZ1", other));
        double[] one = dx.clone();  // only window (1,1), all zeros, broken the other way: to [3,2]
        one[14] = one[10];
        one[10] = 0;
        assertHint("window (1,1)'s gradient sent to another tied maximum; the rule: the gradient goes to the first",
                c.hint("dL/dZ1", one));
        double[] split = dx.clone();  // half to each tied maximum: not a tie broken the other way
        split[1] = split[0] / 2;
        split[0] /= 2;
        assertNull(c.hint("dL/dZ1", split));
    }

    @Test
    void strideNotSpreadOut() {
        Case c = of(STRIDE2);
        double[] x = c.ref("X"), dz = c.ref("dL/dZ1"), dw = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int y = 0; y < 2; y++) {
                    for (int xx = 0; xx < 2; xx++) dw[i * 3 + j] += dz[y * 2 + xx] * x[(y + i) * 5 + xx + j];
                }
            }
        }
        assertHint("computed as if the stride were 1", c.hint("dL/dW1", dw));
    }

    @Test
    void flattenInTheWrongOrder() {
        Case c = of(CONV_RELU);
        double[] a1 = c.ref("A1"), wh = new double[8];
        for (int ch = 0; ch < 2; ch++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) wh[ch * 4 + x * 2 + y] = a1[ch * 4 + y * 2 + x];
            }
        }
        assertHint("flattened in (W, H) order instead of (C, H, W) | F = A1 flattened", c.hint("F", wh));
        double[] df = c.ref("dL/dF"), last = new double[8];
        for (int ch = 0; ch < 2; ch++) {
            for (int p = 0; p < 4; p++) last[ch * 4 + p] = df[p * 2 + ch];
        }
        assertHint("unflattened channel last (H, W, C) instead of (C, H, W)", c.hint("dL/dA1", last));
    }

    @Test
    void softmaxsDerivativeOnTopOfTheFusedGradient() {
        Case c = of(CONV_RELU);
        double[] a = c.ref("A2"), y = c.ref("Y"), dz = new double[2];
        for (int i = 0; i < 2; i++) dz[i] = (a[i] - y[i]) * a[i] * (1 - a[i]);
        assertHint("A − Y multiplied by softmax's derivative A ⊙ (1 − A) again", c.hint("dL/dZ2", dz));
    }

    @Test
    void noHintWhenNoSlipFits() {
        Case c = of(CONV_RELU);
        double[] dz2 = c.ref("dL/dZ2"), dw1 = c.ref("dL/dW1"), f = c.ref("F");
        for (int i = 0; i < dz2.length; i++) dz2[i] *= 1.5;
        assertNull(c.hint("dL/dZ2", dz2));
        for (int i = 0; i < dw1.length; i++) dw1[i] += 0.1 * (i % 3 - 1);
        assertNull(c.hint("dL/dW1", dw1));
        f[2] += 1;
        assertNull(c.hint("F", f));
        Case m = of(MSE);
        double[] da = m.ref("dL/dA1");
        for (int i = 0; i < da.length; i++) da[i] *= 2;
        assertNull(m.hint("dL/dA1", da));
    }
}
