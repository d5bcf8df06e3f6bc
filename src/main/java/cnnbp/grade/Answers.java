package cnnbp.grade;

import cnnbp.BadInputException;
import cnnbp.config.AnswersFile;
import cnnbp.config.Pos;
import cnnbp.config.Values;
import cnnbp.tensor.Shapes;
import cnnbp.trace.Names;
import cnnbp.trace.Trace;
import cnnbp.trace.Trace.Item;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Set;
import cnnbp.trace.Blanks;

/**
 * A student's answers checked against the reference trace: every name one the trace prints (a layer's
 * extras too: a mask, batchnorm's mu2, var2, Xhat2 and dL/dXhat2), every
 * tensor in one example's shape (in a batch trace, X, Y and the layers' outputs and derivatives in
 * the batch's: M examples first). The shape may be written as the trace gives it (1x4x4), without
 * its leading 1s (a 4x4 matrix for a one-channel 1x4x4, a bare number for L or a one-element
 * tensor), with more leading 1s (a batch of one, 1x1x4x4), or as a flat row-major list: all have the
 * same numbers in the same order. A tensor of nulls only, like null itself, is not answered.
 */
public final class Answers {
    private Answers() {}

    /**
     * A tensor as the student gave it, in the reference's shape: data row-major, missing[i] where they
     * wrote null; data null when they left the whole tensor null (not answered).
     */
    public record Answer(String name, double[] data, boolean[] missing, Pos pos) {
        public boolean answered() {
            return data != null;
        }

        /** Answered with every value. */
        public boolean complete() {
            if (data == null) return false;
            for (boolean m : missing) if (m) return false;
            return true;
        }
    }

    public static Map<String, Answer> read(Path file, Trace reference) {
        return check(AnswersFile.read(file), reference);
    }

    /**
     * The tensors an assignment asks for: the names in {@code template} (an answers template, its
     * values ignored) that the reference computes; a given tensor or an unknown name is an error.
     */
    public static Set<String> assignment(Path template, Trace reference) {
        Set<String> computed = Blanks.all(reference);
        Set<String> names = new LinkedHashSet<>();
        for (AnswersFile.Entry e : AnswersFile.read(template)) {
            if (!computed.contains(e.name())) {
                throw new BadInputException(e.pos() + ": '" + e.name() + "' is not a tensor the reference computes"
                        + Names.suggest(e.name(), List.copyOf(computed)) + "; an assignment names computed tensors such as "
                        + computed.iterator().next());
            }
            names.add(e.name());
        }
        if (names.isEmpty()) throw new BadInputException(template + ": the assignment names no tensor; expected an answers template");
        return names;
    }

    static Map<String, Answer> check(List<AnswersFile.Entry> entries, Trace reference) {
        Map<String, Item> items = new LinkedHashMap<>();
        for (List<Item> list : List.of(reference.givenItems(), reference.forwardItems(), reference.backwardItems())) {
            for (Item it : list) items.put(it.name(), it);
        }
        List<String> names = new ArrayList<>(items.keySet());  // listed in a message; the extras are accepted too:
        for (Item it : reference.extraItems()) items.put(it.name(), it);  // masks, batchnorm's mu2, Xhat2, dL/dXhat2
        Map<String, Answer> answers = new LinkedHashMap<>();
        for (AnswersFile.Entry e : entries) {
            Item it = items.get(e.name());
            if (it == null) {
                throw new BadInputException(e.pos() + ": unknown tensor '" + e.name() + "'" + Names.suggest(e.name(), List.copyOf(items.keySet()))
                        + "; the reference's tensors are " + String.join(", ", names));
            }
            Values v = e.values();
            if (v == null || allMissing(v)) {  // null, or an untouched template's lists of null
                answers.put(e.name(), new Answer(e.name(), null, null, e.pos()));
                continue;
            }
            int size = Shapes.size(it.shape());
            boolean flat = v.shape().length == 1 && v.shape()[0] == size;
            if (!flat && !Arrays.equals(withoutLeadingOnes(v.shape()), withoutLeadingOnes(it.shape()))) {
                throw new BadInputException(v.pos() + ": '" + e.name() + "' " + (v.shape().length == 0 ? "is one number"
                        : "has shape " + Shapes.toString(v.shape())) + ", expected " + (it.shape().length == 0 ? "one number"
                        : "shape " + Shapes.toString(it.shape()) + " (" + (reference.batched(it) ? "the batch's, M = "
                        + reference.batch() + " first" : "one example's") + ") or a flat list of " + size)
                        + (decimalCommas(v, size) ? "; a decimal comma? 0,731 reads as two numbers, 0 and 731: write 0.731" : ""));
            }
            answers.put(e.name(), new Answer(e.name(), v.data(), v.missing(), v.pos()));
        }
        return answers;
    }

    /** Twice the numbers expected, all whole: what [-0,731, 0,731] for [-0.731, 0.731] reads as. */
    private static boolean decimalCommas(Values v, int size) {
        if (v.data().length != 2 * size) return false;
        for (int i = 0; i < v.data().length; i++) {
            if (v.missing()[i] || v.data()[i] != Math.rint(v.data()[i])) return false;
        }
        return true;
    }

    private static boolean allMissing(Values v) {
        for (boolean m : v.missing()) if (!m) return false;
        return true;
    }

    private static int[] withoutLeadingOnes(int[] shape) {
        int i = 0;
        while (i < shape.length && shape[i] == 1) i++;
        return Arrays.copyOfRange(shape, i, shape.length);
    }
}
