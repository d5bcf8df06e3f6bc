package cnnbp.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.layer.Layer;
import cnnbp.loss.Loss;
import cnnbp.model.Network;
import cnnbp.build.NetworkBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checker can fail: for every layer type and loss, a network with one broken backward (see
 * {@link Broken}) must exit 1, and exactly the tensors the mistake reaches must fail, each naming
 * its worst element in the report with a command that reproduces it.
 */
class MutationTest {
    /**
     * @param network  a self-test network, or "square-dense"
     * @param layer    the 0-based layer to break, or −1 to break the loss
     * @param failing  the tensors that must fail, and no others
     */
    record Mutation(String what, String network, int layer, Broken.Backward backward, double lossFactor,
                    Set<String> failing) {
        @Override
        public String toString() {
            return what;
        }
    }

    private static final String TWO_CONV = "two-conv-softmax-mse";  // conv relu conv relu maxpool flatten dense sigmoid dense softmax
    private static final String LEAKY = "stride2-leaky-avgpool-bce"; // conv leaky_relu avgpool flatten dense sigmoid
    private static final String TANH = "stride3-tanh-overlap-mse";   // conv tanh maxpool flatten dense
    private static final String CE = "rgb-conv-maxpool-ce";          // conv relu maxpool flatten dense softmax
    private static final String SQUARE = "square-dense";             // dense 4x4, tanh, dense, softmax
    // conv relu batchnorm dropout conv global_avgpool dense tanh batchnorm dense softmax
    private static final String BN = "bn-dropout-gap";
    private static final String GMAX = "global-maxpool-bn";          // conv global_maxpool dense sigmoid batchnorm dense softmax

    static Stream<Mutation> mutations() {
        Set<String> twoConvUp2 = Set.of("W1", "b1", "X");
        Set<String> twoConvUp4 = Set.of("W1", "b1", "W2", "b2", "X");
        Set<String> twoConvUp6 = Set.of("W1", "b1", "W2", "b2", "W3", "b3", "X");
        Set<String> all = Set.of("W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4", "X");
        Set<String> conv1 = Set.of("W1", "b1", "X");
        return Stream.of(
                layer("conv: weight gradient shifted by one", TWO_CONV, 2, Broken.weightGradShifted(), Set.of("W2")),
                layer("conv: weight gradient transposed (kernel rows and columns)", TWO_CONV, 0,
                        Broken.weightGradTransposed(), Set.of("W1")),
                layer("conv: bias gradient dropped", TWO_CONV, 2, Broken.biasGradDropped(), Set.of("b2")),
                layer("conv: dinp off by a factor 1.5", TWO_CONV, 2, Broken.dinpTimes(1.5), twoConvUp2),
                layer("relu: dinp off by a factor 0.5", TWO_CONV, 3, Broken.dinpTimes(0.5), twoConvUp4),
                layer("maxpool: gradient routed to the window's top-left", TWO_CONV, 4, Broken.maxpoolTopLeft(), twoConvUp4),
                layer("flatten: dinp shifted by one", TWO_CONV, 5, Broken.dinpShifted(), twoConvUp4),
                layer("dense: bias gradient dropped", TWO_CONV, 6, Broken.biasGradDropped(), Set.of("b3")),
                layer("sigmoid: dinp off by a factor 1.1", TWO_CONV, 7, Broken.dinpTimes(1.1), twoConvUp6),
                layer("dense: dinp off by a factor 2", TWO_CONV, 8, Broken.dinpTimes(2), twoConvUp6),
                layer("softmax: dinp off by a factor 1.1", TWO_CONV, 9, Broken.dinpTimes(1.1), all),
                layer("leaky_relu: negative side dropped", LEAKY, 1, Broken.negativeSideDropped(), conv1),
                layer("avgpool: dinp off by a factor 1.25", LEAKY, 2, Broken.dinpTimes(1.25), conv1),
                layer("tanh: dinp off by a factor 1.1", TANH, 1, Broken.dinpTimes(1.1), conv1),
                layer("dense: weight gradient transposed", SQUARE, 0, Broken.weightGradTransposed(), Set.of("W1")),
                layer("dense: weight gradient shifted by one", SQUARE, 2, Broken.weightGradShifted(), Set.of("W2")),
                layer("batchnorm (per channel): dinp without the variance's term", BN, 2,
                        Broken.batchnormVarianceTermDropped(), Set.of("W1", "b1", "X")),
                layer("batchnorm (per feature): dinp without the variance's term", BN, 8,
                        Broken.batchnormVarianceTermDropped(), Set.of("W1", "b1", "gamma2", "beta2", "W3", "b3", "W4", "b4", "X")),
                layer("batchnorm: dgamma off by a factor 1.5", BN, 8, Broken.paramGradTimes(0, 1.5), Set.of("gamma5")),
                layer("batchnorm: dbeta off by a factor 0.5", BN, 2, Broken.paramGradTimes(1, 0.5), Set.of("beta2")),
                layer("batchnorm without affine: dinp off by a factor 1.1", GMAX, 4, Broken.dinpTimes(1.1),
                        Set.of("W1", "b1", "W2", "b2", "X")),
                layer("dropout: mask not applied in backward", BN, 3, Broken.dropoutMaskNotApplied(),
                        Set.of("W1", "b1", "gamma2", "beta2", "X")),
                layer("global_avgpool: dinp off by a factor 1.25", BN, 5, Broken.dinpTimes(1.25),
                        Set.of("W1", "b1", "gamma2", "beta2", "W3", "b3", "X")),
                layer("global_maxpool: dinp off by a factor 2", GMAX, 1, Broken.dinpTimes(2), Set.of("W1", "b1", "X")),
                loss("mse: gradient off by a factor 0.5", TWO_CONV, 0.5, all),
                loss("bce: fused gradient off by a factor 2", LEAKY, 2, Set.of("W1", "b1", "W2", "b2", "X")),
                loss("cross_entropy: fused gradient without the 1/M", CE, SelfTest.BATCH,
                        Set.of("W1", "b1", "W2", "b2", "X")));
    }

    private static Mutation layer(String what, String network, int layer, Broken.Backward b, Set<String> failing) {
        return new Mutation(what, network, layer, b, 1, failing);
    }

    private static Mutation loss(String what, String network, double factor, Set<String> failing) {
        return new Mutation(what, network, -1, null, factor, failing);
    }

    static NetworkConfig config(String network) {
        if (!network.equals(SQUARE)) return SelfTest.config(network);
        return ConfigLoader.parse("""
                input: [4]
                layers:
                  - dense: {units: 4}
                  - tanh
                  - dense: {units: 3}
                  - softmax
                loss: cross_entropy
                """, Path.of("square-dense.conf"));
    }

    /** The network of the config with one layer or the loss broken. */
    static Network broken(Mutation m) {
        Network real = NetworkBuilder.build(config(m.network()));
        List<Layer> layers = new ArrayList<>(real.layers());
        if (m.layer() >= 0) layers.set(m.layer(), new Broken(layers.get(m.layer()), m.backward()));
        Loss loss = m.layer() >= 0 ? real.loss() : Broken.lossTimes(real.loss(), m.lossFactor());
        return new Network(real.inShape(), layers, loss);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void brokenBackwardIsCaughtNamingTensorAndElement(Mutation m) {
        Network net = broken(m);
        String command = "cnnbp gradcheck --selftest " + m.network() + " --seed 1";
        NetworkResult r = GradCheck.run(m.network(), net, Batch.random(net, SelfTest.BATCH, 1),
                CheckOptions.defaults().withInputGrad(true), command, Progress.NONE);
        Report report = new Report(List.of(r), CheckOptions.defaults(), r.seconds());
        assertEquals(1, report.exitCode(), m + ": exit code");

        Set<String> failing = r.tensors().stream().filter(t -> !t.passed()).map(TensorResult::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(m.failing()), failing, m + ": the tensors that fail");

        String text = ReportText.render(report);
        for (TensorResult t : r.tensors()) {
            if (t.passed()) continue;
            ElementResult w = t.worst();
            assertEquals(Status.FAIL, w.status(), m + ": " + t.name() + "'s worst element");
            String element = Selector.element(t.name(), w.index());
            assertTrue(text.contains("FAIL " + element + ": analytic "), m + ": the report names " + element + "\n" + text);
            assertTrue(text.contains("reproduce: " + command + " --only '" + element + "'"),
                    m + ": the report has the command reproducing " + element);
        }
    }

    /** A backward that makes NaN fails every element it reaches, and the JSON stays valid JSON. */
    @Test
    void aNaNGradientFailsAndTheJsonSaysNaN() throws Exception {
        Mutation m = layer("relu: dinp NaN", TWO_CONV, 3, Broken.dinpTimes(Double.NaN), Set.of());
        Network net = broken(m);
        NetworkResult r = GradCheck.run(m.network(), net, Batch.random(net, 2, 1), CheckOptions.defaults(), "cnnbp gradcheck",
                Progress.NONE);
        TensorResult w1 = r.tensors().get(0);
        assertEquals(w1.checked(), w1.failed(), "every element of W1 is NaN");
        JsonNode json = new ObjectMapper().readTree(ReportJson.render(new Report(List.of(r), CheckOptions.defaults(), 0)));
        JsonNode e = json.get("networks").get(0).get("tensors").get(0).get("elements").get(0);
        assertEquals("NaN", e.get("analytic").asText());
        assertTrue(e.get("analytic").isTextual(), "a string, as JSON has no NaN");
        assertEquals("fail", e.get("status").asText());
    }
}
