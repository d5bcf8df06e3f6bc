package cnnbp;

/**
 * A mistake the user can make and fix: a malformed config, a missing file, a short CSV row, a
 * wrong shape, a bad option. The message names the file, line, layer or row and what was expected;
 * the CLI prints it on one line and exits with code 2. Bugs are other exceptions.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The longest excerpt of a file's text a message quotes, in characters. */
    public static final int EXCERPT = 80;

    /**
     * {@code text} on one line and at most {@link #EXCERPT} characters, cut in the middle
     * ({@code "[1, 2, … (91,601 characters) …, 9]"}), for quoting what a file holds in a message.
     */
    public static String excerpt(String text) {
        return excerpt(text, EXCERPT);
    }

    /** {@code text} on one line, cut in the middle when longer than {@code max} characters. */
    public static String excerpt(String text, int max) {
        String line = String.valueOf(text).strip().replaceAll("\\s*\\R\\s*", " ");
        if (line.length() <= max) return line;
        int keep = Math.max(4, (max - 30) / 2);
        return line.substring(0, keep) + " … (" + String.format(java.util.Locale.ROOT, "%,d", line.length())
                + " characters) … " + line.substring(line.length() - keep);
    }
}
