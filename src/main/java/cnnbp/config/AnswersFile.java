package cnnbp.config;

import cnnbp.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A student's answers for {@code cnnbp compare}, a YAML file (JSON is YAML too) mapping tensor names
 * to values, read as written: which names exist and what shape each must have is the reference
 * trace's business ({@code cnnbp.grade.Answers}).
 * <pre>
 * Z1: [[[0.5, 1.2], [0.3, 0.0]]]   # nested lists ...
 * A1: [0.5, 1.2, 0.3, 0.0]         # ... or a flat list
 * "dL/dW1": [[[[1, null], [2, 3]]]] # null: a value left out
 * L: 0.693                          # one number
 * dL/dA1: null                      # the whole tensor left out
 * </pre>
 * Every mistake, YAML syntax included, is a {@link BadInputException} at its {@code file:line:column}.
 */
public final class AnswersFile {
    private AnswersFile() {}

    /**
     * One tensor as written: {@code values} has the nesting as its shape (shape [] for a bare number)
     * and marks the nulls in it; null when the whole tensor is null. {@code pos} is where the name is.
     */
    public record Entry(String name, Pos pos, Values values) {}

    public static List<Entry> read(Path file) {
        return parse(ConfigLoader.read(file, "answers"), file);
    }

    /** Parses answers text; {@code file} is only named in messages. */
    public static List<Entry> parse(String yaml, Path file) {
        Node root = ConfigLoader.compose(yaml, file);
        String expected = "a mapping from tensor names (Z1, dL/dW1, ...) to their values";
        if (root == null || Section.isNull(root)) {
            throw new BadInputException(new Pos(file, 1, 1) + ": the answers file is empty; expected " + expected);
        }
        if (!(root instanceof MappingNode map)) {
            throw Section.error(file, root, "expected " + expected + ", got " + Section.describe(root));
        }
        // Any name may appear here; Section still rejects a name given twice or one that is not text.
        List<String> names = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode s) names.add(s.getValue());
        }
        Section answers = Section.of(file, "", Section.pos(file, root), map.getValue(), "tensor", List.of(), names);
        List<Entry> entries = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            String name = ((ScalarNode) t.getKeyNode()).getValue();
            entries.add(new Entry(name, Section.pos(file, t.getKeyNode()), values(answers, name, t.getValueNode())));
        }
        return entries;
    }

    private static Values values(Section answers, String name, Node n) {
        if (Section.isNull(n)) return null;
        if (n instanceof SequenceNode) return answers.valuesAt(n, name, true);
        Double v = Section.numberValue(n);
        if (v == null) {
            throw answers.error(n, "'" + name + "' must be a number, a list of numbers (nested in the tensor's shape,"
                    + " or flat) or null, got " + Section.describe(n));
        }
        return new Values(new int[0], new double[] {v}, new boolean[1], Section.pos(answers.file(), n));
    }
}
