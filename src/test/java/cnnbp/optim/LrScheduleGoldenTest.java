package cnnbp.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.train.Optimizers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each schedule of scripts/make-optim-golden for 30 epochs (cosine well past T_max, warmups into
 * each schedule): the lr of every epoch must be the double PyTorch's scheduler gives, exactly.
 */
class LrScheduleGoldenTest {
    static List<JsonNode> schedules() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper().readTree(Path.of("src/test/resources/golden/optim/schedules.json").toFile())
                .get("schedules").forEach(out::add);
        return out;
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void everyEpochsLrIsPyTorchsExactly(JsonNode g) {
        NetworkConfig cfg = ConfigLoader.parse("input: [1]\nlayers: [{dense: {units: 1}}]\nloss: mse\ntrain: {lr: "
                + g.get("lr") + ", lr_schedule: " + g.get("lr_schedule") + "}\n", Path.of("s.conf"));
        LrSchedule s = Optimizers.schedule(cfg.train().lrSchedule(), cfg.train().lr());
        for (int epoch = 1; epoch <= g.get("lrs").size(); epoch++) {
            assertEquals(g.get("lrs").get(epoch - 1).asDouble(), s.lr(epoch), 0.0, g.get("lr_schedule") + " epoch " + epoch);
        }
    }
}
