package cnnbp.config;

import cnnbp.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The layer types a config's {@code layers:} can name: the one place where layer type strings and their
 * option keys live. Each type lists its required and optional option keys and turns checked options into
 * a {@link LayerSpec}. Pairs are (h, w); an int n stands for [n, n].
 */
enum LayerType {
    CONV("conv", List.of("filters", "kernel"), List.of("stride", "padding", "weights", "bias"),
            (index, pos, o) -> new LayerSpec.Conv(index, pos, o.positiveInt("filters"),
                    o.pair("kernel", 1, null), o.pair("stride", 1, new int[] {1, 1}),
                    o.pair("padding", 0, new int[] {0, 0}), o.values("weights"), o.values("bias"))),
    MAXPOOL("maxpool", List.of("size"), List.of("stride"), (index, pos, o) -> pool("maxpool", index, pos, o)),
    AVGPOOL("avgpool", List.of("size"), List.of("stride"), (index, pos, o) -> pool("avgpool", index, pos, o)),
    FLATTEN("flatten", List.of(), List.of(), (index, pos, o) -> new LayerSpec.Flatten(index, pos)),
    DENSE("dense", List.of("units"), List.of("weights", "bias"),
            (index, pos, o) -> new LayerSpec.Dense(index, pos, o.positiveInt("units"), o.values("weights"),
                    o.values("bias"))),
    RELU("relu", List.of(), List.of(), (index, pos, o) -> new LayerSpec.Activation(index, pos, "relu", 0)),
    LEAKY_RELU("leaky_relu", List.of(), List.of("alpha"),
            (index, pos, o) -> new LayerSpec.Activation(index, pos, "leaky_relu", o.number("alpha", 0.01))),
    SIGMOID("sigmoid", List.of(), List.of(),
            (index, pos, o) -> new LayerSpec.Activation(index, pos, "sigmoid", 0)),
    TANH("tanh", List.of(), List.of(), (index, pos, o) -> new LayerSpec.Activation(index, pos, "tanh", 0)),
    SOFTMAX("softmax", List.of(), List.of(),
            (index, pos, o) -> new LayerSpec.Activation(index, pos, "softmax", 0));

    /** Every type's name, in declaration order, for messages and did-you-mean. */
    static final List<String> NAMES = Arrays.stream(values()).map(t -> t.name).toList();

    /** Turns a layer's checked options into its spec. */
    @FunctionalInterface
    private interface Builder {
        LayerSpec build(int index, Pos pos, Section options);
    }

    private final String name;
    private final List<String> required;
    private final List<String> optional;
    private final Builder builder;

    LayerType(String name, List<String> required, List<String> optional, Builder builder) {
        this.name = name;
        this.required = required;
        this.optional = optional;
        this.builder = builder;
    }

    private static LayerSpec pool(String type, int index, Pos pos, Section o) {
        int[] size = o.pair("size", 1, null);
        return new LayerSpec.Pool(index, pos, type, size, o.pair("stride", 1, size.clone()));
    }

    /**
     * Parses the {@code index}-th (1-based) entry of {@code layers:}: a bare type name ({@code - relu}) or
     * a one-key mapping from the type name to its options ({@code - conv: {filters: 1, kernel: 2}}).
     */
    static LayerSpec parse(Path file, int index, Node entry) {
        Pos pos = Section.pos(file, entry);
        String where = "layer " + index + ": ";
        Node nameNode;
        Node options = null;
        if (entry instanceof MappingNode map && map.getValue().size() == 1) {
            nameNode = map.getValue().get(0).getKeyNode();
            options = map.getValue().get(0).getValueNode();
        } else if (entry instanceof MappingNode map && map.getValue().size() > 1) {
            List<String> keys = new ArrayList<>();
            for (NodeTuple t : map.getValue()) {
                keys.add(t.getKeyNode() instanceof ScalarNode s ? s.getValue() : Section.describe(t.getKeyNode()));
            }
            throw Section.error(file, entry, where + "expected one key, the layer type, got " + keys.size()
                    + " keys: " + String.join(", ", keys) + "; put the options under the type, e.g. - "
                    + keys.get(0) + ": {...}");
        } else if (entry instanceof ScalarNode && !Section.isNull(entry)) {
            nameNode = entry;
        } else {
            throw Section.error(file, entry, where + "expected a layer type such as relu, or type: {options},"
                    + " got " + Section.describe(entry));
        }
        if (!(nameNode instanceof ScalarNode nameScalar) || !nameScalar.getTag().equals(Tag.STR)) {
            throw Section.error(file, nameNode, where + "expected a layer type, one of " + String.join(", ", NAMES)
                    + ", got " + Section.describe(nameNode));
        }
        String name = nameScalar.getValue();
        LayerType type = Arrays.stream(values()).filter(t -> t.name.equals(name)).findFirst()
                .orElseThrow(() -> Section.error(file, nameScalar, where + "unknown layer type '" + name + "'"
                        + DidYouMean.suggest(name, NAMES) + "; expected one of " + String.join(", ", NAMES)));
        return type.build(file, index, pos, options);
    }

    private LayerSpec build(Path file, int index, Pos pos, Node options) {
        String where = "layer " + index + " " + name + ": ";
        List<NodeTuple> entries;
        Pos optionsPos = pos;
        if (options == null || Section.isNull(options)) {
            if (!required.isEmpty()) {
                throw new BadInputException(pos + ": " + where + "got no options; expected a mapping with "
                        + keysText());
            }
            entries = List.of();
        } else if (options instanceof MappingNode map) {
            if (required.isEmpty() && optional.isEmpty() && !map.getValue().isEmpty()) {
                Node firstKey = map.getValue().get(0).getKeyNode();
                throw Section.error(file, firstKey, where + "takes no options, got "
                        + (firstKey instanceof ScalarNode s ? "'" + s.getValue() + "'" : Section.describe(firstKey)));
            }
            entries = map.getValue();
            optionsPos = Section.pos(file, map);
        } else if (required.isEmpty() && optional.isEmpty()) {
            throw Section.error(file, options, where + "takes no options, got " + Section.describe(options));
        } else {
            throw Section.error(file, options, where + "options must be a mapping with " + keysText() + ", got "
                    + Section.describe(options));
        }
        Section section = Section.of(file, where, optionsPos, entries, "option", required, optional);
        return builder.build(index, pos, section);
    }

    private String keysText() {
        if (required.isEmpty()) {
            return "optional " + String.join(", ", optional);
        }
        String text = String.join(", ", required) + " (required)";
        return optional.isEmpty() ? text : text + " and " + String.join(", ", optional) + " (optional)";
    }
}
