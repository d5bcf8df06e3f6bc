package cnnbp.config;

import cnnbp.BadInputException;
import cnnbp.io.RegularFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The limits that keep a small YAML file from asking for huge work: its size, how deep its lists and
 * mappings nest (checked on the parser's events, before the composer recurses into them), and how many
 * values it holds once every alias is expanded (an alias bomb: ten aliases of ten aliases of ...).
 * cnnbp's own files stay far below them: a 28x28 network's answers file holds some 100,000 numbers.
 */
final class YamlLimits {
    /** The largest file read, in bytes and in code points. */
    static final int MAX_CHARS = 32 << 20;
    /** Lists and mappings inside each other, aliases expanded: a conv's weights nest 5 deep under layers. */
    static final int MAX_DEPTH = 32;
    /** Values (scalars, lists, mappings) once aliases are expanded. */
    static final long MAX_NODES = 5_000_000;
    /** Aliases to a list or mapping; snakeyaml-engine's own limit, stated. */
    static final int MAX_ALIASES = 50;

    private YamlLimits() {}

    /** Refuses a file larger than {@link #MAX_CHARS} before it is read. */
    static void checkFileSize(Path file, String what) {
        RegularFiles.check(file, what + " file");
        try {
            long size = Files.size(file);
            if (size > MAX_CHARS) {
                throw new BadInputException(String.format(java.util.Locale.ROOT,
                        "%s: the %s file is %,d bytes; expected at most %,d", file, what, size, MAX_CHARS));
            }
        } catch (IOException e) {
            // not there or not a file: reading it says so
        }
    }

    /** Refuses nesting deeper than {@link #MAX_DEPTH}, walking the parser's events (no recursion). */
    static void checkDepth(String yaml, LoadSettings settings, Path file) {
        int depth = 0;
        try {
            for (Event e : new Parse(settings).parseString(yaml)) {
                switch (e.getEventId()) {
                    case SequenceStart, MappingStart -> {
                        if (++depth > MAX_DEPTH) {
                            throw new BadInputException(e.getStartMark().map(m -> new Pos(file, m.getLine() + 1,
                                    m.getColumn() + 1)).orElse(new Pos(file, 1, 1)) + ": lists and mappings nested more than "
                                    + MAX_DEPTH + " levels deep; expected a config, answers or trace file's few levels");
                        }
                    }
                    case SequenceEnd, MappingEnd -> depth--;
                    default -> { }
                }
            }
        } catch (YamlEngineException syntax) {
            // a syntax error: composing reports it with its place
        }
    }

    /** Refuses a tree with more than {@link #MAX_NODES} values, or nested too deep, once aliases are expanded. */
    static void checkExpanded(Node root, Path file) {
        Map<Node, long[]> sizes = new IdentityHashMap<>();  // node -> {values, depth} of its expansion
        long[] total = expand(root, sizes, file);
        if (total[0] > MAX_NODES || total[1] > MAX_DEPTH) {
            throw new BadInputException(new Pos(file, 1, 1) + ": aliases expand the file to "
                    + (total[0] > MAX_NODES ? "more than " + String.format(java.util.Locale.ROOT, "%,d", MAX_NODES) + " values"
                    : "lists nested more than " + MAX_DEPTH + " levels deep") + "; write the values out instead");
        }
    }

    private static long[] expand(Node n, Map<Node, long[]> sizes, Path file) {
        long[] known = sizes.get(n);
        if (known != null && known[0] < 0) {
            throw new BadInputException(n.getStartMark().map(m -> new Pos(file, m.getLine() + 1, m.getColumn() + 1))
                    .orElse(new Pos(file, 1, 1)) + ": an alias inside the list or mapping it names, a loop; write the"
                    + " values out instead");
        }
        if (known != null) return known;
        sizes.put(n, new long[] {-1, 0});
        long count = 1, depth = 0;
        if (n instanceof SequenceNode s) {
            for (Node child : s.getValue()) {
                long[] c = expand(child, sizes, file);
                count += c[0];
                depth = Math.max(depth, c[1] + 1);
                if (count > MAX_NODES || depth > MAX_DEPTH) break;
            }
        } else if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                long[] k = expand(t.getKeyNode(), sizes, file), v = expand(t.getValueNode(), sizes, file);
                count += k[0] + v[0];
                depth = Math.max(depth, Math.max(k[1], v[1]) + 1);
                if (count > MAX_NODES || depth > MAX_DEPTH) break;
            }
        }
        long[] result = {Math.min(count, MAX_NODES + 1), Math.min(depth, MAX_DEPTH + 1)};
        sizes.put(n, result);
        return result;
    }
}
