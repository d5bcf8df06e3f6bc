package cnnbp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cnnbp.BadInputException;
import cnnbp.config.NetworkConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The optimizer's settings, state and schedule in a checkpoint: their layout, notices, damage, old checkpoints. */
class OptimizerCheckpointTest {
    private static final String ADAM = "{batch: 4, optimizer: adam, lr: 0.01, amsgrad: true, seed: 7,"
            + " lr_schedule: {type: cosine, T_max: 4, warmup_epochs: 1}}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private FileSystem fs;
    private Path file;

    @BeforeEach
    void setUp() {
        fs = Jimfs.newFileSystem(Configuration.unix());
        file = fs.getPath("/runs/model.json");
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
    }

    private static Trainer trainer(NetworkConfig cfg) {
        return new Trainer(Toy.net(cfg), Toy.halves(10, 1), Toy.halves(6, 2), cfg.train());
    }

    private Trainer saved(String train, int epochs) throws IOException {
        NetworkConfig cfg = Toy.config(train);
        Trainer t = trainer(cfg);
        t.run(epochs, new TrainListener() {});
        Checkpoint.write(file, t, cfg);
        return t;
    }

    @Test
    void theSettingsStateAndScheduleAreWrittenUnderPyTorchsNames() throws IOException {
        Trainer t = saved(ADAM, 2);
        JsonNode tr = JSON.readTree(Files.readString(file)).get("training");
        assertEquals("adam", tr.get("optimizer").asText());
        assertEquals("[0.9,0.999]", tr.get("betas").toString());
        assertEquals(true, tr.get("amsgrad").asBoolean());
        assertEquals("{\"type\":\"cosine\",\"T_max\":4,\"eta_min\":0.0,\"warmup_epochs\":1,\"warmup_start_factor\":0.3333333333333333}",
                tr.get("lr_schedule").toString());
        assertEquals(6, tr.get("optimizer_steps").asInt(), "3 batches an epoch, 2 epochs");
        assertEquals(List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq"), names(tr.get("optimizer_state")));
        JsonNode conv = tr.at("/optimizer_state/exp_avg/0");
        assertEquals(1, conv.get("index").asInt());
        for (int i = 0; i < t.network().layer(0).params().get(0).value.size(); i++) {
            assertEquals(t.optimizer().state().get("exp_avg")[0][i], conv.get("W").get(i).asDouble(), 0.0);
        }
        assertEquals(0.01 * (1.0 / 3), t.history().get(0).lr(), 0.0, "the warmup's first epoch: lr · start_factor");
        assertEquals(0.01, t.history().get(1).lr(), 0.0, "the cosine's first epoch");
    }

    @Test
    void beforeTheFirstStepThereIsNoState() throws IOException {
        saved("{batch: 4, optimizer: rmsprop, seed: 7}", 0);
        JsonNode tr = JSON.readTree(Files.readString(file)).get("training");
        assertEquals(0, tr.get("optimizer_steps").asInt());
        assertEquals("{}", tr.get("optimizer_state").toString());
    }

    @Test
    void anotherOptimizerOrScheduleStartsAfreshWithANotice() throws IOException {
        saved(ADAM, 1);
        NetworkConfig cfg = Toy.config("{batch: 4, optimizer: rmsprop, lr: 0.01, seed: 7}");
        Trainer t = trainer(cfg);
        assertEquals(List.of("optimizer is rmsprop now, adam in the checkpoint: its state starts anew",
                "lr_schedule is constant now, cosine: T_max 4, eta_min 0, warmup_epochs 1, warmup_start_factor"
                        + " 0.3333333333333333 in the checkpoint",
                "resuming /runs/model.json with these changes: the run will not match an uninterrupted one"),
                Checkpoint.resume(file, t, cfg));
        assertEquals(0, t.optimizer().steps());
        assertEquals(1, t.epoch());
    }

    @Test
    void changedOptionsOfTheSameOptimizerKeepItsStateWithANotice() throws IOException {
        saved(ADAM, 1);
        NetworkConfig cfg = Toy.config(ADAM.replace("amsgrad: true", "amsgrad: true, betas: [0.8, 0.999]"));
        Trainer t = trainer(cfg);
        assertEquals(List.of("betas is [0.8, 0.999] now, [0.9, 0.999] in the checkpoint",
                "resuming /runs/model.json with these changes: the run will not match an uninterrupted one"),
                Checkpoint.resume(file, t, cfg));
        assertEquals(3, t.optimizer().steps());
    }

    @Test
    void aDamagedStateIsNamed() throws IOException {
        saved(ADAM, 1);
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(file));
        ((ObjectNode) root.get("training").get("optimizer_state")).remove("max_exp_avg_sq");
        Files.writeString(file, root.toString());
        NetworkConfig cfg = Toy.config(ADAM);
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.resume(file, trainer(cfg), cfg));
        assertEquals("/runs/model.json: training: the adam state does not fit: state [exp_avg, exp_avg_sq] after 3 steps,"
                + " expected [exp_avg, exp_avg_sq, max_exp_avg_sq]", e.getMessage());

        ((ObjectNode) root.at("/training/optimizer_state/exp_avg/0")).putArray("W").add(1.0);
        Files.writeString(file, root.toString());
        e = assertThrows(BadInputException.class, () -> Checkpoint.resume(file, trainer(cfg), cfg));
        assertEquals("/runs/model.json: training.optimizer_state.exp_avg: layer 1 conv W: expected 18 numbers for shape"
                + " [2, 1, 3, 3]", e.getMessage());
    }

    @Test
    void aCheckpointFromBeforeTheChoiceOfOptimizerResumesAsSgd() throws IOException {
        String sgd = "{batch: 4, lr: 0.1, momentum: 0.9, seed: 7}";
        Trainer whole = trainer(Toy.config(sgd));
        whole.run(3, new TrainListener() {});
        saved(sgd, 2);
        // What a checkpoint of the first cnnbp held: lr, momentum, weight_decay and momentum_buffers.
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(file));
        ObjectNode tr = (ObjectNode) root.get("training");
        tr.set("momentum_buffers", tr.get("optimizer_state").get("momentum_buffer"));
        for (String key : List.of("optimizer", "dampening", "nesterov", "lr_schedule", "optimizer_steps", "optimizer_state")) {
            tr.remove(key);
        }
        Files.writeString(file, root.toString());
        NetworkConfig cfg = Toy.config(sgd);
        Trainer resumed = trainer(cfg);
        assertEquals(List.of(), Checkpoint.resume(file, resumed, cfg));
        assertEquals(6, resumed.optimizer().steps());
        resumed.run(3, new TrainListener() {});
        TrainerTest.assertSameWeights(whole.network(), resumed.network());
        TrainerTest.assertSameState(whole.optimizer(), resumed.optimizer());
    }

    private static List<String> names(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
