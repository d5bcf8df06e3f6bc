package cnnbp.config;

import cnnbp.text.DidYouMean;
import cnnbp.loss.LossKind;
import cnnbp.BadInputException;
import cnnbp.kind.LayerKinds;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a network config, a YAML file, into a {@link NetworkConfig}:
 * <pre>
 * input: [1, 5, 5]                  # [channels, height, width] or [features]
 * layers:
 *   - conv: {filters: 1, kernel: 2}  # a type with options ...
 *   - relu                           # ... or a bare type
 * loss: cross_entropy               # bce | cross_entropy | mse
 * init: {seed: 7}                   # optional
 * plugins: [my-layers.jar]          # optional: jars of more layer kinds
 * example: {input: [...], label: 1} # optional
 * examples:                         # optional, instead: a batch of M examples for the trace
 *   - {input: [...], label: 1}
 *   - {input: [...], label: 0}
 * </pre>
 * Every mistake, YAML syntax included, is a {@link BadInputException} with a one-line message starting
 * {@code file:line:column}. Layer types and their options are the kinds of a {@link LayerKinds} registry:
 * the built-in ones, plus those of plugin jars given to {@link #load(Path, LayerKinds)} or listed under
 * {@code plugins:} (paths relative to the config's folder).
 */
public final class ConfigLoader {
    // The top-level keys: the only place they are listed.
    private static final List<String> REQUIRED_KEYS = List.of("input", "layers", "loss");
    // variants: is read by cnnbp homework (cnnbp.homework.VariantSpec) and ignored here.
    private static final List<String> OPTIONAL_KEYS = List.of("init", "example", "examples", "data", "train", "plugins",
            "variants");

    private static final List<String> INIT_KEYS = List.of("seed");
    private static final List<String> EXAMPLE_KEYS = List.of("input", "label");
    private static final List<String> DATA_REQUIRED = List.of("train");
    private static final List<String> DATA_KEYS = List.of("test", "scale", "label_column", "on_bad_file", "resize");

    private ConfigLoader() {}

    /** Reads and parses the UTF-8 config at {@code file}, with the built-in layer kinds. */
    public static NetworkConfig load(Path file) {
        return load(file, LayerKinds.builtIn());
    }

    /** Reads and parses the UTF-8 config at {@code file}; its layers may be of the {@code kinds} and its plugins'. */
    public static NetworkConfig load(Path file, LayerKinds kinds) {
        return parse(read(file, "config"), file, kinds);
    }

    /** The UTF-8 text of a YAML file without a byte order mark; {@code what} names the file in messages. */
    static String read(Path file, String what) {
        String yaml;
        YamlLimits.checkFileSize(file, what);
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": cannot read " + what + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new BadInputException(file + ": cannot read " + what + ": permission denied", e);
        } catch (MalformedInputException e) {
            throw new BadInputException(file + ": cannot read " + what + ": not valid UTF-8 text", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read " + what + ": " + e.getMessage(), e);
        }
        if (yaml.startsWith("\uFEFF")) { // a byte order mark is invisible: drop it so columns match an editor's
            yaml = yaml.substring(1);
        }
        return yaml;
    }

    /** Parses config text; {@code file} is only named in messages and kept as {@link NetworkConfig#file()}. */
    public static NetworkConfig parse(String yaml, Path file) {
        return parse(yaml, file, LayerKinds.builtIn());
    }

    /** As {@link #parse(String, Path)}, with the layer kinds of {@code kinds} and the config's {@code plugins:}. */
    public static NetworkConfig parse(String yaml, Path file, LayerKinds kinds) {
        Node root = compose(yaml, file);
        List<String> topKeys = OPTIONAL_KEYS;
        if (root == null || Section.isNull(root)) {
            throw new BadInputException(new Pos(file, 1, 1) + ": the config is empty; expected a mapping with "
                    + String.join(", ", REQUIRED_KEYS) + " and optionally " + String.join(", ", topKeys));
        }
        if (!(root instanceof MappingNode map)) {
            throw Section.error(file, root, "expected a mapping with " + String.join(", ", REQUIRED_KEYS)
                    + " at the top level, got " + Section.describe(root));
        }
        Section top = Section.of(file, "", Section.pos(file, root), map.getValue(), "top-level key",
                REQUIRED_KEYS, topKeys);
        int[] input = input(top);
        LayerKinds all = plugins(top, kinds);
        List<LayerSpec> layers = layers(top, all);
        LossKind loss = loss(top);
        Section train = section(top, "train", List.of(), TrainSection.KEYS, "{batch: 32, epochs: 5, lr: 0.05}");
        Long trainSeed = train == null || train.node("seed") == null ? null : train.integer("seed", 0);
        long seed = seed(top, trainSeed == null ? NetworkConfig.DEFAULT_SEED : trainSeed);
        NetworkConfig.Example example = example(top, input);
        List<NetworkConfig.Example> examples = examples(top, input);
        if (example != null && examples != null) {
            throw top.error(top.node("examples"), "give 'example' (one) or 'examples' (a batch), not both");
        }
        return new NetworkConfig(file, input, layers, loss, seed, example, examples, data(top),
                TrainSection.parse(train, trainSeed == null ? seed : trainSeed), all);
    }

    /** The YAML's node tree, or null for an empty file; a syntax error is a message at its file:line:column. */
    static Node compose(String yaml, Path file) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(String.valueOf(file))
                .setSchema(new CoreSchema())
                .setMaxAliasesForCollections(YamlLimits.MAX_ALIASES)
                .setCodePointLimit(YamlLimits.MAX_CHARS)
                .build();
        try {
            YamlLimits.checkDepth(yaml, settings, file);
            Node root = new Compose(settings).composeString(yaml).orElse(null);
            if (root != null) YamlLimits.checkExpanded(root, file);
            return root;
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            Pos pos = mark.map(m -> new Pos(file, m.getLine() + 1, m.getColumn() + 1)).orElse(new Pos(file, 1, 1));
            String problem = oneLine(e.getProblem());
            String context = oneLine(e.getContext());
            String text;
            if (e.getProblemMark().map(ConfigLoader::pointsAtTab).orElse(false)) {
                text = "found a tab; YAML indents with spaces only";
            } else if (context.isEmpty()) {
                text = problem;
            } else if (context.startsWith("while")) {
                text = problem + " (" + context + e.getContextMark()
                        .map(m -> " started at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
                        .orElse("") + ")";
            } else { // e.g. "expected a single document in the stream", "but found another document"
                text = context + ", " + problem;
            }
            throw new BadInputException(pos + ": invalid YAML: " + text, e);
        } catch (ReaderException e) {
            throw new BadInputException(positionOf(yaml, e.getPosition(), file) + ": invalid YAML: character "
                    + String.format("U+%04X", e.getCodePoint()) + " is not allowed", e);
        } catch (YamlEngineException e) {
            throw new BadInputException(new Pos(file, 1, 1) + ": invalid YAML: " + oneLine(e.getMessage()), e);
        }
    }

    private static boolean pointsAtTab(Mark mark) {
        int[] buffer = mark.getBuffer();
        return buffer != null && mark.getPointer() < buffer.length && buffer[mark.getPointer()] == '\t';
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** The line and column of the {@code codePoints}-th code point of {@code text}. */
    private static Pos positionOf(String text, int codePoints, Path file) {
        int line = 1;
        int column = 1;
        int[] cps = text.codePoints().limit(codePoints).toArray();
        for (int i = 0; i < cps.length; i++) {
            boolean crlf = cps[i] == '\r' && i + 1 < cps.length && cps[i + 1] == '\n';
            if ((cps[i] == '\n' || cps[i] == '\r') && !crlf) {
                line++;
                column = 1;
            } else if (!crlf) {
                column++;
            }
        }
        return new Pos(file, line, column);
    }

    private static int[] input(Section top) {
        Node n = top.node("input");
        String mustBe = "'input' must be a list of 1 or 3 positive integers, [channels, height, width] or"
                + " [features]";
        if (!(n instanceof SequenceNode list) || (list.getValue().size() != 1 && list.getValue().size() != 3)) {
            throw top.error(n, mustBe + ", got " + Section.describe(n));
        }
        int[] shape = new int[list.getValue().size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = top.intAt(list.getValue().get(i), "input", 1, mustBe);
        }
        return shape;
    }

    /** {@code plugins:}, a list of jar paths relative to the config's folder, loaded into a copy of {@code kinds}. */
    private static LayerKinds plugins(Section top, LayerKinds kinds) {
        Node n = top.node("plugins");
        if (n == null) {
            return kinds;
        }
        if (!(n instanceof SequenceNode list)) {
            throw top.error(n, "'plugins' must be a list of jar files, got " + Section.describe(n));
        }
        Path dir = top.file().getParent() != null ? top.file().getParent() : top.file().getFileSystem().getPath("");
        LayerKinds all = kinds;
        for (Node entry : list.getValue()) {
            if (!(entry instanceof ScalarNode s) || !s.getTag().equals(Tag.STR) || s.getValue().isEmpty()) {
                throw top.error(entry, "'plugins' must be a list of jar files, got " + Section.describe(entry));
            }
            try {
                all = all.withPlugins(List.of(dir.resolve(s.getValue()).normalize()));
            } catch (BadInputException e) {
                throw top.error(entry, "plugins: " + e.getMessage());
            }
        }
        return all;
    }

    private static List<LayerSpec> layers(Section top, LayerKinds kinds) {
        Node n = top.node("layers");
        if (!(n instanceof SequenceNode list) || list.getValue().isEmpty()) {
            throw top.error(n, "'layers' must be a non-empty list of layers, got " + Section.describe(n));
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (Node entry : list.getValue()) {
            layers.add(LayerEntries.parse(top.file(), layers.size() + 1, entry, kinds));
        }
        return List.copyOf(layers);
    }

    private static LossKind loss(Section top) {
        Node n = top.node("loss");
        String keys = Arrays.stream(LossKind.values()).map(k -> k.key).collect(Collectors.joining(", "));
        if (!(n instanceof ScalarNode s) || !s.getTag().equals(Tag.STR)) {
            throw top.error(n, "'loss' must be one of " + keys + ", got " + Section.describe(n));
        }
        for (LossKind kind : LossKind.values()) {
            if (kind.key.equals(s.getValue())) {
                return kind;
            }
        }
        List<String> names = Arrays.stream(LossKind.values()).map(k -> k.key).toList();
        throw top.error(n, "unknown loss '" + s.getValue() + "'" + DidYouMean.suggest(s.getValue(), names)
                + "; expected one of " + keys);
    }

    /** The mapping under {@code key} as a checked section, or null when the config has none. */
    private static Section section(Section top, String key, List<String> required, List<String> optional,
                                   String example) {
        Node n = top.node(key);
        if (n == null) {
            return null;
        }
        if (!(n instanceof MappingNode map)) {
            throw top.error(n, "'" + key + "' must be a mapping such as " + example + ", got " + Section.describe(n));
        }
        return Section.of(top.file(), key + ": ", Section.pos(top.file(), n), map.getValue(), "key", required, optional);
    }

    /** {@code data:}, its paths resolved against the config's folder. */
    private static DataSpec data(Section top) {
        Section data = section(top, "data", DATA_REQUIRED, DATA_KEYS, "{train: ../data/train, test: ../data/test}");
        if (data == null) {
            return null;
        }
        // Relative to the config's folder as the config was named, so messages show the paths a user typed
        // (configs/../data/x normalises to data/x) while working from any directory.
        Path dir = top.file().getParent() != null ? top.file().getParent() : top.file().getFileSystem().getPath("");
        Path train = dir.resolve(data.string("train", null)).normalize();
        String test = data.string("test", null);
        String onBad = data.string("on_bad_file", "error");
        if (!onBad.equals("error") && !onBad.equals("skip")) {
            throw data.error(data.node("on_bad_file"), "'on_bad_file' must be error or skip, got '" + onBad + "'"
                    + DidYouMean.suggest(onBad, List.of("error", "skip")));
        }
        Node labelColumn = data.node("label_column");
        return new DataSpec(train, test == null ? null : dir.resolve(test).normalize(), data.fraction("scale", 1),
                labelColumn == null ? null : data.string("label_column", null), onBad.equals("skip"),
                data.bool("resize", false), data.pos());
    }

    private static long seed(Section top, long absent) {
        Node n = top.node("init");
        if (n == null) {
            return absent;
        }
        if (!(n instanceof MappingNode map)) {
            throw top.error(n, "'init' must be a mapping such as {seed: 42}, got " + Section.describe(n));
        }
        Section init = Section.of(top.file(), "init: ", Section.pos(top.file(), n), map.getValue(), "key",
                List.of(), INIT_KEYS);
        return init.integer("seed", absent);
    }

    /** {@code example:}'s input, nested as {@code input} says or flat, row-major, and its label. */
    private static NetworkConfig.Example example(Section top, int[] input) {
        Node n = top.node("example");
        return n == null ? null : example(top, n, "example", input);
    }

    /** {@code examples:}, a non-empty list of what {@code example:} holds; null when absent. */
    private static List<NetworkConfig.Example> examples(Section top, int[] input) {
        Node n = top.node("examples");
        if (n == null) {
            return null;
        }
        if (!(n instanceof SequenceNode list) || list.getValue().isEmpty()) {
            throw top.error(n, "'examples' must be a non-empty list of {input: [...], label: N}, got "
                    + Section.describe(n));
        }
        List<NetworkConfig.Example> examples = new ArrayList<>();
        for (Node entry : list.getValue()) {
            examples.add(example(top, entry, "examples[" + examples.size() + "]", input));
        }
        return List.copyOf(examples);
    }

    /** One example mapping {@code n}, called {@code what} in messages. */
    private static NetworkConfig.Example example(Section top, Node n, String what, int[] input) {
        if (!(n instanceof MappingNode map)) {
            throw top.error(n, "'" + what + "' must be a mapping with input and label, got " + Section.describe(n));
        }
        Section example = Section.of(top.file(), what + ": ", Section.pos(top.file(), n), map.getValue(), "key",
                EXAMPLE_KEYS, List.of());
        Values values = example.values("input");
        long count = 1;
        for (int d : input) {
            count *= d;
        }
        int[] shape = values.shape();
        boolean flat = shape.length == 1 && shape[0] == count;
        if (!flat && !Arrays.equals(shape, input)) {
            throw example.error(example.node("input"), "'input' has shape " + Arrays.toString(shape)
                    + " but the top-level input is " + Arrays.toString(input) + "; expected that nesting or a flat"
                    + " list of " + count + " numbers");
        }
        return new NetworkConfig.Example(values.data(), example.number("label", Double.NaN), example.pos());
    }
}
