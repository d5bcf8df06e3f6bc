package cnnbp.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.BadInputException;
import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.model.Network;
import cnnbp.build.NetworkBuilder;
import cnnbp.trace.Trace.Item;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The Markdown and LaTeX handouts, blanks, and the formulas in LaTeX. */
class TraceDocumentTest {
    static Trace trace(Path conf) throws IOException {
        NetworkConfig c = ConfigLoader.parse(Files.readString(conf), conf);
        Network net = NetworkBuilder.build(c);
        return Trace.of(net, c.example().input(), c.example().label(), conf.toString());
    }

    private static final Path SEED002 = Path.of("configs", "seed002.conf");

    @Test
    void markdownTablesAreIndexedAsCompareReportsThem() throws IOException {
        String md = TraceMarkdown.render(trace(SEED002), 6, Set.of());
        assertTrue(md.startsWith("# cnnbp trace of `seed002.conf`\n\nOne example, label 1, loss `cross_entropy`.\n"), md);
        assertTrue(md.contains("""

                ### Layer 1: conv 2x2, stride 1, padding 0, 1 filter(s)

                **W1, weights** · 1x1x2x2

                |   | 0 | 1 |
                |--:|--:|--:|
                | **0** | 0.1 | -0.2 |
                | **1** | 0.3 | 0.4 |
                """), md);
        assertTrue(md.contains("""

                **F = P1 flattened channel by channel, row by row** · 4

                | 0 | 1 | 2 | 3 |
                |--:|--:|--:|--:|
                | 7.9 | 9.1 | 13.9 | 15.1 |
                """), md);
        assertTrue(md.contains("\n### Loss\n\n**Y = one-hot of label 1** · 2\n"), md);
        assertTrue(md.contains("\n**L = −log A2[1]** = 25.64\n\n## Backward pass\n"), md);
        assertTrue(md.contains("\n**dL/dW1 = X ⋆ dL/dZ1** · 1x1x2x2\n\n|   | 0 | 1 |\n|--:|--:|--:|\n| **0** | 30.4 | 32.4 |\n"), md);
    }

    @Test
    void blanksKeepShapeAndFormulaButNotValues() throws IOException {
        Trace t = trace(SEED002);
        Set<String> blanks = Blanks.parse("backward,P1,L", t);
        String md = TraceMarkdown.render(t, 6, blanks);
        assertTrue(md.contains("**P1 = the maximum of each window of A1** · 1x2x2\n\n|   | 0 | 1 |\n|--:|--:|--:|\n"
                + "| **0** |  |  |\n| **1** |  |  |\n"), md);
        assertFalse(md.contains("mask of P1"), "the mask would show where the maxima are");
        assertTrue(md.contains("**L = −log A2[1]** = \\_\\_\\_\\_\n"), md);
        assertTrue(md.contains("**dL/dW1 = X ⋆ dL/dZ1** · 1x1x2x2\n\n|   | 0 | 1 |\n|--:|--:|--:|\n| **0** |  |  |\n"), md);
        assertTrue(md.contains("| **0** | 4.3 | 4.9 | 5.5 | 6.1 |"), "Z1 is not blank: " + md);

        String text = TraceText.render(t, 6, blanks);
        assertTrue(text.contains("dL/dZ2 = A2 − Y    [2]\n    ____ ____\n"), text);
        assertTrue(text.contains("L = −log A2[1] = ____\n"), text);
        assertTrue(text.contains("F = P1 flattened channel by channel, row by row    [4]\n     7.9  9.1 13.9 15.1\n"), text);

        String tex = TraceLatex.render(t, 6, blanks);
        assertTrue(tex.contains("$L = -\\log A_{2}[1] = \\blank$"), tex);
        assertTrue(tex.contains("\\[ \\fit{\\begin{bmatrix} \\blank & \\blank \\\\ \\blank & \\blank \\end{bmatrix}} \\]"), tex);
    }

    @Test
    void blankTakesKeywordsAndComputedNames() throws IOException {
        Trace t = trace(SEED002);
        assertEquals(Set.of("Z1", "A1", "P1", "F", "Z2", "A2", "L"), Blanks.parse("forward", t));
        assertEquals(List.of("dL/dA2", "dL/dZ2", "dL/dW2", "dL/db2", "dL/dF", "dL/dP1", "dL/dA1", "dL/dZ1", "dL/dW1",
                "dL/db1"), List.copyOf(Blanks.parse("backward", t)));
        assertEquals(17, Blanks.parse("all", t).size());
        assertEquals(List.of("Z1", "dL/dW1"), List.copyOf(Blanks.parse("Z1, dL/dW1", t)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Z3        | --blank: unknown tensor 'Z3' (did you mean 'Z1'?); expected forward, backward, all, formulas or names of computed tensors: Z1, A1,",
            "dW1       | --blank: unknown tensor 'dW1' (did you mean 'dL/dW1'?)",
            "backwards | --blank: unknown tensor 'backwards' (did you mean 'backward'?)",
            "W1        | --blank: W1 is given on the handout, not computed; expected forward, backward, all or computed tensors such as Z1",
            "'Z1,,A1'  | --blank: an empty name in 'Z1,,A1'",
    })
    void blankNamesAreChecked(String spec, String message) throws IOException {
        Trace t = trace(SEED002);
        String got = assertThrows(BadInputException.class, () -> Blanks.parse(spec, t)).getMessage();
        assertTrue(got.startsWith(message), got);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Z1 = W1 ⋆ X + b1                                  | $Z_{1} = W_{1} \\star  X + b_{1}$",
            "dL/dF = W2ᵀ · dL/dZ2                              | $\\partial L/\\partial F = W_{2}^{\\top} \\cdot  \\partial L/\\partial Z_{2}$",
            "A2 = σ(Z2) = 1 / (1 + e^−Z2)                      | $A_{2} = \\sigma (Z_{2}) = 1 / (1 + e^{-Z_{2}})$",
            "A2 = softmax(Z2) = e^Z2 / Σ e^Z2                  | $A_{2} = \\operatorname{softmax}(Z_{2}) = e^{Z_{2}} / \\sum  e^{Z_{2}}$",
            "A1 = Z1 if Z1 > 0, else α·Z1                      | $A_{1} = Z_{1}$ if $Z_{1} > 0$, else $\\alpha \\cdot Z_{1}$",
            "P1 = the maximum of each window of A1             | $P_{1} =$ the maximum of each window of $A_{1}$",
            "dL/dA1 = route dL/dP1 to each window's max (the mask) | $\\partial L/\\partial A_{1} =$ route $\\partial L/\\partial P_{1}$ to each window's max (the mask)",
            "mask of P1: 1 where a window's maximum of A1 sits | mask of $P_{1}$: 1 where a window's maximum of $A_{1}$ sits",
            "dL/dA1' = dL/dZ2 ⋆full W2 rotated 180°, dL/dZ2 dilated by stride 2x1 | $\\partial L/\\partial {A_{1}'} = \\partial L/\\partial Z_{2} \\star_{\\mathrm{full}}  W_{2}$ rotated $180^\\circ$, $\\partial L/\\partial Z_{2}$ dilated by stride $2\\times 1$",
            "dL/dA2' = dL/dA2 ⊙ (1 − A2'²)                      | $\\partial L/\\partial {A_{2}'} = \\partial L/\\partial A_{2} \\odot  (1 - {A_{2}'}^2)$",
            "L = −(Y log A3 + (1 − Y) log(1 − A3))             | $L = -(Y \\log A_{3} + (1 - Y) \\log(1 - A_{3}))$",
            "leaky_relu, alpha 0.01                            | leaky\\_relu, alpha 0.01",
            "conv 3x2, stride 2x1, padding 0, 4 filter(s)      | conv $3\\times 2$, stride $2\\times 1$, padding 0, 4 filter(s)",
    })
    void formulasBecomeInlineMath(String unicode, String latex) {
        assertEquals(latex, Latex.text(unicode));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cnnbp.trace.GoldenTraceTest#networks")
    void everyFormulaOfEveryGoldenNetworkIsPlainAsciiLatex(String network) throws IOException {
        Trace t = trace(GoldenTraceTest.configOf(network));
        String tex = TraceLatex.render(t, 6, Blanks.parse("backward", t));
        assertTrue(tex.chars().allMatch(c -> c == '\n' || c >= 32 && c < 127), network);
        assertTrue(tex.endsWith("\\end{document}\n"), network);
    }

    /**
     * The LaTeX compiles: pdflatex (Debian's texlive-latex-base) on every golden network's handout with
     * the backward pass blank, and on seed002's with everything blank. Skipped where pdflatex is not installed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cnnbp.trace.GoldenTraceTest#networks")
    void latexCompiles(String network, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Pdflatex.installed(), "pdflatex is not installed");
        Trace t = trace(GoldenTraceTest.configOf(network));
        Pdflatex.compile(dir, "backward", TraceLatex.render(t, 6, Blanks.parse("backward", t)));
        if (network.equals("configs-seed002")) Pdflatex.compile(dir, "all", TraceLatex.render(t, 6, Blanks.parse("all", t)));
    }

    @Test
    void theCompileCheckCatchesBrokenLatex(@org.junit.jupiter.api.io.TempDir Path dir) {
        org.junit.jupiter.api.Assumptions.assumeTrue(Pdflatex.installed(), "pdflatex is not installed");
        String broken = "\\documentclass{article}\\begin{document}$W_2^\\top^2$\\end{document}\n";
        AssertionError e = assertThrows(AssertionError.class, () -> Pdflatex.compile(dir, "broken", broken));
        assertTrue(e.getMessage().contains("! Double superscript"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cnnbp.trace.GoldenTraceTest#networks")
    void answersTemplateListsEveryComputedTensorInItsShape(String network) throws IOException {
        Trace t = trace(GoldenTraceTest.configOf(network));
        String yaml = AnswersTemplate.render(t, Blanks.all(t));
        List<Item> items = new ArrayList<>(t.forwardItems());
        items.addAll(t.backwardItems());
        for (Item it : items) {
            int nulls = it.data().length;
            String key = it.name().contains("'") ? "\"" + it.name() + "\": " : it.name() + ": ";
            int at = yaml.indexOf("\n" + key);
            assertTrue(at >= 0, network + ": no " + key + " in\n" + yaml);
            int end = yaml.indexOf("\n\n", at + 1);
            String value = yaml.substring(at + key.length() + 1, end < 0 ? yaml.length() : end);
            assertEquals(nulls, value.split("null", -1).length - 1, network + " " + it.name() + ": " + value);
        }
    }
}
