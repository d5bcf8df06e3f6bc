package cnnbp.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.BadInputException;
import cnnbp.MemoryFileSystem;
import cnnbp.build.NetworkBuilder;
import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.model.Network;
import cnnbp.trace.Trace.Extra;
import cnnbp.trace.Trace.Item;
import cnnbp.trace.Trace.Step;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Batchnorm's extras in the trace: mu2, var2 (per channel, the batch's) and Xhat2 with dL/dXhat2, each
 * recomputed here from the trace's own Z1 and dL/dZ2 by the definition; where they show, where they
 * are left out, and how a file carries them (compare grades them: cnnbp.grade.ExtrasGradeTest). The
 * whole-network numbers are checked against PyTorch by {@link GoldenBatchTraceTest}.
 */
class BatchNormTraceTest {
    private static final Path CONF = Path.of("configs", "batchnorm-batch.conf");
    private static final Path BN1D = Path.of("src", "test", "resources", "golden", "batch", "bn1d-mlp-m5.conf");
    private static final double EPS = 1e-5;
    @RegisterExtension
    final MemoryFileSystem fs = new MemoryFileSystem();

    /** The config's examples as one batch (or its first example alone). */
    private static Trace trace(Path conf, boolean firstOnly) throws IOException {
        NetworkConfig c = ConfigLoader.parse(Files.readString(conf), conf);
        Network net = NetworkBuilder.build(c);
        List<NetworkConfig.Example> ex = firstOnly ? c.examples().subList(0, 1) : c.examples();
        int per = ex.get(0).input().length;
        double[] inputs = new double[ex.size() * per];
        double[] labels = new double[ex.size()];
        for (int m = 0; m < ex.size(); m++) {
            System.arraycopy(ex.get(m).input(), 0, inputs, m * per, per);
            labels[m] = ex.get(m).label();
        }
        return Trace.of(net, inputs, labels, conf.toString());
    }

    @Test
    void muVarAndXhatAreTheBatchStatisticsOfZ1() throws IOException {
        Trace t = trace(CONF, false);
        Step bn = t.layers().get(1);
        assertEquals(List.of("mu", "var", "xhat"), bn.extras().stream().map(Extra::key).toList());
        double[] z1 = t.layers().get(0).output().data();  // (2, 1, 2, 2): one channel, 8 values
        assertArrayEquals(new double[] {4, 3, 1, 4, 0, 2, 3, 0}, z1, 1e-12);
        double mu = 17.0 / 8, var = 0;
        for (double v : z1) var += (v - mu) * (v - mu) / 8;
        Extra m = bn.extra("mu"), v = bn.extra("var"), x = bn.extra("xhat");
        assertItem("mu2", new int[] {1}, new double[] {mu}, m.value());
        assertItem("var2", new int[] {1}, new double[] {var}, v.value());
        double[] xhat = new double[8], dxhat = new double[8];
        double[] dz2 = bn.gradOutput().data();
        for (int i = 0; i < 8; i++) {
            xhat[i] = (z1[i] - mu) / Math.sqrt(var + EPS);
            dxhat[i] = dz2[i] * 2;  // gamma 2
        }
        assertItem("Xhat2", new int[] {2, 1, 2, 2}, xhat, x.value());
        assertItem("dL/dXhat2", new int[] {2, 1, 2, 2}, dxhat, x.grad());
        assertNull(m.grad());
        assertNull(v.grad());
        assertFalse(m.perExample());
        assertTrue(x.perExample());
        assertEquals("mu2 = mean of Z1[m], per channel, over the batch's M·H·W values", m.value().rule());
        assertEquals("Xhat2[m] = (Z1[m] − mu2) / √(var2 + ε), ε = 1.0E-5", x.value().rule());
        assertEquals("dL/dXhat2[m] = dL/dZ2[m] ⊙ gamma2", x.grad().rule());
        assertEquals("Z2[m] = gamma2 ⊙ Xhat2[m] + beta2, gamma2 and beta2 per channel", bn.output().rule());
    }

    private static void assertItem(String name, int[] shape, double[] data, Item it) {
        assertEquals(name, it.name());
        assertArrayEquals(shape, it.shape(), name);
        assertArrayEquals(data, it.data(), 1e-12, name);
    }

    @Test
    void oneExampleHasTheExamplesShapesAndItsOwnStatistics() throws IOException {
        Step bn = trace(CONF, true).layers().get(1);
        assertArrayEquals(new int[] {1}, bn.extra("mu").value().shape());
        assertEquals(3, bn.extra("mu").value().data()[0], 1e-12);  // the mean of 4, 3, 1, 4
        assertArrayEquals(new int[] {1, 2, 2}, bn.extra("xhat").value().shape());
        assertEquals("mu2 = mean of Z1, per channel, over its H·W values", bn.extra("mu").value().rule());
    }

    /** bn1d-mlp-m5 has 5 features and M = 5: mu2 (5) must still read as the batch's, not as 5 examples. */
    @Test
    void aPerFeatureTensorIsTheBatchsEvenWhenItHasMValues() throws IOException {
        Trace t = trace(BN1D, false);
        Step bn = t.layers().get(1);
        assertArrayEquals(new int[] {5}, bn.extra("mu").value().shape());
        assertFalse(t.batched(bn.extra("mu").value()));
        assertFalse(t.batched(bn.extra("var").value()));
        assertTrue(t.batched(bn.extra("xhat").value()));
        String text = TraceText.render(t, 6);
        assertTrue(text.contains("mu2 = mean of Z1[m], per feature, over the batch's M values    [5]\n    "), text);
        assertFalse(text.contains("mu2[0]"), text);
        assertTrue(text.contains("  Xhat2[4]\n"), text);
    }

    /** Each example's share of dL/dgamma and dL/dbeta uses the batch's X̂: Σ over its positions of dL/dZ2[m] ⊙ Xhat2[m]. */
    @Test
    void perExampleContributionsUseTheBatchStatistics() throws IOException {
        for (Path conf : List.of(CONF, BN1D)) {
            Trace t = trace(conf, false);
            Step bn = t.layers().get(1);
            double[] xhat = bn.extra("xhat").value().data(), dout = bn.gradOutput().data();
            int m = t.batch(), c = bn.params().get(0).value().data().length, hw = xhat.length / (m * c);
            double[] dgamma = new double[m * c], dbeta = new double[m * c];
            for (int i = 0; i < xhat.length; i++) {
                int e = i / (c * hw), ch = i / hw % c;
                dgamma[e * c + ch] += dout[i] * xhat[i];
                dbeta[e * c + ch] += dout[i];
            }
            assertArrayEquals(dgamma, t.perExample().get("dL/dgamma2").data(), 1e-12, conf.toString());
            assertArrayEquals(dbeta, t.perExample().get("dL/dbeta2").data(), 1e-12, conf.toString());
            double[] sum = new double[c];
            for (int i = 0; i < m * c; i++) sum[i % c] += dgamma[i];
            assertArrayEquals(bn.params().get(0).grad().data(), sum, 1e-12, conf.toString());
        }
    }

    @Test
    void everyFormatShowsThemAndABlankLeavesThemOut() throws IOException {
        Trace t = trace(CONF, false);
        for (String doc : List.of(TraceText.render(t, 6), TraceMarkdown.render(t, 6, Set.of()))) {
            for (String name : List.of("mu2 =", "var2 =", "Xhat2[m] =", "dL/dXhat2[m] =")) {
                assertTrue(doc.contains(name), name + " in\n" + doc);
            }
        }
        String latex = TraceLatex.render(t, 6, Set.of());  // in the lecture's symbols
        for (String name : List.of("$\\mu_{2} =$ mean of $Z_{1}[m]$", "$\\sigma^2_{2} =$ mean of", "$\\hat{X}_{2}[m] = (Z_{1}[m] - \\mu_{2})",
                "$\\partial L/\\partial \\hat{X}_{2}[m] = \\partial L/\\partial Z_{2}[m] \\odot  \\gamma_{2}$")) {
            assertTrue(latex.contains(name), name + " in\n" + latex);
        }
        String text = TraceText.render(t, 6);
        assertTrue(text.indexOf("dL/dbeta2 =") < text.indexOf("dL/dXhat2[m] =")
                && text.indexOf("dL/dXhat2[m] =") < text.indexOf("dL/dZ1[m] ="), text);
        for (String blank : List.of("Z2", "Z1")) {  // Xhat2, mu2 and var2 give Z1 back, and with gamma2, beta2 Z2
            String b = TraceText.render(t, 6, Set.of(blank));
            assertFalse(b.contains("\nmu2 =") || b.contains("\nXhat2[m] ="), blank + " blank:\n" + b);
            assertTrue(b.contains("dL/dXhat2[m] ="), blank + " blank:\n" + b);
        }
        for (String blank : List.of("dL/dZ2", "dL/dZ1")) {
            String b = TraceText.render(t, 6, Set.of(blank));
            assertFalse(b.contains("dL/dXhat2[m] ="), blank + " blank:\n" + b);
            assertTrue(b.contains("mu2 ="), blank + " blank:\n" + b);
        }
    }

    /** A max pool's mask is an extra too: it goes with a blank pool output or input (it shows where the maxima are). */
    @Test
    void aMaskGoesWithABlankPoolOutputOrInput() throws IOException {
        NetworkConfig c = ConfigLoader.parse(Files.readString(Path.of("configs", "seed002.conf")), Path.of("seed002.conf"));
        Trace t = Trace.of(NetworkBuilder.build(c), c.example().input(), c.example().label(), "seed002");
        assertEquals("mask of P1", t.layers().get(2).extra("mask").value().name());
        assertTrue(TraceText.render(t, 6).contains("\nmask of P1: 1 where a window's maximum of A1 sits    [1x4x4]\n"));
        for (String blank : List.of("P1", "A1")) assertFalse(TraceText.render(t, 6, Set.of(blank)).contains("mask of P1"), blank);
        assertTrue(TraceText.render(t, 6, Set.of("Z1")).contains("mask of P1"));
    }

    /** The LaTeX of batchnorm's and dropout's formulas compiles (skipped where pdflatex is not installed). */
    @Test
    void latexCompiles(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Pdflatex.installed(), "pdflatex is not installed");
        Pdflatex.compile(dir, "bn", TraceLatex.render(trace(CONF, false), 6, Set.of()));
        Pdflatex.compile(dir, "bn1d", TraceLatex.render(trace(BN1D, false), 6, Set.of()));
        Pdflatex.compile(dir, "dropout", TraceLatex.render(trace(BN1D.resolveSibling("bn-dropout-m4.conf"), false), 6,
                Set.of()));
    }

    @Test
    void theFileHoldsThemUnderTensorsAndReadsBack() throws IOException {
        Trace t = trace(CONF, false);
        ObjectNode json = TraceJson.toJson(t);
        JsonNode tensors = json.at("/layers/1/tensors");
        assertEquals("mu2", tensors.at("/mu/name").asText());
        assertEquals("[1]", tensors.at("/mu/shape").toString());
        assertFalse(tensors.get("mu").has("grad"));
        assertEquals("Xhat2", tensors.at("/xhat/name").asText());
        assertEquals("[2,1,2,2]", tensors.at("/xhat/shape").toString());
        assertEquals(8, tensors.at("/xhat/grad").size());
        assertFalse(json.at("/layers/0").has("tensors"));

        Path file = fs.getPath("/bn.json");
        Files.writeString(file, TraceJson.render(t));
        assertEquals(TraceJson.render(t), TraceJson.render(TraceJson.read(file).trace()));
        ((ObjectNode) json.at("/layers/1")).remove("tensors");  // as a cnnbp before them wrote it
        Files.writeString(file, json.toString());
        assertEquals(TraceJson.render(t), TraceJson.render(TraceJson.read(file).trace()));
        ((ObjectNode) json.at("/layers/1")).set("tensors", TraceJson.toJson(t).at("/layers/1/tensors"));
        ((com.fasterxml.jackson.databind.node.ArrayNode) json.at("/layers/1/tensors/var/data")).set(0, 7.5);
        Files.writeString(file, json.toString());
        assertTrue(assertThrows(BadInputException.class, () -> TraceJson.read(file)).getMessage()
                .startsWith("/bn.json: \"layers[1].tensors.var.data[0]\" is 7.5, but the network the file describes gives"));
    }

    @Test
    void gammaAndBetaMayBeGivenPerChannel() throws IOException {
        String base = "input: [2, 3, 3]\nlayers:\n  - conv: {filters: 2, kernel: 2}\n  - batchnorm: %s\n"
                + "  - flatten\n  - dense: {units: 1}\nloss: mse\n";
        Network net = NetworkBuilder.build(ConfigLoader.parse(String.format(base, "{gamma: [2, 3], beta: [0.5, -1]}"),
                Path.of("bn.conf")));
        assertArrayEquals(new double[] {2, 3}, net.layer(1).params().get(0).value.data);
        assertArrayEquals(new double[] {0.5, -1}, net.layer(1).params().get(1).value.data);
        assertEquals("bn.conf:4:24: layer 2 batchnorm: gamma has shape 3, expected 2 [channels]",
                assertThrows(BadInputException.class, () -> NetworkBuilder.build(ConfigLoader.parse(
                        String.format(base, "{gamma: [1, 2, 3]}"), Path.of("bn.conf")))).getMessage());
        assertEquals("bn.conf:4:5: layer 2 batchnorm: gamma and beta need affine: true (without it the layer has no parameters)",
                assertThrows(BadInputException.class, () -> NetworkBuilder.build(ConfigLoader.parse(
                        String.format(base, "{affine: false, beta: [0, 0]}"), Path.of("bn.conf")))).getMessage());
    }
}
