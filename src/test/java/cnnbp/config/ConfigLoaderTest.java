package cnnbp.config;

import cnnbp.text.DidYouMean;
import cnnbp.loss.LossKind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnbp.BadInputException;
import cnnbp.kind.LayerKinds;
import cnnbp.kind.Options;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
    private static final Path FILE = Path.of("net.yaml");

    private static final String SEED002 = """
            # configs/seed002.conf
            input: [1, 5, 5]                 # channels, height, width
            layers:
              - conv: {filters: 1, kernel: 2, stride: 1, padding: 0,
                       weights: [[[[0.1, -0.2], [0.3, 0.4]]]], bias: [0.0]}
              - relu
              - maxpool: {size: 2, stride: 2}
              - flatten
              - dense: {units: 2, weights: [[0.1, 0.2, 0.3, 0.4], [-0.1, -0.2, -0.3, -0.4]], bias: [0, 0]}
              - softmax
            loss: cross_entropy
            example:
              input: [[[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20], [21, 22, 23, 24, 25]]]
              label: 1
            """;

    @Test
    void parsesSeed002IntoExactlyTheRecords() {
        Path file = Path.of("configs", "seed002.conf");
        NetworkConfig config = ConfigLoader.parse(SEED002, file);

        assertEquals(file, config.file());
        assertArrayEquals(new int[] {1, 5, 5}, config.input());
        assertSame(LossKind.CROSS_ENTROPY, config.loss());
        assertEquals(NetworkConfig.DEFAULT_SEED, config.seed());
        List<LayerSpec> layers = config.layers();
        assertEquals(6, layers.size());

        LayerSpec conv = layers.get(0);
        assertEquals(1, conv.index());
        assertEquals(new Pos(file, 4, 5), conv.pos());
        assertEquals("conv", conv.type());
        Options o = conv.options();
        assertEquals(1, o.integer("filters"));
        assertArrayEquals(new int[] {2, 2}, o.pair("kernel"));
        assertArrayEquals(new int[] {1, 1}, o.pair("stride"));
        assertArrayEquals(new int[] {0, 0}, o.pair("padding"));
        assertArrayEquals(new int[] {1, 1, 2, 2}, o.tensor("weights").shape);
        assertArrayEquals(new double[] {0.1, -0.2, 0.3, 0.4}, o.tensor("weights").data);
        assertEquals(new Pos(file, 5, 21).toString(), o.place("weights"));
        assertArrayEquals(new int[] {1}, o.tensor("bias").shape);
        assertArrayEquals(new double[] {0.0}, o.tensor("bias").data);
        assertEquals(new Pos(file, 5, 58).toString(), o.place("bias"));

        assertLayer(2, new Pos(file, 6, 5), "relu", layers.get(1));

        LayerSpec pool = layers.get(2);
        assertEquals(3, pool.index());
        assertEquals(new Pos(file, 7, 5), pool.pos());
        assertEquals("maxpool", pool.type());
        assertArrayEquals(new int[] {2, 2}, pool.options().pair("size"));
        assertArrayEquals(new int[] {2, 2}, pool.options().pair("stride"));

        assertLayer(4, new Pos(file, 8, 5), "flatten", layers.get(3));

        LayerSpec dense = layers.get(4);
        assertEquals(5, dense.index());
        assertEquals(new Pos(file, 9, 5), dense.pos());
        assertEquals(2, dense.options().integer("units"));
        assertArrayEquals(new int[] {2, 4}, dense.options().tensor("weights").shape);
        assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4, -0.1, -0.2, -0.3, -0.4}, dense.options().tensor("weights").data);
        assertArrayEquals(new int[] {2}, dense.options().tensor("bias").shape);
        assertArrayEquals(new double[] {0, 0}, dense.options().tensor("bias").data);

        assertLayer(6, new Pos(file, 10, 5), "softmax", layers.get(5));

        NetworkConfig.Example example = config.example();
        assertEquals(25, example.input().length);
        for (int i = 0; i < 25; i++) {
            assertEquals(i + 1, example.input()[i], "example input " + i);
        }
        assertEquals(1.0, example.label());
        assertEquals(new Pos(file, 13, 3), example.pos());
    }

    private static void assertLayer(int index, Pos pos, String type, LayerSpec spec) {
        assertEquals(index, spec.index());
        assertEquals(pos, spec.pos());
        assertEquals(type, spec.type());
    }

    @Test
    void fillsDefaultsAndAcceptsEveryLayerForm() {
        NetworkConfig config = ConfigLoader.parse("""
                input: [3, 8, 6]
                layers:
                  - conv: {filters: 4, kernel: [3, 1], stride: [2, 1], padding: [1, 0]}
                  - conv:
                      filters: 2
                      kernel: 0x3
                  - avgpool: {size: [2, 3]}
                  - leaky_relu
                  - leaky_relu: {alpha: 0.2}
                  - leaky_relu:
                  - sigmoid
                  - tanh: {}
                  - flatten
                  - dense: {units: 10}
                loss: mse
                init: {seed: -7}
                data: {train: train.csv}
                train: {epochs: 3}
                """, FILE);

        assertArrayEquals(new int[] {3, 8, 6}, config.input());
        assertSame(LossKind.MSE, config.loss());
        assertEquals(-7, config.seed());
        assertNull(config.example());
        List<LayerSpec> layers = config.layers();
        assertEquals(10, layers.size());

        Options conv = layers.get(0).options();
        assertArrayEquals(new int[] {3, 1}, conv.pair("kernel"));
        assertArrayEquals(new int[] {2, 1}, conv.pair("stride"));
        assertArrayEquals(new int[] {1, 0}, conv.pair("padding"));
        assertNull(conv.tensor("weights"));
        assertNull(conv.tensor("bias"));

        LayerSpec block = layers.get(1);
        assertEquals(new Pos(FILE, 4, 5), block.pos());
        assertEquals(2, block.options().integer("filters"));
        assertArrayEquals(new int[] {3, 3}, block.options().pair("kernel"));
        assertArrayEquals(new int[] {1, 1}, block.options().pair("stride"));
        assertArrayEquals(new int[] {0, 0}, block.options().pair("padding"));

        LayerSpec pool = layers.get(2);
        assertEquals("avgpool", pool.type());
        assertArrayEquals(new int[] {2, 3}, pool.options().pair("size"));
        assertArrayEquals(new int[] {2, 3}, pool.options().pair("stride"), "stride defaults to size");

        assertLayer(4, new Pos(FILE, 8, 5), "leaky_relu", layers.get(3));
        assertEquals(0.01, layers.get(3).options().number("alpha"));
        assertLayer(5, new Pos(FILE, 9, 5), "leaky_relu", layers.get(4));
        assertEquals(0.2, layers.get(4).options().number("alpha"));
        assertLayer(6, new Pos(FILE, 10, 5), "leaky_relu", layers.get(5));
        assertEquals(0.01, layers.get(5).options().number("alpha"));
        assertLayer(7, new Pos(FILE, 11, 5), "sigmoid", layers.get(6));
        assertLayer(8, new Pos(FILE, 12, 5), "tanh", layers.get(7));
        assertLayer(9, new Pos(FILE, 13, 5), "flatten", layers.get(8));
        Options dense = layers.get(9).options();
        assertEquals(10, dense.integer("units"));
        assertNull(dense.tensor("weights"));
    }

    @Test
    void acceptsAFlatExampleAndAFeatureInput() {
        NetworkConfig image = ConfigLoader.parse("""
                input: [1, 2, 2]
                layers: [flatten, {dense: {units: 1}}, sigmoid]
                loss: bce
                example: {input: [1, 2, 3.5, -4e-1], label: 0}
                """, FILE);
        assertArrayEquals(new double[] {1, 2, 3.5, -0.4}, image.example().input());
        assertEquals(0.0, image.example().label());
        assertSame(LossKind.BCE, image.loss());
        assertEquals(new Pos(FILE, 2, 19), image.layers().get(1).pos());

        NetworkConfig features = ConfigLoader.parse("""
                input: [3]
                layers: [{dense: {units: 2}}, softmax]
                loss: cross_entropy
                example: {input: [0.5, 0, 1], label: 1}
                """, FILE);
        assertArrayEquals(new int[] {3}, features.input());
        assertArrayEquals(new double[] {0.5, 0, 1}, features.example().input());
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void rejectsEachMistakeAtItsPlace(String yaml, int line, int column, String phrase) {
        BadInputException e = assertThrows(BadInputException.class, () -> ConfigLoader.parse(yaml, FILE));
        String message = e.getMessage();
        assertEquals(BadInputException.class, e.getClass());
        assertTrue(message.startsWith("net.yaml:" + line + ":" + column + ": "),
                () -> "expected net.yaml:" + line + ":" + column + ", got: " + message);
        assertTrue(message.contains(phrase), () -> "expected '" + phrase + "' in: " + message);
        assertFalse(message.contains("\n"), () -> "not one line: " + message);
    }

    /** The valid config the mistake cases edit: six lines, a flatten-dense-softmax network on a 1x4x4 input. */
    private static final String VALID = """
            input: [1, 4, 4]
            layers:
              - flatten
              - dense: {units: 2}
              - softmax
            loss: cross_entropy
            """;

    /** {@link #VALID} with its text {@code part} (which occurs once) replaced. */
    private static String valid(String part, String replacement) {
        assertTrue(VALID.contains(part), "'" + part + "' is in VALID");
        assertEquals(VALID.indexOf(part), VALID.lastIndexOf(part), "'" + part + "' occurs once in VALID");
        return VALID.replace(part, replacement);
    }

    /** A valid config around one layers entry, which starts on line 3. */
    private static String layer(String entry) {
        return "input: [1, 4, 4]\nlayers:\n" + entry + "\n  - softmax\nloss: cross_entropy\n";
    }

    private static Arguments mistake(String name, String yaml, int line, int column, String phrase) {
        return Arguments.argumentSet(name, yaml, line, column, phrase);
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                mistake("empty file", "",
                        1, 1, "the config is empty; expected a mapping with input, layers, loss"),
                mistake("only comments", """
                        # nothing here

                        """,
                        1, 1, "the config is empty"),
                mistake("top level is a list", """
                        - input
                        - layers
                        """,
                        1, 1, "expected a mapping with input, layers, loss at the top level, got a list of 2 entries"),
                mistake("unclosed flow list", """
                        input: [1, 4, 4
                        layers:
                          - relu
                        loss: mse
                        """,
                        2, 7, "invalid YAML: expected ',' or ']'"),
                mistake("tab indentation", """
                        input: [4]
                        layers:
                        \t- relu
                        loss: mse
                        """,
                        3, 1, "invalid YAML: found a tab; YAML indents with spaces only"),
                mistake("unclosed quote", """
                        input: [4]
                        layers: [relu]
                        loss: 'mse
                        """,
                        4, 1, "invalid YAML: found unexpected end of stream (while scanning a quoted scalar started at line 3, column 7)"),
                mistake("colon inside a value", """
                        input: [4]
                        layers: [relu]
                        loss: mse: x
                        """,
                        3, 10, "invalid YAML: mapping values are not allowed here"),
                mistake("two documents", VALID + "---\nloss: mse\n",
                        7, 1, "invalid YAML: expected a single document in the stream, but found another document"),
                mistake("undefined alias", """
                        input: [4]
                        layers: [relu]
                        loss: *kind
                        """,
                        3, 7, "invalid YAML: found undefined alias kind"),
                mistake("control character", """
                        input: [4]
                        layers: [relu]
                        loss: \u0001
                        """,
                        3, 7, "invalid YAML: character U+0001 is not allowed"),
                mistake("duplicate top-level key", VALID + "loss: mse\n",
                        7, 1, "duplicate top-level key 'loss' (first at line 6, column 1)"),
                mistake("key that is a list", VALID + "? [a, b]\n: 1\n",
                        7, 3, "expected a top-level key name, got a list of 2 entries"),
                mistake("misspelled top-level key", valid("layers:", "layer:"),
                        2, 1, "unknown top-level key 'layer' (did you mean 'layers'?); expected one of input, layers, loss, init, example, examples, data, train"),
                mistake("unknown top-level key", VALID + "optimizer: sgd\n",
                        7, 1, "unknown top-level key 'optimizer'; expected one of"),
                mistake("missing loss", valid("loss: cross_entropy\n", ""),
                        1, 1, "missing required top-level key 'loss'"),
                mistake("input of two numbers", valid("input: [1, 4, 4]", "input: [4, 4]"),
                        1, 8, "'input' must be a list of 1 or 3 positive integers, [channels, height, width] or [features], got a list of 2 entries"),
                mistake("input with a zero", valid("input: [1, 4, 4]", "input: [1, 0, 4]"),
                        1, 12, "'input' must be a list of 1 or 3 positive integers, [channels, height, width] or [features], got 0"),
                mistake("input a scalar", valid("input: [1, 4, 4]", "input: 784"),
                        1, 8, "'input' must be a list of 1 or 3 positive integers, [channels, height, width] or [features], got 784"),
                mistake("layers empty", """
                        input: [4]
                        layers: []
                        loss: mse
                        """,
                        2, 9, "'layers' must be a non-empty list of layers, got an empty list"),
                mistake("layers a mapping", """
                        input: [4]
                        layers:
                          relu: {}
                        loss: mse
                        """,
                        3, 3, "'layers' must be a non-empty list of layers, got a mapping"),
                mistake("unknown loss", valid("loss: cross_entropy", "loss: cross_entropi"),
                        6, 7, "unknown loss 'cross_entropi' (did you mean 'cross_entropy'?); expected one of bce, cross_entropy, mse"),
                mistake("loss a list", valid("loss: cross_entropy", "loss: [mse]"),
                        6, 7, "'loss' must be one of bce, cross_entropy, mse, got a list of 1 entry"),
                mistake("init a number", VALID + "init: 42\n",
                        7, 7, "'init' must be a mapping such as {seed: 42}, got 42"),
                mistake("init misspelled seed", VALID + "init: {sed: 4}\n",
                        7, 8, "init: unknown key 'sed' (did you mean 'seed'?); expected one of seed"),
                mistake("seed a float", VALID + "init: {seed: 1.5}\n",
                        7, 14, "init: 'seed' must be an integer, got 1.5"),
                mistake("seed too large", VALID + "init: {seed: 99999999999999999999}\n",
                        7, 14, "init: 'seed' must be an integer that fits in 64 bits"),
                mistake("misspelled layer type", layer("  - rellu"),
                        3, 5, "layer 1: unknown layer type 'rellu' (did you mean 'relu'?); expected one of conv, maxpool, avgpool, global_avgpool, global_maxpool, flatten, dense, batchnorm, dropout, relu, leaky_relu, sigmoid, tanh, softmax, exec"),
                mistake("misspelled layer type with options", layer("  - maxpol: {size: 2}"),
                        3, 5, "layer 1: unknown layer type 'maxpol' (did you mean 'maxpool'?)"),
                mistake("capitalised layer type", layer("  - Relu"),
                        3, 5, "layer 1: unknown layer type 'Relu' (did you mean 'relu'?)"),
                mistake("unknown layer type far from any", layer("  - embedding"),
                        3, 5, "layer 1: unknown layer type 'embedding'; expected one of conv"),
                mistake("layer type a number", layer("  - 5"),
                        3, 5, "layer 1: expected a layer type, one of conv, maxpool, avgpool, global_avgpool, global_maxpool, flatten, dense, batchnorm, dropout, relu, leaky_relu, sigmoid, tanh, softmax, exec, got 5"),
                mistake("layer entry a list", layer("  - [relu]"),
                        3, 5, "layer 1: expected a layer type such as relu, or type: {options}, got a list of 1 entry"),
                mistake("layer entry empty", layer("  -\n  - relu"),
                        3, 4, "layer 1: expected a layer type such as relu, or type: {options}, got nothing"),
                mistake("options not indented under the type", layer("  - conv:\n    filters: 1\n    kernel: 2"),
                        3, 5, "layer 1: expected one key, the layer type, got 3 keys: conv, filters, kernel"),
                mistake("conv without options", layer("  - conv:"),
                        3, 5, "layer 1 conv: got no options; expected a mapping with filters, kernel (required) and stride, padding, weights, bias (optional)"),
                mistake("bare maxpool", layer("  - maxpool"),
                        3, 5, "layer 1 maxpool: got no options; expected a mapping with size (required) and stride (optional)"),
                mistake("options a list", layer("  - dense: [2]"),
                        3, 12, "layer 1 dense: options must be a mapping with units (required) and weights, bias (optional), got a list of 1 entry"),
                mistake("relu given options", layer("  - relu: {alpha: 0.1}"),
                        3, 12, "layer 1 relu: takes no options, got 'alpha'"),
                mistake("flatten given a scalar", layer("  - flatten: yes"),
                        3, 14, "layer 1 flatten: takes no options, got \"yes\""),
                mistake("misspelled option", layer("  - conv: {filter: 1, kernel: 2}"),
                        3, 12, "layer 1 conv: unknown option 'filter' (did you mean 'filters'?); expected one of filters, kernel, stride, padding, weights, bias"),
                mistake("duplicate option", layer("  - dense: {units: 2, units: 3}"),
                        3, 23, "layer 1 dense: duplicate option 'units' (first at line 3, column 13)"),
                mistake("missing kernel", layer("  - conv: {filters: 1}"),
                        3, 11, "layer 1 conv: missing required option 'kernel'"),
                mistake("empty options", layer("  - maxpool: {}"),
                        3, 14, "layer 1 maxpool: missing required option 'size'"),
                mistake("kernel a string", layer("  - conv: {filters: 1, kernel: abc}"),
                        3, 32, "layer 1 conv: 'kernel' must be a positive integer or [height, width], got \"abc\""),
                mistake("kernel a 3-list", layer("  - conv: {filters: 1, kernel: [3, 3, 3]}"),
                        3, 32, "layer 1 conv: 'kernel' must be a positive integer or [height, width], got a list of 3 entries"),
                mistake("kernel zero", layer("  - conv: {filters: 1, kernel: 0}"),
                        3, 32, "layer 1 conv: 'kernel' must be a positive integer or [height, width], got 0"),
                mistake("kernel a mapping", layer("  - conv: {filters: 1, kernel: {h: 2}}"),
                        3, 32, "layer 1 conv: 'kernel' must be a positive integer or [height, width], got a mapping"),
                mistake("stride pair with a zero", layer("  - conv: {filters: 1, kernel: 2, stride: [1, 0]}"),
                        3, 47, "layer 1 conv: 'stride' must be a positive integer or [height, width], got 0"),
                mistake("negative padding", layer("  - conv: {filters: 1, kernel: 2, padding: -1}"),
                        3, 44, "layer 1 conv: 'padding' must be a non-negative integer or [height, width], got -1"),
                mistake("filters a float", layer("  - conv: {filters: 2.5, kernel: 2}"),
                        3, 21, "layer 1 conv: 'filters' must be a positive integer, got 2.5"),
                mistake("filters a whole float", layer("  - conv: {filters: 2.0, kernel: 2}"),
                        3, 21, "layer 1 conv: 'filters' must be a positive integer, got 2.0"),
                mistake("filters a quoted number", layer("  - conv: {filters: \"2\", kernel: 2}"),
                        3, 21, "layer 1 conv: 'filters' must be a positive integer, got \"2\""),
                mistake("filters empty", layer("  - conv: {filters: , kernel: 2}"),
                        3, 20, "layer 1 conv: 'filters' must be a positive integer, got nothing"),
                mistake("filters too large", layer("  - conv: {filters: 3000000000, kernel: 2}"),
                        3, 21, "layer 1 conv: 'filters' must be a positive integer, got 3000000000 (too large)"),
                mistake("units a boolean", layer("  - dense: {units: true}"),
                        3, 20, "layer 1 dense: 'units' must be a positive integer, got true"),
                mistake("pool size negative", layer("  - avgpool: {size: -2}"),
                        3, 21, "layer 1 avgpool: 'size' must be a positive integer or [height, width], got -2"),
                mistake("alpha a string", layer("  - leaky_relu: {alpha: big}"),
                        3, 25, "layer 1 leaky_relu: 'alpha' must be a number, got \"big\""),
                mistake("alpha infinite", layer("  - leaky_relu: {alpha: .inf}"),
                        3, 25, "layer 1 leaky_relu: 'alpha' must be a finite number, got .inf"),
                mistake("ragged weights", layer("  - dense: {units: 2, weights: [[1, 2], [3]]}"),
                        3, 41, "layer 1 dense: 'weights' is ragged: expected a list of 2 here, like the first list at this depth, got a list of 1 entry"),
                mistake("number where a row belongs", layer("  - dense: {units: 2, weights: [[1, 2], 3]}"),
                        3, 41, "layer 1 dense: 'weights' is ragged: expected a list of 2 here, like the first list at this depth, got 3"),
                mistake("row where a number belongs", layer("  - dense: {units: 2, bias: [1, [2]]}"),
                        3, 33, "layer 1 dense: 'bias' is ragged: expected a number here, like the first entry at this depth, got a list of 1 entry"),
                mistake("infinite weight", layer("  - dense: {units: 1, weights: [[1, -.inf]]}"),
                        3, 37, "layer 1 dense: 'weights' must contain only finite numbers, got -.inf"),
                mistake("NaN bias", layer("  - conv: {filters: 1, kernel: 1, bias: [.nan]}"),
                        3, 42, "layer 1 conv: 'bias' must contain only finite numbers, got .nan"),
                mistake("string in weights", layer("  - dense: {units: 2, weights: [[1, x]]}"),
                        3, 37, "layer 1 dense: 'weights' must contain only numbers, got \"x\""),
                mistake("null in bias", layer("  - dense: {units: 2, bias: [1, null]}"),
                        3, 33, "layer 1 dense: 'bias' must contain only numbers, got null"),
                mistake("empty weights", layer("  - dense: {units: 2, weights: []}"),
                        3, 32, "layer 1 dense: 'weights' contains an empty list; expected numbers"),
                mistake("empty inner list", layer("  - dense: {units: 2, weights: [[], []]}"),
                        3, 33, "layer 1 dense: 'weights' contains an empty list"),
                mistake("weights a scalar", layer("  - dense: {units: 2, weights: 0.5}"),
                        3, 32, "layer 1 dense: 'weights' must be a list of numbers, nested for more dimensions, got 0.5"),
                mistake("self-referencing weights", layer("  - dense: {units: 2, weights: &w [*w]}"),
                        3, 32, "an alias inside the list or mapping it names, a loop"),
                mistake("error names the right layer", valid("  - dense: {units: 2}", "  - dense: {units: two}"),
                        4, 20, "layer 2 dense: 'units' must be a positive integer, got \"two\""),
                mistake("example shape mismatch", """
                        input: [1, 2, 2]
                        layers: [flatten]
                        loss: mse
                        example:
                          input: [[[1, 2], [3, 4], [5, 6]]]
                          label: 1
                        """,
                        5, 10, "example: 'input' has shape [1, 3, 2] but the top-level input is [1, 2, 2]; expected that nesting or a flat list of 4 numbers"),
                mistake("example flat list too short", """
                        input: [1, 2, 2]
                        layers: [flatten]
                        loss: mse
                        example: {input: [1, 2, 3], label: 0}
                        """,
                        4, 18, "example: 'input' has shape [3] but the top-level input is [1, 2, 2]; expected that nesting or a flat list of 4 numbers"),
                mistake("example without label", """
                        input: [2]
                        layers: [relu]
                        loss: mse
                        example: {input: [1, 2]}
                        """,
                        4, 10, "example: missing required key 'label'"),
                mistake("example label a string", """
                        input: [2]
                        layers: [relu]
                        loss: mse
                        example: {input: [1, 2], label: one}
                        """,
                        4, 33, "example: 'label' must be a number, got \"one\""),
                mistake("example misspelled key", """
                        input: [2]
                        layers: [relu]
                        loss: mse
                        example: {input: [1, 2], labels: 1}
                        """,
                        4, 26, "example: unknown key 'labels' (did you mean 'label'?); expected one of input, label"),
                mistake("example a list", """
                        input: [2]
                        layers: [relu]
                        loss: mse
                        example: [1, 2]
                        """,
                        4, 10, "'example' must be a mapping with input and label, got a list of 2 entries"),
                mistake("example input infinite", """
                        input: [2]
                        layers: [relu]
                        loss: mse
                        example: {input: [1, .inf], label: 0}
                        """,
                        4, 22, "example: 'input' must contain only finite numbers, got .inf")
        );
    }

    @Test
    void loadsFromAnyFileSystem() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path file = fs.getPath("/configs/seed002.conf");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "\uFEFF" + SEED002, StandardCharsets.UTF_8);

            NetworkConfig config = ConfigLoader.load(file);

            assertEquals(file, config.file());
            assertEquals(6, config.layers().size());
            assertEquals(new Pos(file, 4, 5), config.layers().get(0).pos(), "a byte order mark shifts no column");
        }
    }

    @Test
    void namesTheFileItCannotRead() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path missing = fs.getPath("/configs/missing.yaml");
            BadInputException e = assertThrows(BadInputException.class, () -> ConfigLoader.load(missing));
            assertEquals("/configs/missing.yaml: cannot read config: no such file", e.getMessage());

            Path binary = fs.getPath("/model.bin");
            Files.write(binary, new byte[] {(byte) 0xC3, (byte) 0x28});
            e = assertThrows(BadInputException.class, () -> ConfigLoader.load(binary));
            assertEquals("/model.bin: cannot read config: not valid UTF-8 text", e.getMessage());
        }
    }

    @Test
    void errorsInALoadedFileNameIt() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path file = fs.getPath("/seed.conf");
            Files.writeString(file, "input: [4]\nlayers:\n  - relu\n  - rellu\nloss: mse\n");
            BadInputException e = assertThrows(BadInputException.class, () -> ConfigLoader.load(file));
            assertEquals("/seed.conf:4:5: layer 2: unknown layer type 'rellu' (did you mean 'relu'?); expected one"
                    + " of conv, maxpool, avgpool, global_avgpool, global_maxpool, flatten, dense, batchnorm, dropout, relu, leaky_relu, sigmoid, tanh, softmax, exec",
                    e.getMessage());
        }
    }

    @Test
    void suggestsOnlyCloseWords() {
        List<String> layers = LayerKinds.builtIn().keys();
        assertEquals(" (did you mean 'relu'?)", DidYouMean.suggest("rellu", layers));
        assertEquals(" (did you mean 'relu'?)", DidYouMean.suggest("RELU", layers));
        assertEquals(" (did you mean 'leaky_relu'?)", DidYouMean.suggest("leakyrelu", layers));
        assertEquals(" (did you mean 'softmax'?)", DidYouMean.suggest("sotfmax", layers), "a swap is one edit");
        assertEquals(" (did you mean 'mse'?)", DidYouMean.suggest("mes", List.of("bce", "mse")));
        assertEquals("", DidYouMean.suggest("embedding", layers));
        assertEquals("", DidYouMean.suggest("abc", List.of("bce", "mse")), "2 edits is too far for 3 letters");
        assertEquals("", DidYouMean.suggest("relu", List.of()));
    }
}
