package io.github.sharedvis.util;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for a background task as if its work had run on the calling thread. */
public final class Futures {

    private Futures() {}

    /**
     * The task's result; what it threw is rethrown as it was thrown: an {@link IOException} (a file
     * named by the task), a runtime exception or an error. Any other checked exception is a bug of the
     * task and comes back as an {@link IllegalStateException} with it as the cause.
     *
     * @param f the task
     * @param what what the caller waits for, for the message of an interruption (e.g. "decoding images")
     * @param <T> the result type
     * @return the task's result
     * @throws IOException what the task threw, or an {@link InterruptedIOException} when interrupted
     *     (the thread's interrupt flag is set again)
     */
    public static <T> T await(Future<T> f, String what) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + what);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }
}
