package cnnbp.check;

import cnnbp.BadInputException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code --only} picks: a tensor by its trace name (W2, b2, X) or one element of it,
 * {@code W2[3,1,0,2]}, its multi-index in the PyTorch layout (X's includes the batch index).
 *
 * @param index null for the whole tensor
 */
public record Selector(String name, int[] index) {
    private static final Pattern FORM = Pattern.compile("([A-Za-z]+[0-9]*'*)(?:\\[([0-9 ,]*)])?");

    public static Selector parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new BadInputException("--only " + text + ": expected a tensor name such as W2, b1 or X,"
                    + " optionally with an element's index, e.g. W2[3,1,0,2]");
        }
        int[] index = null;
        if (m.group(2) != null) {
            String[] parts = m.group(2).split(",");
            index = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    index[i] = Integer.parseInt(parts[i].strip());
                } catch (NumberFormatException e) {
                    throw new BadInputException("--only " + text + ": index " + (i + 1) + " is '" + parts[i].strip()
                            + "', expected a non-negative integer");
                }
            }
        }
        return new Selector(m.group(1), index);
    }

    /** The element form of an index: "W2[3,1,0,2]". */
    public static String element(String name, int[] index) {
        return name + Arrays.toString(index).replace(" ", "");
    }

    @Override
    public String toString() {
        return index == null ? name : element(name, index);
    }
}
