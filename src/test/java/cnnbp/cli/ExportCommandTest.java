package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cnnbp export through the CLI: the files it writes, and that it never replaces one by surprise. */
class ExportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void onnxKeepsTheTraceNamesTheWeightsAndTheClassNames() throws IOException {
        Path weights = dir.resolve("w.json");
        Files.writeString(weights, """
                {"format": "cnnbp-weights/1", "classes": ["cat", "dog"],
                 "layers": [{"index": 1, "type": "conv", "W": {"shape": [1, 1, 2, 2], "data": [1, 2, 3, 4]},
                             "b": {"shape": [1], "data": [0.5]}},
                            {"index": 5, "type": "dense", "W": {"shape": [2, 4], "data": [1, 2, 3, 4, 5, 6, 7, 8]},
                             "b": {"shape": [2], "data": [0, 1]}}]}
                """);
        Path onnx = dir.resolve("m.onnx");
        Cli r = Cli.run("export", "--config", "configs/seed002.conf", "--weights", weights.toString(),
                "--format", "onnx", "--dtype", "float64", "-o", onnx.toString());
        assertEquals(0, r.code(), r.err());
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(onnx));
        assertEquals(List.of("Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Softmax"),
                m.getGraph().getNodeList().stream().map(n -> n.getOpType()).toList());
        assertEquals(List.of("Z1", "A1", "P1", "F", "Z2", "output"),
                m.getGraph().getNodeList().stream().map(n -> n.getOutput(0)).toList());
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0), m.getGraph().getInitializer(0).getDoubleDataList());
        assertEquals("W1", m.getGraph().getInitializer(0).getName());
        assertEquals("[\"cat\",\"dog\"]", m.getMetadataPropsList().stream()
                .filter(p -> p.getKey().equals("class_names")).findFirst().orElseThrow().getValue());
        assertEquals("batch", m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
    }

    @Test
    void pytorchPackageDescribesTheNetwork() throws IOException {
        Path out = dir.resolve("pt");
        Cli r = Cli.run("export", "--config", "configs/fashion.conf", "--format", "pytorch", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("README.md", "data.py", "export_back.py", "model.py", "network.json", "train.py",
                    "weights.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        JsonNode net = JSON.readTree(out.resolve("network.json").toFile());
        assertEquals(9, net.get("layers").size());
        JsonNode conv = net.get("layers").get(3);
        assertEquals("conv", conv.get("type").asText());
        assertEquals("{\"filters\":16,\"kernel\":[3,3],\"stride\":[1,1],\"padding\":[1,1]}", conv.get("options").toString());
        assertArrayEquals(new int[] {16, 14, 14}, JSON.treeToValue(conv.get("out_shape"), int[].class));
        assertEquals("cross_entropy", net.get("loss").asText());
        assertEquals(0.05, net.get("train").get("lr").asDouble());
        assertEquals("{\"batch\":32,\"epochs\":5,\"seed\":1,\"optimizer\":\"sgd\",\"lr_schedule\":{\"type\":\"constant\"},"
                + "\"lr\":0.05,\"momentum\":0.9,\"dampening\":0.0,\"nesterov\":false,\"weight_decay\":0.0}",
                net.get("train").toString(), "what train.py builds its torch.optim optimizer and scheduler from");
        assertTrue(Path.of(net.get("data").get("train").asText()).isAbsolute());
        assertEquals("cnnbp-weights/1", JSON.readTree(out.resolve("weights.json").toFile()).get("format").asText());
    }

    @Test
    void aLayerWithNoCounterpartIsRefusedNamingItAndWritesNothing() throws IOException {
        Path jar = cnnbp.testplugin.PluginJars.jar(dir.resolve("square.jar"), cnnbp.testplugin.SquarePlugin.class);
        Path conf = dir.resolve("net.conf");
        Files.writeString(conf, "input: [2]\nlayers:\n  - dense: {units: 2}\n  - square\n  - dense: {units: 2}\n"
                + "  - softmax\nloss: cross_entropy\n");
        for (String format : List.of("onnx", "pytorch")) {
            Path out = dir.resolve("out-" + format);
            Cli.run("export", "--config", conf.toString(), "--plugin", jar.toString(), "--format", format,
                    "-o", out.toString()).assertBadInput("cnnbp: layer 2 square: has no ", "export supports");
            assertTrue(Files.notExists(out), format + ": no file");
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of("net.conf", "square.jar"), left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void anExistingOutputIsKeptWithoutForce() throws IOException {
        Path onnx = dir.resolve("m.onnx");
        Files.writeString(onnx, "mine");
        Cli.run("export", "--config", "configs/seed002.conf", "--format", "onnx", "-o", onnx.toString())
                .assertBadInput("cnnbp: " + onnx, "already exists; give --force");
        assertEquals("mine", Files.readString(onnx));
        Path pt = Files.createDirectory(dir.resolve("pt"));
        Cli.run("export", "--config", "configs/seed002.conf", "--format", "pytorch", "-o", pt.toString())
                .assertBadInput("cnnbp: " + pt, "already exists");
        assertEquals(0, Cli.run("export", "--config", "configs/seed002.conf", "--format", "pytorch", "-o",
                pt.toString(), "--force").code());
        assertTrue(Files.exists(pt.resolve("model.py")));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of("m.onnx", "pt"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary folder left beside the output");
        }
    }
}
