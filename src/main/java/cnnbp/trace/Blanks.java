package cnnbp.trace;

import cnnbp.BadInputException;
import cnnbp.trace.Trace.Item;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which tensors a handout leaves for the student: {@code --blank} forward (every layer's output and
 * L), backward (every derivative), all, or names of computed tensors, comma-separated and mixed
 * freely ({@code forward,dL/dW1}). X, Y and the parameters are given, never blank.
 */
public final class Blanks {
    private Blanks() {}

    /** The names {@code spec} stands for, in the trace's order of first mention. */
    public static Set<String> parse(String spec, Trace t) {
        List<String> forward = names(t.forwardItems()), backward = names(t.backwardItems());
        List<String> computed = new ArrayList<>(forward);
        computed.addAll(backward);
        Set<String> blanks = new LinkedHashSet<>();
        for (String part : spec.split(",", -1)) {
            String name = part.strip();
            switch (name) {
                case "forward" -> blanks.addAll(forward);
                case "backward" -> blanks.addAll(backward);
                case "all" -> blanks.addAll(computed);
                default -> {
                    if (computed.contains(name)) {
                        blanks.add(name);
                    } else if (names(t.givenItems()).contains(name)) {
                        throw new BadInputException("--blank: " + name + " is given on the handout, not computed;"
                                + " expected forward, backward, all or computed tensors such as " + computed.get(0));
                    } else {
                        List<String> words = new ArrayList<>(List.of("forward", "backward", "all"));
                        words.addAll(computed);
                        throw new BadInputException("--blank: " + (name.isEmpty() ? "an empty name in '" + spec + "'"
                                : "unknown tensor '" + name + "'" + Names.suggest(name, words))
                                + "; expected forward, backward, all or names of computed tensors: "
                                + String.join(", ", computed));
                    }
                }
            }
        }
        return blanks;
    }

    /** Every tensor the forward and backward passes compute. */
    public static Set<String> all(Trace t) {
        return parse("all", t);
    }

    static List<String> names(List<Item> items) {
        return items.stream().map(Item::name).toList();
    }
}
