package cnnbp.trace;

import java.nio.file.Path;
import java.util.Set;

/**
 * How a trace document is dressed beyond its values: its title, the instructions under it, the
 * tensors whose formulas are left for the student ({@code --blank formulas}), the tensors it shows
 * ({@code --only}; null shows all), and the width past which a text row wraps (0: never).
 *
 * @param title        the heading; null for {@link #defaultTitle}
 * @param instructions text put under the title as the format needs it, or null
 * @param formulas     names of the tensors shown as "Z1 = ____" instead of their formula
 * @param only         names of the tensors to show, or null for every tensor
 * @param width        the longest text row before it wraps; 0 never wraps
 */
public record Handout(String title, String instructions, Set<String> formulas, Set<String> only, int width) {
    /** The width a text row wraps past, unless {@code --width} says otherwise. */
    public static final int WIDTH = 100;

    /** Nothing but the defaults: the default title, no instructions, every formula and tensor shown, rows wrapped past {@link #WIDTH}. */
    public static final Handout PLAIN = new Handout(null, null, Set.of(), null, WIDTH);

    /** The heading of a trace of {@code source} without a title of its own: its file name, not the folder it lies in. */
    public static String defaultTitle(String source) {
        return "cnnbp trace of " + fileName(source);
    }

    /** configs/seed002.conf → seed002.conf. */
    static String fileName(String source) {
        Path name = Path.of(source).getFileName();
        return name == null ? source : name.toString();
    }

    /** The title to print for a trace of {@code source}. */
    String title(String source) {
        return title != null ? title : defaultTitle(source);
    }

    /** Whether the tensor (Z1, or Z1[m] and dL/dW2[m] in a batch) is shown. */
    boolean shows(String name) {
        return only == null || only.contains(base(name));
    }

    /** Whether the tensor's formula is left blank. */
    boolean blankFormula(String name) {
        return formulas.contains(base(name));
    }

    /** A batch's Z1[m] is Z1. */
    private static String base(String name) {
        return name.endsWith("[m]") ? name.substring(0, name.length() - 3) : name;
    }
}
