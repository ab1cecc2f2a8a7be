package io.github.sharedvis.util;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * File writes moved off the calling thread, run one at a time in the order they were submitted, so
 * that a step's computation and its disk output overlap: a write submitted after another never lands
 * before it (a unit's stamp submitted after its files is written after them, so a killed run never
 * has a stamp without its files).
 *
 * <p>The first write that fails stops the rest: later writes are skipped, the next {@link #submit}
 * and {@link #close} rethrow its exception as it was thrown (naming the file). At most
 * {@code pending} writes wait at once ({@link #submit} blocks beyond that), so the memory the waiting
 * writes hold is bounded by the caller's choice. Not for use from several submitting threads.
 */
public final class OrderedWriter implements AutoCloseable {

    /** One write. */
    @FunctionalInterface
    public interface Write {
        /**
         * @throws IOException when the write fails; it should name its file
         */
        void run() throws IOException;
    }

    private final ExecutorService thread;
    private final Semaphore slots;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Future<?> last;

    /**
     * @param name the writing thread's name (for thread dumps), e.g. "explain-writer"
     * @param pending how many submitted writes may wait at once, at least 1
     */
    public OrderedWriter(String name, int pending) {
        if (pending < 1) {
            throw new IllegalArgumentException("pending must be at least 1; got " + pending);
        }
        this.slots = new Semaphore(pending);
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues a write after every write submitted before it.
     *
     * @param w the write
     * @throws IOException what an earlier write threw, or an {@link InterruptedIOException} when
     *     interrupted while waiting for a free place
     */
    public void submit(Write w) throws IOException {
        rethrow();
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to queue a file write");
        }
        last = thread.submit(() -> {
            try {
                if (failure.get() == null) {
                    w.run();
                }
            } catch (IOException | RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            } finally {
                slots.release();
            }
            return null;
        });
    }

    /**
     * Waits until every submitted write has run.
     *
     * @throws IOException what a write threw
     */
    public void flush() throws IOException {
        if (last != null) {
            Futures.await(last, "writing files");
        }
        rethrow();
    }

    /**
     * Waits for every submitted write, then stops the thread.
     *
     * @throws IOException what a write threw
     */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            thread.shutdown();
        }
    }

    private void rethrow() throws IOException {
        Throwable t = failure.get();
        if (t == null) {
            return;
        }
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof UncheckedIOException u) {
            throw u.getCause();
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        throw (Error) t;
    }
}
