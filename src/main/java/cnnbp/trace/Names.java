package cnnbp.trace;

import cnnbp.text.DidYouMean;
import cnnbp.kind.LayerKind;
import cnnbp.kind.TraceNames;
import cnnbp.model.Network;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The worked examples' names for a network's tensors. Count the layers with parameters (conv, dense): the
 * k-th one's output is Zk and its parameters their key + k (Wk, bk; a plugin's alpha: alphak); a layer
 * without parameters after it gives its kind's letter + k ({@link LayerKind#traceLetter}: an activation
 * Ak, a pool Pk); a flatten gives F (Fk when the network flattens more than once). A name that would repeat gets a
 * prime (A1'). The input is X, the target Y, the loss L, and a derivative is dL/d + the name.
 */
public final class Names {
    private final List<String> outputs = new ArrayList<>();
    private final List<Integer> stages = new ArrayList<>();

    public Names(Network net) {
        List<String> letters = new ArrayList<>();
        for (int i = 0; i < net.layers().size(); i++) {
            LayerKind kind = net.kind(i);
            letters.add(!net.layer(i).params().isEmpty() ? "Z" : kind == null ? "A" : kind.traceLetter());
        }
        long flattens = letters.stream().filter("F"::equals).count();
        Set<String> used = new HashSet<>(Set.of("X", "Y", "L"));
        int k = 0;
        for (String letter : letters) {
            String name;
            if (letter.equals("Z")) {
                k++;
                name = "Z" + k;
            } else if (letter.equals("F")) {
                name = flattens == 1 ? "F" : "F" + k;
            } else {
                name = letter + k;
            }
            while (!used.add(name)) name += "'";
            outputs.add(name);
            stages.add(k);
        }
    }

    /** The name of layer i's output (0-based i). */
    public String output(int i) {
        return outputs.get(i);
    }

    /** The name of layer i's input: the previous output, or X. */
    public String input(int i) {
        return i == 0 ? "X" : outputs.get(i - 1);
    }

    /** "W2" or "b2" for a parameter key of layer i: the key and the count of layers with parameters so far. */
    public String param(int i, String key) {
        return key + stage(i);
    }

    /** The count of layers with parameters up to layer i: the k of Zk, Wk and bk. */
    public int stage(int i) {
        return stages.get(i);
    }

    public static String grad(String name) {
        return TraceNames.grad(name);
    }

    /**
     * " (did you mean 'dL/dW1'?)" for a name someone wrote as dW1, else {@link DidYouMean}'s suggestion
     * among {@code names}, or "".
     */
    public static String suggest(String name, Collection<String> names) {
        if (name.startsWith("d") && names.contains(grad(name.substring(1)))) {
            return " (did you mean '" + grad(name.substring(1)) + "'?)";
        }
        return DidYouMean.suggest(name, names);
    }
}
