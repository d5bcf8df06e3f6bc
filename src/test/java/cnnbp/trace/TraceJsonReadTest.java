package cnnbp.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.BadInputException;
import cnnbp.MemoryFileSystem;
import cnnbp.config.ConfigLoader;
import cnnbp.config.NetworkConfig;
import cnnbp.model.Network;
import cnnbp.build.NetworkBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** cnnbp-trace/1 read back: the layer options it now carries rebuild the same network, and a file that disagrees with itself is refused. */
class TraceJsonReadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    final MemoryFileSystem fs = new MemoryFileSystem();

    private static Trace trace(Path conf) throws IOException {
        NetworkConfig c = ConfigLoader.parse(Files.readString(conf), conf);
        Network net = NetworkBuilder.build(c);
        return Trace.of(net, c.example().input(), c.example().label(), conf.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cnnbp.trace.GoldenTraceTest#networks")
    void everyGoldenTraceReadsBackToItself(String network) throws IOException {
        Trace t = trace(GoldenTraceTest.configOf(network));
        Path file = fs.getPath("/" + network + ".json");
        Files.writeString(file, TraceJson.render(t));
        assertEquals(TraceJson.render(t), TraceJson.render(TraceJson.read(file).trace()));
    }

    @Test
    void layersCarryTheirOptionsUnderTheConfigsKeys() throws IOException {
        JsonNode seed002 = TraceJson.toJson(trace(Path.of("configs/seed002.conf")));
        assertEquals("{\"filters\":1,\"kernel\":[2,2],\"stride\":[1,1],\"padding\":[0,0]}",
                seed002.at("/layers/0/options").toString());
        assertEquals("{}", seed002.at("/layers/1/options").toString());
        assertEquals("{\"size\":[2,2],\"stride\":[2,2]}", seed002.at("/layers/2/options").toString());
        assertEquals("{\"units\":2}", seed002.at("/layers/4/options").toString());
        JsonNode avg = TraceJson.toJson(trace(GoldenTraceTest.configOf("avgpool-nonsquare")));
        assertEquals("{\"filters\":2,\"kernel\":[3,2],\"stride\":[2,1],\"padding\":[0,0]}", avg.at("/layers/0/options").toString());
        assertEquals("{\"alpha\":0.1}", avg.at("/layers/1/options").toString());
        assertEquals("{\"size\":[2,3],\"stride\":[1,2]}", avg.at("/layers/2/options").toString());
    }

    /** The seed002 trace, changed by {@code edit}, read back; the message of the refusal. */
    private String refused(Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = TraceJson.toJson(trace(Path.of("configs/seed002.conf")));
        edit.accept(root);
        Path file = fs.getPath("/ref.json");
        Files.writeString(file, JSON.writeValueAsString(root));
        return assertThrows(BadInputException.class, () -> TraceJson.read(file)).getMessage();
    }

    @Test
    void anEditedWeightOrValueIsFoundAndNamed() throws IOException {
        assertEquals("/ref.json: \"layers[0].output.data[0]\" is 4.3, but the network the file describes gives 4.4 there;"
                + " was the file edited? Write it again with cnnbp trace --format json",
                refused(r -> ((ArrayNode) r.at("/layers/0/params/W/data")).set(0, 0.2)));
        assertTrue(refused(r -> ((ArrayNode) r.at("/layers/4/grad_output/data")).set(1, 0.5))
                .startsWith("/ref.json: \"layers[4].grad_output.data[1]\" is 0.5, but the network the file describes gives"), "");
        assertEquals("/ref.json: \"loss\" is 3.0, but the network the file describes gives 25.640000000007323 there;"
                + " was the file edited? Write it again with cnnbp trace --format json", refused(r -> r.put("loss", 3.0)));
    }

    @Test
    void aTraceFromBeforeOptionsAndOtherFilesAreRefused() throws IOException {
        assertEquals("/ref.json: layer 1 conv: no \"options\"; write the file again with this version of cnnbp trace"
                + " --format json", refused(r -> ((ObjectNode) r.at("/layers/0")).remove("options")));
        assertEquals("/ref.json: layer 3 maxpool: \"size\" must be [height, width], integers of at least 1, got [2]",
                refused(r -> ((ObjectNode) r.at("/layers/2/options")).putArray("size").add(2)));
        assertEquals("/ref.json: layer 3 maxpool: size 5x5 is larger than its 4x4 input",
                refused(r -> ((ObjectNode) r.at("/layers/2/options")).putArray("size").add(5).add(5)));
        assertEquals("/ref.json: layer 5 dense W: shape [2,3], expected [2, 4]",
                refused(r -> ((ObjectNode) r.at("/layers/4/params/W")).putArray("shape").add(2).add(3)));
        assertEquals("/ref.json: not a cnnbp trace: expected \"format\": \"cnnbp-trace/1\", as cnnbp trace --format json"
                + " writes", refused(r -> r.put("format", "cnnbp-weights/1")));
        assertEquals("/ref.json: layers[1] has index 3, expected 2", refused(r -> ((ObjectNode) r.at("/layers/1")).put("index", 3)));
        assertEquals("/ref.json: label 2 is not a class index 0..1 for loss cross_entropy", refused(r -> r.put("label", 2)));

        Path file = fs.getPath("/broken.json");
        Files.writeString(file, "{\"format\": \"cnnbp-trace/1\",\n \"layers\": [}");
        String message = assertThrows(BadInputException.class, () -> TraceJson.read(file)).getMessage();
        assertTrue(message.startsWith("/broken.json:2:13: not valid JSON: "), message);
        assertEquals("/none.json: no such reference trace file",
                assertThrows(BadInputException.class, () -> TraceJson.read(fs.getPath("/none.json"))).getMessage());
    }

    @Test
    void keysAddedLaterAreIgnored() throws IOException {
        ObjectNode root = TraceJson.toJson(trace(Path.of("configs/seed002.conf")));
        root.put("written_by", "a later cnnbp");
        ((ObjectNode) root.at("/layers/0")).put("flops", 64);
        ((ObjectNode) root.at("/layers/0/options")).put("dilation", 1);
        Path file = fs.getPath("/later.json");
        Files.writeString(file, JSON.writeValueAsString(root));
        assertEquals(25.64, TraceJson.read(file).trace().loss(), 1e-9);
    }
}
