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
}
