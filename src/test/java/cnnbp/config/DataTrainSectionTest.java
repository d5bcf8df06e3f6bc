package cnnbp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.BadInputException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DataTrainSectionTest {
    private static final Path FILE = Path.of("/work/configs/net.conf");
    private static final String NET = "input: [1, 4, 4]\nlayers:\n  - flatten\n  - dense: {units: 2}\n  - softmax\n"
            + "loss: cross_entropy\n";

    @Test
    void dataPathsResolveAgainstTheConfigFolder() {
        NetworkConfig c = ConfigLoader.parse(NET + "data:\n  train: ../data/fashion-small/train\n"
                + "  test: /abs/test.csv\n  scale: 1/255\n  label_column: y\n  on_bad_file: skip\n  resize: true\n", FILE);
        DataSpec d = c.data();
        assertEquals(Path.of("/work/data/fashion-small/train"), d.train());
        assertEquals(Path.of("/abs/test.csv"), d.test());
        assertEquals(1 / 255.0, d.scale());
        assertEquals("y", d.labelColumn());
        assertTrue(d.skipBadFiles());
        assertTrue(d.resize());
    }

    @Test
    void aRelativeConfigGivesRelativeDataPaths() {
        NetworkConfig c = ConfigLoader.parse(NET + "data: {train: ../data/train.csv}\n", Path.of("configs/net.conf"));
        assertEquals(Path.of("data/train.csv"), c.data().train());
        NetworkConfig here = ConfigLoader.parse(NET + "data: {train: train.csv}\n", Path.of("net.conf"));
        assertEquals(Path.of("train.csv"), here.data().train());
    }

    @Test
    void defaults() {
        NetworkConfig c = ConfigLoader.parse(NET + "data: {train: t.csv}\n", FILE);
        assertNull(c.data().test());
        assertEquals(1.0, c.data().scale());
        assertNull(c.data().labelColumn());
        assertFalse(c.data().skipBadFiles());
        assertEquals(new TrainSpec(32, 5, new OptimizerSpec.Sgd(0.05, 0.9, 0, false, 0), LrScheduleSpec.CONSTANT, 1), c.train());
        assertEquals(1, c.seed());
        assertNull(ConfigLoader.parse(NET, FILE).data());
    }

    @Test
    void oneSeedDrivesInitAndShuffling() {
        NetworkConfig c = ConfigLoader.parse(NET + "train: {batch: 8, epochs: 2, lr: 0.1, momentum: 0, weight_decay: 1e-4, seed: 7}\n", FILE);
        assertEquals(new TrainSpec(8, 2, new OptimizerSpec.Sgd(0.1, 0, 0, false, 1e-4), LrScheduleSpec.CONSTANT, 7), c.train());
        assertEquals(7, c.seed(), "train.seed seeds initialisation when init gives none");
        NetworkConfig both = ConfigLoader.parse(NET + "train: {seed: 7}\ninit: {seed: 3}\n", FILE);
        assertEquals(3, both.seed());
        assertEquals(7, both.train().seed());
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("data: {test: t.csv}\n", "7:7: data: missing required key 'train'"),
                Arguments.of("data: {train: t.csv, on_bad_file: skp}\n", "7:35: data: 'on_bad_file' must be error or skip, got 'skp' (did you mean 'skip'?)"),
                Arguments.of("data: {train: t.csv, scale: 1/0}\n", "7:29: data: 'scale' must be a positive number or a fraction such as 1/255, got \"1/0\""),
                Arguments.of("data: {train: t.csv, scale: -2}\n", "7:29: data: 'scale' must be a positive number"),
                Arguments.of("data: {train: t.csv, resize: yes}\n", "7:30: data: 'resize' must be true or false, got \"yes\""),
                Arguments.of("data: {train: [a, b]}\n", "7:15: data: 'train' must be a text value, got a list of 2 entries"),
                Arguments.of("data: {train: t.csv, tset: x}\n", "7:22: data: unknown key 'tset' (did you mean 'test'?)"),
                Arguments.of("data: t.csv\n", "7:7: 'data' must be a mapping such as {train: ../data/train, test: ../data/test}, got \"t.csv\""),
                Arguments.of("train: {batch: 0}\n", "7:16: train: 'batch' must be a positive integer, got 0"),
                Arguments.of("train: {lr: -0.1}\n", "7:13: train: 'lr' must be a positive number, got -0.1"),
                Arguments.of("train: {momentum: 1}\n", "7:19: train: 'momentum' must be in [0, 1), got 1"),
                Arguments.of("train: {weight_decay: -1}\n", "7:23: train: 'weight_decay' must be 0 or more, got -1"),
                Arguments.of("train: {epoch: 3}\n", "7:9: train: unknown key 'epoch' (did you mean 'epochs'?)"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void mistakesNameTheirPlace(String section, String message) {
        BadInputException e = assertThrows(BadInputException.class, () -> ConfigLoader.parse(NET + section, FILE));
        assertTrue(e.getMessage().startsWith(FILE + ":" + message), e.getMessage());
    }
}
