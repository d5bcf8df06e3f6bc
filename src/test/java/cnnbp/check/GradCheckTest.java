package cnnbp.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.BadInputException;
import cnnbp.config.ConfigLoader;
import cnnbp.config.LayerSpec;
import cnnbp.kind.Options;
import cnnbp.loss.LossKind;
import cnnbp.config.NetworkConfig;
import cnnbp.data.Dataset;
import cnnbp.data.TestDatasets;
import cnnbp.layer.Layer;
import cnnbp.model.Network;
import cnnbp.build.NetworkBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GradCheckTest {
    static List<String> selfTest() {
        return SelfTest.NETWORKS;
    }

    static NetworkResult run(NetworkConfig cfg, Batch b, CheckOptions o) {
        return GradCheck.run(cfg.file().toString(), NetworkBuilder.build(cfg), b, o, "cnnbp gradcheck", Progress.NONE);
    }

    static NetworkResult runRandom(NetworkConfig cfg, int m, CheckOptions o) {
        Network net = NetworkBuilder.build(cfg);
        return GradCheck.run(cfg.file().toString(), net, Batch.random(net, m, 1), o, "cnnbp gradcheck", Progress.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selfTest")
    void selfTestNetworkPassesAndTestsSomething(String name) {
        NetworkResult r = runRandom(SelfTest.config(name), SelfTest.BATCH, CheckOptions.defaults().withInputGrad(true));
        assertTrue(r.passed(), name + "\n" + ReportText.render(new Report(List.of(r), CheckOptions.defaults(), 0)));
        for (TensorResult t : r.tensors()) {
            assertEquals(t.size(), t.checked(), name + " " + t.name() + ": every element");
            assertFalse(t.allZero(), name + " " + t.name() + " is all zero: it tests nothing");
        }
        assertEquals("X", r.tensors().get(r.tensors().size() - 1).name(), name + ": dL/dX is checked");
    }

    /** What the self-test claims to cover, read from its networks. */
    @Test
    void selfTestCoversEveryLayerTypeLossAndShapeCase() {
        Set<String> types = new HashSet<>();
        Set<LossKind> losses = new HashSet<>();
        Set<Integer> strides = new HashSet<>();
        boolean padding = false, nonSquareKernel = false, nonSquareInput = false, manyChannels = false;
        boolean overlappingPool = false, scalarMse = false;
        for (String name : SelfTest.NETWORKS) {
            NetworkConfig cfg = SelfTest.config(name);
            Network net = NetworkBuilder.build(cfg);
            for (Layer l : net.layers()) types.add(l.type());
            losses.add(cfg.loss());
            scalarMse |= cfg.loss() == LossKind.MSE && net.outShape()[0] == 1;
            int[] in = cfg.input();
            nonSquareInput |= in.length == 3 && in[1] != in[2];
            for (LayerSpec s : cfg.layers()) {
                Options c = s.options();
                if (s.type().equals("conv")) {
                    for (int st : c.pair("stride")) strides.add(st);
                    padding |= !(c.get("padding") instanceof int[] p) || p[0] + p[1] > 0;  // numbers or "same"
                    nonSquareKernel |= c.pair("kernel")[0] != c.pair("kernel")[1];
                    manyChannels |= in.length == 3 && in[0] >= 3 && c.integer("filters") >= 2 && s.index() == 1;
                }
                if (s.type().endsWith("pool") && !s.type().startsWith("global")) {
                    overlappingPool |= c.pair("stride")[0] < c.pair("size")[0] || c.pair("stride")[1] < c.pair("size")[1];
                }
            }
        }
        assertEquals(Set.of("conv", "maxpool", "avgpool", "flatten", "dense", "relu", "leaky_relu", "sigmoid", "tanh",
                "softmax", "batchnorm", "dropout", "global_avgpool", "global_maxpool"), types);
        assertEquals(Set.of(LossKind.values()), losses);
        assertTrue(strides.containsAll(List.of(1, 2, 3)), "strides " + strides);
        assertTrue(padding && nonSquareKernel && nonSquareInput && manyChannels && overlappingPool && scalarMse);
    }

    /** The fast path (shifting a conv or dense layer's output) gives the numbers recomputing gives. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("selfTest")
    void shiftingTheOutputAgreesWithRecomputingIt(String name) {
        NetworkConfig cfg = SelfTest.config(name);
        CheckOptions o = CheckOptions.defaults().withInputGrad(true);
        NetworkResult fast = runRandom(cfg, SelfTest.BATCH, o), slow = runRandom(cfg, SelfTest.BATCH, o.withIncremental(false));
        double floor = 1e-9 * Math.max(1, Math.abs(fast.lossValue()));
        for (int t = 0; t < fast.tensors().size(); t++) {
            List<ElementResult> a = fast.tensors().get(t).elements(), b = slow.tensors().get(t).elements();
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(b.get(i).analytic(), a.get(i).analytic(), 0.0);
                assertEquals(b.get(i).numeric(), a.get(i).numeric(), floor, name + " " + fast.tensors().get(t).name()
                        + Arrays.toString(a.get(i).index()));
                assertEquals(b.get(i).status(), a.get(i).status());
            }
        }
    }

    /**
     * The numeric gradients against PyTorch's analytic ones (scripts/make-golden, float64): an
     * independent check that the finite differences measure the right thing.
     */
    @Test
    void numericGradientsMatchPyTorch() throws IOException {
        NetworkConfig cfg;
        JsonNode golden;
        try (InputStream c = getClass().getResourceAsStream("/golden/two-conv-blocks.conf");
             InputStream g = getClass().getResourceAsStream("/golden/two-conv-blocks.trace.json")) {
            cfg = ConfigLoader.parse(new String(c.readAllBytes()), Path.of("two-conv-blocks.conf"));
            golden = new ObjectMapper().readTree(g);
        }
        Network net = NetworkBuilder.build(cfg);
        NetworkResult r = GradCheck.run("golden", net, Batch.example(cfg, net), CheckOptions.defaults(), "", Progress.NONE);
        int compared = 0;
        for (TensorResult t : r.tensors()) {
            JsonNode grad = golden.get("layers").get(t.layer() - 1).get("params").get(t.param()).get("grad");
            for (ElementResult e : t.elements()) {
                int flat = 0;
                for (int d = 0; d < t.shape().length; d++) flat = flat * t.shape()[d] + e.index()[d];
                double torch = grad.get(flat).asDouble();
                assertEquals(torch, e.numeric(), 1e-8 + 1e-6 * Math.abs(torch), t.name() + Arrays.toString(e.index()));
                compared++;
            }
        }
        assertEquals(net.paramCount(), compared);
    }

    @Test
    void samplingChecksKPerTensorEveryBiasAndOnePerOutputChannel() {
        NetworkConfig cfg = SelfTest.config("two-conv-softmax-mse");
        CheckOptions o = CheckOptions.defaults().withInputGrad(true).withMaxPerTensor(3);
        NetworkResult r = runRandom(cfg, SelfTest.BATCH, o);
        for (TensorResult t : r.tensors()) {
            Set<Integer> rows = t.elements().stream().map(e -> e.index()[0]).collect(Collectors.toSet());
            if (t.param().equals("b")) {
                assertEquals(t.size(), t.checked(), t.name() + ": every bias element");
            } else {
                assertEquals(Math.max(3, t.shape()[0]), t.checked(), t.name() + ": K, or one per output channel");
                assertEquals(t.shape()[0], rows.size(), t.name() + ": every output channel, unit or example");
            }
        }
        NetworkResult again = runRandom(cfg, SelfTest.BATCH, o);
        NetworkResult other = runRandom(cfg, SelfTest.BATCH, o.withSeed(2));
        assertEquals(indices(r), indices(again), "the same seed picks the same elements");
        assertNotEquals(indices(r), indices(other), "another seed picks others");
    }

    private static List<String> indices(NetworkResult r) {
        return r.tensors().stream().flatMap(t -> t.elements().stream().map(e -> t.name() + Arrays.toString(e.index())))
                .toList();
    }

    @Test
    void bigNetworksAreSampledByDefault() {
        NetworkConfig cfg = ConfigLoader.parse("""
                input: [400]
                layers:
                  - dense: {units: 260}
                  - dense: {units: 2}
                  - softmax
                loss: cross_entropy
                """, Path.of("big.conf"));
        NetworkResult r = runRandom(cfg, 1, CheckOptions.defaults());
        assertEquals(List.of(CheckOptions.SAMPLE, 260, 520, 2), r.tensors().stream().map(TensorResult::checked).toList(),
                "104,000 weights and more than 100,000 parameters: W1 sampled, b1 whole, W2 smaller than the sample");
    }

    @Test
    void onlyChecksTheNamedTensorsAndElements() {
        NetworkConfig cfg = SelfTest.config("rgb-conv-maxpool-ce");
        CheckOptions o = CheckOptions.defaults().withOnly(List.of(Selector.parse("W1[3,2,1,0]"), Selector.parse("b2"),
                Selector.parse("X[1,0,2,3]")));
        NetworkResult r = runRandom(cfg, SelfTest.BATCH, o);
        assertEquals(List.of("W1", "b2", "X"), r.tensors().stream().map(TensorResult::name).toList());
        assertArrayEquals(new int[] {3, 2, 1, 0}, r.tensors().get(0).elements().get(0).index());
        assertEquals(1, r.tensors().get(0).checked());
        assertEquals(5, r.tensors().get(1).checked());
        assertArrayEquals(new int[] {1, 0, 2, 3}, r.tensors().get(2).elements().get(0).index());
    }

    @Test
    void onlyNamesWhatIsWrong() {
        NetworkConfig cfg = SelfTest.config("rgb-conv-maxpool-ce");
        String[][] cases = {
                {"W7", "--only W7: the network has no tensor W7; it has W1, b1, W2, b2 (and X, the input)"},
                {"W1[1,2]", "--only W1[1,2]: W1 has shape [4, 3, 3, 2], so an element needs 4 indices, got 2"},
                {"W1[1,3,0,0]", "--only W1[1,3,0,0]: index 2 is 3, but W1 has shape [4, 3, 3, 2] (indices from 0)"},
        };
        for (String[] c : cases) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> runRandom(cfg, 1, CheckOptions.defaults().withOnly(List.of(Selector.parse(c[0])))));
            assertEquals(c[1], e.getMessage());
        }
        assertEquals("--only W1[: expected a tensor name such as W2, b1 or X, optionally with an element's index,"
                + " e.g. W2[3,1,0,2]", assertThrows(BadInputException.class, () -> Selector.parse("W1[")).getMessage());
    }

    /** Logits 1000 and −1000: softmax gives the label's class exactly 0 and −log 0 is infinite. */
    @Test
    void anInfiniteLossMakesTheCheckUnreliable() {
        NetworkConfig cfg = ConfigLoader.parse("""
                input: [2]
                layers:
                  - dense: {units: 2, weights: [[1000, 0], [-1000, 0]], bias: [0, 0]}
                  - softmax
                loss: cross_entropy
                example: {input: [1, 0], label: 1}
                """, Path.of("inf.conf"));
        Network net = NetworkBuilder.build(cfg);
        UnreliableCheckException e = assertThrows(UnreliableCheckException.class,
                () -> run(cfg, Batch.example(cfg, net), CheckOptions.defaults()));
        assertTrue(e.getMessage().startsWith("the loss is Infinity at the checked point"), e.getMessage());
    }

    @Test
    void aDatasetsFirstExamplesAreTheBatch() {
        NetworkConfig cfg = SelfTest.config("mlp-regression");
        Network net = NetworkBuilder.build(cfg);
        double[] inputs = new double[4 * 5];
        Arrays.setAll(inputs, i -> i / 10.0);
        Dataset data = TestDatasets.of(new int[] {5}, inputs, new double[] {0.5, -1, 2, 3}, List.of(), "train.csv");
        Batch b = Batch.first(data, 3, net, "train.csv");
        assertArrayEquals(Arrays.copyOf(inputs, 15), b.x().data);
        assertArrayEquals(new double[] {0.5, -1, 2}, b.labels());
        assertEquals("the first 3 examples of train.csv", b.description());
        assertEquals("train.csv: --batch 5 asks for more examples than the 4 it has",
                assertThrows(BadInputException.class, () -> Batch.first(data, 5, net, "train.csv")).getMessage());
        assertTrue(run(cfg, b, CheckOptions.defaults()).passed());
    }
}
