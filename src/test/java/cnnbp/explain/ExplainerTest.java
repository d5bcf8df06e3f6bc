package cnnbp.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.BadInputException;
import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.model.Network;
import cnnbp.build.NetworkBuilder;
import cnnbp.trace.Trace;
import cnnbp.trace.Trace.Item;
import cnnbp.trace.Trace.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every expansion adds up to the trace's own value; the expansions a student reads, term by term. */
class ExplainerTest {
    static Trace trace(Path conf) throws IOException {
        NetworkConfig c = ConfigLoader.parse(Files.readString(conf), conf);
        Network net = NetworkBuilder.build(c);
        return Trace.of(net, c.example().input(), c.example().label(), conf.toString());
    }

    static Explainer seed(int n) throws IOException {
        return Explainer.of(trace(Path.of("configs", "seed00" + n + ".conf")));
    }

    static Stream<Path> networks() throws IOException {
        List<Path> confs = new ArrayList<>(List.of(Path.of("configs", "seed000.conf"), Path.of("configs", "seed001.conf"),
                Path.of("configs", "seed002.conf")));
        try (Stream<Path> golden = Files.list(Path.of("src", "test", "resources", "golden"))) {
            golden.filter(p -> p.toString().endsWith(".conf")).sorted().forEach(confs::add);
        }
        return confs.stream();
    }

    @ParameterizedTest
    @MethodSource("networks")
    void everyElementAddsUpToItsTraceValue(Path conf) throws IOException {
        Trace t = trace(conf);
        Explainer ex = Explainer.of(t);
        Set<String> given = Set.of("X", "Y");
        int checked = 0;
        for (Item it : ex.tensors()) {
            boolean isGiven = given.contains(it.name()) || it.name().matches("[Wb]\\d+'*");
            for (int e = 0; e < it.data().length; e++) {
                Expansion x = ex.explain(it.name(), e);
                assertEquals(it.name(), x.target().tensor());
                assertEquals(e, x.target().flat());
                assertEquals(isGiven, !x.expanded(), x.target() + " expanded: " + x.expanded());
                if (isGiven) continue;
                assertEquals(it.data()[e], x.result(), 1e-12, conf + ": " + x.target() + " = " + x.rule());
                checked++;
            }
        }
        assertTrue(checked > 10, "only " + checked + " elements checked");
    }

    @Test
    void convWeightGradientIsTheSumOfProductsOfTheIssue() throws IOException {
        Expansion x = seed(2).explain("dL/dW1[0,0,1,1]");
        assertEquals("Σ_{i,j} X[0,i+1,j+1]·dL/dZ1[0,i,j]", x.rule());
        assertEquals(16, x.terms().size());  // Z1 is 4x4
        Expansion.Term first = x.terms().get(0), last = x.terms().get(15);
        assertEquals("X[0,1,1]", first.factors().get(0).refs().get(0).toString());
        assertEquals(7.0, first.factors().get(0).value());
        assertEquals("dL/dZ1[0,0,0]", first.factors().get(1).refs().get(0).toString());
        assertEquals("X[0,4,4]", last.factors().get(0).refs().get(0).toString());
        assertEquals("dL/dZ1[0,3,3]", last.factors().get(1).refs().get(0).toString());
    }

    @Test
    void convForwardReadsItsReceptiveField() throws IOException {
        // seed002: Z1[0,2,3] = b1[0] + 0.1·X[0,2,3] − 0.2·X[0,2,4] + 0.3·X[0,3,3] + 0.4·X[0,3,4] = 1.4 − 3 + 5.7 + 8 = 12.1
        Expansion x = seed(2).explain("Z1[0,2,3]");
        assertEquals("b1[0] + Σ_{i,j} W1[0,0,i,j]·X[0,i+2,j+3]", x.rule());
        assertEquals(List.of("b1[0]", "W1[0,0,0,0]", "X[0,2,3]", "W1[0,0,0,1]", "X[0,2,4]", "W1[0,0,1,0]", "X[0,3,3]",
                "W1[0,0,1,1]", "X[0,3,4]"), x.sources().stream().map(Ref::toString).toList());
        assertEquals(12.1, x.result(), 1e-12);
        assertEquals("0 + 0.1·14 + (-0.2)·15 + 0.3·19 + 0.4·20", x.numbers(v -> cnnbp.text.Numbers.format(v, 6)));
    }

    @Test
    void maxPoolRoutesTheGradientToEachWindowsMaximum() throws IOException {
        Explainer ex = seed(2);
        // A1 = relu(Z1) grows to the bottom right: each 2x2 window's maximum is its bottom-right element
        Expansion routed = ex.explain("dL/dA1[0,1,1]");
        assertEquals(List.of("dL/dP1[0,0,0]"), routed.sources().stream().map(Ref::toString).toList());
        Expansion none = ex.explain("dL/dA1[0,0,0]");
        assertTrue(none.terms().isEmpty());
        assertEquals(0.0, none.result());
        assertTrue(none.note().contains("no window's maximum"), none.note());
        Expansion max = ex.explain("P1[0,1,0]");
        assertEquals("max_{i,j} A1[0,i+2,j]", max.rule());
        assertEquals("the maximum sits at A1[0,3,1]", max.note());
    }

    @Test
    void fusedSoftmaxCrossEntropyIsAMinusY() throws IOException {
        Explainer ex = seed(2);
        Expansion x = ex.explain("dL/dZ2[1]");
        assertEquals("A2[1] − Y[1]", x.rule());
        assertEquals(List.of("A2[1]", "Y[1]"), x.sources().stream().map(Ref::toString).toList());
        Expansion loss = ex.explain("L");
        assertEquals("−log A2[1]", loss.rule());
    }

    @Test
    void givenTensorsAreNotExpanded() throws IOException {
        Expansion x = seed(2).explain("W1[0,0,1,1]");
        assertFalse(x.expanded());
        assertNull(x.rule());
        assertTrue(Double.isNaN(x.result()));
        assertEquals("given: the weights of layer 1", x.note());
    }

    @Test
    void anUnknownLayerTypeIsNamedNotExpanded() throws IOException {
        Trace t = trace(Path.of("configs", "seed002.conf"));
        List<Step> steps = new ArrayList<>(t.layers());
        Step relu = steps.get(1);
        steps.set(1, new Step(relu.index(), "gelu", "gelu", Map.of(), relu.output(), relu.gradOutput(), List.of(), List.of()));
        Explainer ex = Explainer.of(new Trace(t.source(), t.lossKind(), t.labels(), t.loss(), t.losses(), t.lossRule(),
                t.x(), t.y(), steps, t.perExample(), t.exampleLossRule()));
        Expansion forward = ex.explain("A1[0,0,0]"), backward = ex.explain("dL/dZ1[0,0,0]");
        assertFalse(forward.expanded());
        assertEquals("computed by layer 2 (gelu)'s forward; cnnbp explain has no rule for this layer type", forward.note());
        assertFalse(backward.expanded());
        assertEquals("computed by layer 2 (gelu)'s backward; cnnbp explain has no rule for this layer type", backward.note());
        assertTrue(ex.explain("P1[0,0,0]").expanded());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "dW1[0,0,1,1]     | unknown tensor 'dW1' (did you mean 'dL/dW1'?); expected one of X, W1, b1, Z1, A1, P1, F, W2, b2, Z2, A2, Y, L, dL/dA2, dL/dZ2, dL/dW2, dL/db2, dL/dF, dL/dP1, dL/dA1, dL/dZ1, dL/dW1, dL/db1",
            "dL/dW1[0,0,1]    | dL/dW1[0,0,1]: dL/dW1 has shape [1x1x2x2], so 4 indices are expected, got 3",
            "dL/dW1[0,0,1,2]  | dL/dW1[0,0,1,2]: index 4 is 2, expected 0 to 1 (dL/dW1 has shape [1x1x2x2])",
            "Z1[0,a,1]        | Z1[0,a,1]: index 2 'a' is not a whole number",
            "L[0]             | L[0]: L has shape [], so no index are expected, got 1",
            "Z1[0,1          | 'Z1[0,1' is not an element: expected a tensor name and indices, such as 'dL/dA2[0]'",
    })
    void badElementsAreNamed(String element, String message) throws IOException {
        Explainer ex = seed(2);
        assertEquals(message, assertThrows(BadInputException.class, () -> ex.explain(element)).getMessage());
    }
}
