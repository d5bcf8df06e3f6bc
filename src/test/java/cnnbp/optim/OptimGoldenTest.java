package cnnbp.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.layer.Layer;
import cnnbp.layer.Param;
import cnnbp.model.Network;
import cnnbp.build.NetworkBuilder;
import cnnbp.tensor.Tensor;
import cnnbp.train.Optimizers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays the runs of scripts/make-optim-golden (torch.optim.SGD, Adam, AdamW, RMSprop and their
 * variants in float64, with and without a schedule, four epochs of batches of 4, 4 and 2) through
 * the optimizer and schedule a config's {@code train:} section builds: each epoch's lr must be
 * PyTorch's exactly; every step's loss, then every weight and every state tensor at the end, to 1e-12.
 */
class OptimGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final double TOLERANCE = 1e-12;
    private static final List<String> MAX_DIFFERENCES = new ArrayList<>();

    @ParameterizedTest
    @ValueSource(strings = {"sgd-dampening", "sgd-nesterov-step", "adam", "adam-amsgrad-cosine", "adamw",
            "adamw-amsgrad-warmup", "rmsprop", "rmsprop-centered-exponential", "rmsprop-momentum-warmup"})
    void matchesTorchOptim(String name) throws Exception {
        JsonNode g = new ObjectMapper().readTree(GOLDEN.resolve("optim/" + name + ".json").toFile());
        Path conf = GOLDEN.resolve(g.get("config").asText());
        NetworkConfig cfg = ConfigLoader.parse(Files.readString(conf) + "train: " + g.get("train") + "\n", conf);
        Network net = NetworkBuilder.build(cfg);
        Optimizer optimizer = Optimizers.create(cfg.train().optimizer(), net.params());
        LrSchedule schedule = Optimizers.schedule(cfg.train().lrSchedule(), cfg.train().lr());
        int per = g.get("inputs").get(0).size(), step = 0;
        double maxDiff = 0;
        for (int epoch = 1; epoch <= g.get("epochs").size(); epoch++) {
            double lr = schedule.lr(epoch);
            assertEquals(g.get("lrs").get(epoch - 1).asDouble(), lr, 0.0, name + " lr of epoch " + epoch);
            for (int b = 0; b < g.get("epochs").get(epoch - 1).asInt(); b++, step++) {
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
                assertEquals(g.get("losses").get(step).asDouble(), loss, TOLERANCE, name + " step " + (step + 1) + " loss");
                net.backward(false);
                optimizer.step(lr);
            }
        }
        assertEquals(g.get("steps").asLong(), optimizer.steps());
        List<String> names = new ArrayList<>();
        g.get("state").fieldNames().forEachRemaining(names::add);
        assertEquals(names, List.copyOf(optimizer.state().keySet()), "PyTorch's state names, in its order");
        int pi = 0;
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layer(i);
            for (Param p : l.params()) {
                maxDiff = Math.max(maxDiff, compare(entry(g.get("weights"), i + 1).get(p.key), p.value.data,
                        name + " layer " + (i + 1) + " " + p.key));
                for (String state : names) {
                    maxDiff = Math.max(maxDiff, compare(entry(g.get("state").get(state), i + 1).get(p.key),
                            optimizer.state().get(state)[pi], name + " " + state + " of layer " + (i + 1) + " " + p.key));
                }
                pi++;
            }
        }
        System.out.printf("%s: largest difference from PyTorch %.3g%n", name, maxDiff);
    }

    private static double compare(JsonNode expected, double[] actual, String what) {
        assertEquals(expected.size(), actual.length, what);
        double max = 0;
        for (int j = 0; j < actual.length; j++) {
            assertEquals(expected.get(j).asDouble(), actual[j], TOLERANCE, what + "[" + j + "]");
            max = Math.max(max, Math.abs(expected.get(j).asDouble() - actual[j]));
        }
        return max;
    }

    private static JsonNode entry(JsonNode layers, int index) {
        for (JsonNode e : layers) {
            if (e.get("index").asInt() == index) return e;
        }
        throw new AssertionError("no layer " + index + " in the golden file");
    }
}
