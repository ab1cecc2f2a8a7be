package io.github.sharedvis.cli;

/** A mistake in the user's input, reported without a stack trace unless {@code --debug}. */
public final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and how to fix it
     */
    public UserException(String message) {
        super(message);
    }
}
