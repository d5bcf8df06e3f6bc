package cnnbp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.BadInputException;
import cnnbp.MemoryFileSystem;
import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.model.Network;
import cnnbp.model.WeightsFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CheckpointTest {
    private static final String TRAIN = "{batch: 4, lr: 0.1, momentum: 0.9, seed: 7}";
    @RegisterExtension
    final MemoryFileSystem fs = new MemoryFileSystem();
    private Path file;

    @BeforeEach
    void setUp() {
        file = fs.getPath("/runs/model.json");
    }

    private static Trainer trainer(NetworkConfig cfg) {
        return new Trainer(Toy.net(cfg), Toy.halves(10, 1), Toy.halves(6, 2), cfg.train());
    }

    private Trainer savedAfterOneEpoch() throws IOException {
        NetworkConfig cfg = Toy.config(TRAIN);
        Trainer t = trainer(cfg);
        t.run(1, new TrainListener() {});
        Checkpoint.write(file, t, cfg);
        return t;
    }

    @Test
    void aCheckpointIsAWeightsFileWithTheClassesAndTheTrainingState() throws IOException {
        Trainer t = savedAfterOneEpoch();
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left");
        }
        JsonNode root = new ObjectMapper().readTree(Files.readString(file));
        assertEquals("cnnbp-weights/1", root.get("format").asText());
        assertEquals("[\"left\",\"right\"]", root.get("classes").toString());
        JsonNode tr = root.get("training");
        assertEquals("cnnbp-training/1", tr.get("format").asText());
        assertEquals(1, tr.get("epochs_done").asInt());
        assertEquals(7, tr.get("seed").asInt());
        assertEquals(64, tr.get("network_sha256").asText().length());
        assertEquals("layer 1 conv: filters 2, kernel 3x3, stride 1x1, padding 1x1", tr.get("network").get(1).asText());
        assertEquals(1, tr.get("history").size());

        Network plain = Toy.net(Toy.config(TRAIN.replace("seed: 7", "seed: 9")));
        WeightsFile.read(file, plain);  // trace, evaluate and predict read it as plain weights
        TrainerTest.assertSameWeights(t.network(), plain);
    }

    @Test
    void theHashCoversTheArchitectureButNotTheInitialWeightsOrTrainingSettings() {
        String base = Checkpoint.sha256(Checkpoint.describe(Toy.config(TRAIN)));
        assertEquals(base, Checkpoint.sha256(Checkpoint.describe(Toy.config("{batch: 8, lr: 0.5, seed: 1}"))));
        assertTrue(!base.equals(Checkpoint.sha256(Checkpoint.describe(Toy.config(3, TRAIN)))));
    }

    @Test
    void changedTrainingSettingsAreAllowedWithANotice() throws IOException {
        savedAfterOneEpoch();
        NetworkConfig cfg = Toy.config("{batch: 4, lr: 0.02, momentum: 0.9, seed: 7}");
        Trainer t = trainer(cfg);
        assertEquals(List.of("lr is 0.02 now, 0.1 in the checkpoint",
                "resuming /runs/model.json with these changes: the run will not match an uninterrupted one"),
                Checkpoint.resume(file, t, cfg));
        assertEquals(1, t.epoch());
    }

    @Test
    void anotherNetworkIsAnError() throws IOException {
        savedAfterOneEpoch();
        NetworkConfig other = ConfigLoader.parse(String.format(Toy.NET, 2).replace("filters: 2", "filters: 3")
                + "train: " + TRAIN + "\n", Path.of("wide.conf"));
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.resume(file, trainer(other), other));
        assertEquals("/runs/model.json: a checkpoint of another network: it has 'layer 1 conv: filters 2, kernel 3x3,"
                + " stride 1x1, padding 1x1' where wide.conf has 'layer 1 conv: filters 3, kernel 3x3, stride 1x1,"
                + " padding 1x1'", e.getMessage());
    }

    @Test
    void otherClassesAreAnError() throws IOException {
        savedAfterOneEpoch();
        NetworkConfig cfg = Toy.config(TRAIN);
        Trainer t = new Trainer(Toy.net(cfg), Toy.halves(10, 1, List.of("west", "east"), "toy"), null, cfg.train());
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.resume(file, t, cfg));
        assertEquals("/runs/model.json: trained on the classes [left, right], but the training data has [west, east]",
                e.getMessage());
    }

    @Test
    void plainWeightsCannotBeResumed() throws IOException {
        NetworkConfig cfg = Toy.config(TRAIN);
        WeightsFile.write(file, Toy.net(cfg));
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.resume(file, trainer(cfg), cfg));
        assertEquals("/runs/model.json: weights without the training state to resume from (to start training from"
                + " these weights, give them with --weights instead)", e.getMessage());
    }

    @Test
    void aDamagedTrainingStateIsNamed() throws IOException {
        savedAfterOneEpoch();
        Files.writeString(file, Files.readString(file).replace("\"epochs_done\" : 1", "\"epochs_done\" : -1"));
        NetworkConfig cfg = Toy.config(TRAIN);
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.resume(file, trainer(cfg), cfg));
        assertEquals("/runs/model.json: training.epochs_done is -1, expected a whole number in 0..2147483647", e.getMessage());

        Files.writeString(file, "{\"format\": \"cnnbp-weights/1\",");
        e = assertThrows(BadInputException.class, () -> Checkpoint.resume(file, trainer(cfg), cfg));
        assertTrue(e.getMessage().startsWith("/runs/model.json:1:"), e.getMessage());
    }

    @Test
    void aFailedWriteLeavesTheOldCheckpointWholeAndNoTemporaryFile() throws IOException {
        savedAfterOneEpoch();
        byte[] first = Files.readAllBytes(file);
        // A disk with room for one checkpoint and a half: the second one cannot be written beside it.
        try (FileSystem small = Jimfs.newFileSystem(Configuration.unix().toBuilder().setBlockSize(512)
                .setMaxSize(first.length * 3L / 2).build())) {
            Path target = small.getPath("/runs/model.json");
            Files.createDirectories(target.getParent());
            Files.write(target, first);
            NetworkConfig cfg = Toy.config(TRAIN);
            Trainer t = trainer(cfg);
            t.run(2, new TrainListener() {});
            assertThrows(IOException.class, () -> Checkpoint.write(target, t, cfg));
            assertArrayEquals(first, Files.readAllBytes(target), "the old checkpoint is untouched");
            try (Stream<Path> files = Files.list(target.getParent())) {
                assertEquals(List.of(target), files.toList(), "no temporary file left");
            }
        }
    }
}
