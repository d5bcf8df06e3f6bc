package cnnbp.text;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Suggests the known word a user most likely meant, for error messages such as
 * {@code unknown layer type 'rellu' (did you mean 'relu'?)}.
 */
public final class DidYouMean {
    /** Other frameworks' names for cnnbp's words (Keras's and PyTorch's), suggested whatever their distance. */
    private static final Map<String, String> SYNONYMS = Map.of(
            "learning_rate", "lr", "learningrate", "lr", "batch_size", "batch", "batchsize", "batch",
            "num_epochs", "epochs", "n_epochs", "epochs", "decay", "weight_decay", "out_channels", "filters",
            "kernel_size", "kernel", "out_features", "units");

    private DidYouMean() {}

    /**
     * Returns {@code " (did you mean 'x'?)"} for the candidate closest to {@code word}, or "" when none is
     * close. Another framework's name for a candidate (learning_rate for lr, batch_size for batch) is always
     * suggested. Otherwise close means at most 2 edits (insert, delete, substitute, or swap two neighbours), at most 1 for
     * words of 3 letters or fewer, ignoring case. Ties go to the earlier candidate.
     */
    public static String suggest(String word, Collection<String> candidates) {
        String w = word.toLowerCase(Locale.ROOT);
        String synonym = SYNONYMS.get(w);
        if (synonym != null && candidates.contains(synonym)) return " (did you mean '" + synonym + "'?)";
        int limit = w.length() <= 3 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(w, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= limit ? " (did you mean '" + best + "'?)" : "";
    }

    /** Optimal string alignment distance: Levenshtein plus transposition of two adjacent characters. */
    static int distance(String a, String b) {
        // d[i][j] = distance between the first i chars of a and the first j chars of b
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[a.length()][b.length()];
    }
}
