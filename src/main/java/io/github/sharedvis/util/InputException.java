package io.github.sharedvis.util;

/**
 * A mistake in the user's input (a malformed or inconsistent data file, an option out of range), as
 * opposed to a bug: the command line reports it as a one-paragraph message without a stack trace
 * (exit code 2). The message names the file, the field or id, and the fix.
 *
 * <p>It is an {@link IllegalArgumentException} so that callers that validate arguments keep catching
 * it as one; a plain {@code IllegalArgumentException} is a broken contract inside sharedvis and is
 * reported with its stack trace.
 */
public class InputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, where, and how to fix it */
    public InputException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, where, and how to fix it
     * @param cause the error it was found by
     */
    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
