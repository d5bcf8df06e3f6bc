package cnnbp.model;

import cnnbp.build.NetworkBuilder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.BadInputException;
import cnnbp.config.ConfigLoader;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WeightsFileTest {
    private static final String CONFIG = "input: [1, 4, 4]\nlayers:\n  - conv: {filters: 2, kernel: 3}\n  - relu\n"
            + "  - flatten\n  - dense: {units: 3}\n  - softmax\nloss: cross_entropy\n";

    private static Network net(long seed) {
        return NetworkBuilder.build(ConfigLoader.parse(CONFIG + "init: {seed: " + seed + "}\n", Path.of("n.conf")));
    }

    @Test
    void writeThenReadGivesTheSameWeightsBitForBit() throws Exception {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path file = fs.getPath("/models/w.json");
            Network a = net(1), b = net(2);
            WeightsFile.write(file, a);
            try (Stream<Path> files = Files.list(file.getParent())) {
                assertEquals(1, files.count(), "no temporary file left behind");
            }
            WeightsFile.read(file, b);
            for (int i = 0; i < a.params().size(); i++) {
                assertArrayEquals(a.params().get(i).value.data, b.params().get(i).value.data);
            }
            String json = Files.readString(file);
            assertTrue(json.contains("\"format\" : \"cnnbp-weights/1\""), json);
        }
    }

    static Stream<Arguments> badFiles() {
        String conv = "{\"index\": 1, \"type\": \"conv\", \"W\": {\"shape\": [2, 1, 3, 3], \"data\": [1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9]},"
                + " \"b\": {\"shape\": [2], \"data\": [0, 0]}}";
        String dense = "{\"index\": 6, \"type\": \"dense\", \"W\": {\"shape\": [3, 8], \"data\": [" + "0,".repeat(23) + "0]},"
                + " \"b\": {\"shape\": [3], \"data\": [0, 0, 0]}}";
        String head = "{\"format\": \"cnnbp-weights/1\", \"layers\": [";
        return Stream.of(
                Arguments.of("{\"layers\": []}", "w.json: not a cnnbp weights file: expected \"format\": \"cnnbp-weights/1\""),
                Arguments.of("{\"format\": \"cnnbp-weights/1\",\n \"layers\": [", "w.json:2:"),
                Arguments.of(head + conv + "]}", "w.json: layer 4 dense is missing"),
                Arguments.of(head + conv + "," + dense + "]}", "w.json: layer index 6 is not a layer of the config (1..5)"),
                Arguments.of(head + conv.replace("[2, 1, 3, 3]", "[2, 1, 2, 2]") + "]}",
                        "w.json: layer 1 conv W: shape [2,1,2,2], expected [2, 1, 3, 3]"),
                Arguments.of(head + conv.replace("\"data\": [0, 0]", "\"data\": [0]") + "]}",
                        "w.json: layer 1 conv b: 1 values, expected 2 for shape [2]"),
                Arguments.of(head + conv.replace("\"type\": \"conv\"", "\"type\": \"dense\"") + "]}",
                        "w.json: layer 1 conv: the file says this layer is 'dense'"),
                Arguments.of(head + conv.replace("\"index\": 1", "\"index\": 2") + "]}",
                        "w.json: layer 2 relu has no weights, but the file gives some"),
                Arguments.of(head + conv.replace("[0, 0]", "[0, \"x\"]") + "]}",
                        "w.json: layer 1 conv b: value 1 is \"x\", expected a finite number"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void aFileThatDoesNotFitSaysWhichLayerAndShape(String json, String message) throws Exception {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path file = fs.getPath("w.json");
            Files.writeString(file, json);
            Network n = net(1);  // 1 conv (2 filters of 1x3x3: out 2x2x2), 2 relu, 3 flatten, 4 dense 8→3, 5 softmax
            BadInputException e = assertThrows(BadInputException.class, () -> WeightsFile.read(file, n));
            assertTrue(e.getMessage().contains(message), e.getMessage());
        }
    }
}
