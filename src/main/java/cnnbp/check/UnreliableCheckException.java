package cnnbp.check;

/**
 * The check cannot say anything: the loss is NaN or infinite at θ or at θ ± h, so no difference
 * of it means a thing. The CLI exits with code 3.
 */
public final class UnreliableCheckException extends RuntimeException {
    public UnreliableCheckException(String message) {
        super(message);
    }
}
