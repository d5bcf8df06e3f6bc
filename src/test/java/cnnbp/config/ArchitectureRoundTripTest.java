package cnnbp.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cnnbp.BadInputException;
import cnnbp.kind.LayerKinds;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The network a weights file carries: written from a config and read back, it is the config's network. */
class ArchitectureRoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every shipped config and every self-test network: every layer type and loss, padding "same", batchnorm, dropout. */
    static List<Path> configs() throws IOException {
        List<Path> all = new ArrayList<>();
        for (String dir : List.of("configs", "src/main/resources/gradcheck")) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                files.filter(f -> f.toString().endsWith(".conf")).sorted().forEach(all::add);
            }
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void aConfigsNetworkReadsBackAsItself(Path file) {
        NetworkConfig cfg = ConfigLoader.load(file);
        ObjectNode root = JSON.createObjectNode();
        root.set(Architecture.KEY, Architecture.toJson(cfg));
        NetworkConfig back = Architecture.read(root, Path.of("w.json"), LayerKinds.builtIn());
        Architecture.check(cfg, back);  // the same input, layers, options and loss, or it throws
        Architecture.check(back, cfg);
        assertArrayEquals(cfg.input(), back.input());
        assertEquals(cfg.layers().size(), back.layers().size());
        for (int i = 0; i < cfg.layers().size(); i++) {
            assertEquals(JSON.valueToTree(cfg.layers().get(i).kind().traceOptions(cfg.layers().get(i).options())),
                    JSON.valueToTree(back.layers().get(i).kind().traceOptions(back.layers().get(i).options())));
        }
        if (cfg.data() == null) {
            assertNull(back.data());
        } else {
            assertEquals(cfg.data().scale(), back.data().scale());
            assertEquals(cfg.data().resize(), back.data().resize());
            assertEquals(cfg.data().labelColumn(), back.data().labelColumn());
            assertEquals(cfg.data().skipBadFiles(), back.data().skipBadFiles());
            assertNull(back.data().train());
        }
    }

    @Test
    void theFirstDifferenceIsNamed() {
        String net = "input: [1, 6, 6]\nlayers:\n  - conv: {filters: 2, kernel: 3}\n  - relu\n  - flatten\n"
                + "  - dense: {units: 2}\n  - softmax\nloss: cross_entropy\n";
        NetworkConfig a = ConfigLoader.parse(net, Path.of("a.conf"));
        NetworkConfig[] others = {
            ConfigLoader.parse(net.replace("[1, 6, 6]", "[1, 7, 7]"), Path.of("b.conf")),
            ConfigLoader.parse(net.replace("kernel: 3}", "kernel: 3, stride: 2}"), Path.of("b.conf")),
            ConfigLoader.parse(net.replace("  - relu\n", "  - tanh\n"), Path.of("b.conf")),
            ConfigLoader.parse(net.replace("  - softmax\n", ""), Path.of("b.conf")),
        };
        String[] expected = {
            "b.conf: trained as another network than a.conf: input 1x6x6 in a.conf, 1x7x7 in b.conf",
            "b.conf: trained as another network than a.conf: layer 1 conv: stride 1x1 in a.conf, 2x2 in b.conf",
            "b.conf: trained as another network than a.conf: layer 2 is relu in a.conf, tanh in b.conf",
            "b.conf: trained as another network than a.conf: 5 layers in a.conf, 4 layers in b.conf",
        };
        for (int i = 0; i < others.length; i++) {
            NetworkConfig b = others[i];
            assertEquals(expected[i], assertThrows(BadInputException.class, () -> Architecture.check(a, b)).getMessage());
        }
    }
}
