package cnnbp.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnbp.config.ConfigLoader;
import cnnbp.layer.Layer;
import cnnbp.layer.Param;
import cnnbp.model.Network;
import cnnbp.build.NetworkBuilder;
import cnnbp.tensor.Tensor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays the mini-batch runs of scripts/make-sgd-golden (torch.optim.SGD in float64, batches of
 * 4, 4 and 2 for three epochs) through cnnbp's Network and Sgd: every step's loss, then every
 * weight and momentum buffer at the end, must match PyTorch's.
 */
class SgdGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @ParameterizedTest
    @ValueSource(strings = {"rgb-3to4", "stride2-pad1", "pool-first", "mlp-regression"})
    void matchesTorchOptimSgd(String name) throws Exception {
        JsonNode g = new ObjectMapper().readTree(GOLDEN.resolve("sgd/" + name + ".json").toFile());
        Network net = NetworkBuilder.build(ConfigLoader.load(GOLDEN.resolve(g.get("config").asText())));
        double lr = g.get("lr").asDouble();
        Sgd sgd = new Sgd(net.params(), g.get("momentum").asDouble(), 0, false, g.get("weight_decay").asDouble());
        int per = g.get("inputs").get(0).size();
        for (int step = 0; step < g.get("batches").size(); step++) {
            JsonNode batch = g.get("batches").get(step);
            Tensor x = Tensor.batch(batch.size(), net.inShape());
            double[] y = new double[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                int e = batch.get(i).asInt();
                for (int j = 0; j < per; j++) x.data[i * per + j] = g.get("inputs").get(e).get(j).asDouble();
                y[i] = g.get("labels").get(e).asDouble();
            }
            net.zeroGrad();
            double loss = net.forward(x, y);
            assertEquals(g.get("losses").get(step).asDouble(), loss, 1e-12, name + " step " + (step + 1) + " loss");
            net.backward(false);
            sgd.step(lr);
        }
        int pi = 0;
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layer(i);
            for (Param p : l.params()) {
                JsonNode w = entry(g.get("weights"), i + 1).get(p.key);
                for (int j = 0; j < p.value.size(); j++) {
                    assertEquals(w.get(j).asDouble(), p.value.data[j], 1e-12, name + " layer " + (i + 1) + " " + p.key + "[" + j + "]");
                }
                if (!g.get("momentum_buffers").isNull()) {
                    JsonNode v = entry(g.get("momentum_buffers"), i + 1).get(p.key);
                    for (int j = 0; j < p.value.size(); j++) {
                        assertEquals(v.get(j).asDouble(), sgd.state().get("momentum_buffer")[pi][j], 1e-12,
                                name + " momentum buffer of layer " + (i + 1) + " " + p.key + "[" + j + "]");
                    }
                }
                pi++;
            }
        }
    }

    private static JsonNode entry(JsonNode layers, int index) {
        for (JsonNode e : layers) {
            if (e.get("index").asInt() == index) return e;
        }
        throw new AssertionError("no layer " + index + " in the golden file");
    }
}
