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
 * freely ({@code forward,dL/dW1}). X, Y and the parameters are given, never blank. The word
 * {@code formulas} leaves the formulas of the blank tensors out too (alone: every computed tensor's
 * formula, the values shown), for when deriving the chain-rule step is the exercise: see {@link #formulas}.
 */
public final class Blanks {
    private Blanks() {}

    /** The word of {@code --blank} that leaves formulas out. */
    public static final String FORMULAS = "formulas";

    /** The names {@code spec} stands for, in the trace's order of first mention ({@link #FORMULAS} stands for none). */
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
                case FORMULAS -> { }
                default -> {
                    if (computed.contains(name)) {
                        blanks.add(name);
                    } else if (names(t.givenItems()).contains(name)) {
                        throw new BadInputException("--blank: " + name + " is given on the handout, not computed;"
                                + " expected forward, backward, all or computed tensors such as " + computed.get(0));
                    } else {
                        List<String> words = new ArrayList<>(List.of("forward", "backward", "all", FORMULAS));
                        words.addAll(computed);
                        throw new BadInputException("--blank: " + (name.isEmpty() ? "an empty name in '" + spec + "'"
                                : "unknown tensor '" + name + "'" + Names.suggest(name, words))
                                + "; expected forward, backward, all, formulas or names of computed tensors: "
                                + String.join(", ", computed));
                    }
                }
            }
        }
        return blanks;
    }

    /**
     * The tensors whose formulas {@code spec} leaves out: none without the word {@link #FORMULAS}; with
     * it, the blank tensors, or every computed tensor when it names none.
     */
    public static Set<String> formulas(String spec, Trace t) {
        boolean formulas = java.util.Arrays.stream(spec.split(",", -1)).anyMatch(p -> p.strip().equals(FORMULAS));
        if (!formulas) return Set.of();
        Set<String> blanks = parse(spec, t);
        return blanks.isEmpty() ? all(t) : blanks;
    }

    /**
     * The tensors {@code --only} names, as the trace prints them (X, W1, Z1, L, dL/dW1, ...), in the order
     * given: case matters; an unknown name is an error with a suggestion and the list of names. What a layer's
     * kind shows beside its output (a pool's mask, batchnorm's mu2, Xhat2, dL/dXhat2) stands for that output
     * (or its gradient), which it is shown with.
     */
    public static Set<String> only(String spec, Trace t) {
        List<String> printed = new ArrayList<>(names(t.givenItems()));
        printed.addAll(names(t.forwardItems()));
        printed.addAll(names(t.backwardItems()));
        java.util.Map<String, String> extras = new java.util.HashMap<>();  // mu2 → Z2, dL/dXhat2 → dL/dZ2: they show with it
        for (Trace.Step s : t.layers()) {
            for (Trace.Extra e : s.extras()) {
                extras.put(e.value().name(), s.output().name());
                if (e.grad() != null) extras.put(e.grad().name(), s.gradOutput().name());
            }
        }
        Set<String> only = new LinkedHashSet<>();
        for (String part : spec.split(",", -1)) {
            String name = part.strip();
            if (extras.containsKey(name)) {
                only.add(extras.get(name));
                continue;
            }
            if (!printed.contains(name)) {
                throw new BadInputException("--only: " + (name.isEmpty() ? "an empty name in '" + spec + "'"
                        : "unknown tensor '" + name + "'" + Names.suggest(name, printed))
                        + "; the trace prints " + String.join(", ", printed));
            }
            only.add(name);
        }
        return only;
    }

    /** Every tensor the forward and backward passes compute. */
    public static Set<String> all(Trace t) {
        return parse("all", t);
    }

    static List<String> names(List<Item> items) {
        return items.stream().map(Item::name).toList();
    }
}
