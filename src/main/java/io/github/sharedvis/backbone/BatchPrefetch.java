package io.github.sharedvis.backbone;

import io.github.sharedvis.util.Futures;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The input batches of {@link FeatureExtractor}, decoded and preprocessed ahead on one background
 * thread while the engine runs the current batch.
 *
 * <p>Batch {@code b} holds images {@code [b × batchSize, (b + 1) × batchSize)} of the list, in order,
 * as {@code [batchSize, 3, H, W]} floats, a short last batch padded with zeros: the same values the
 * extractor computed on its own thread before. At most {@link #AHEAD} batches are decoded ahead of the
 * one being consumed, into {@code AHEAD + 1} reused buffers ({@code (AHEAD + 1) × batchSize × 3 × H × W}
 * floats of heap: 7 MB per buffer at 16 × 192 × 192). A file that cannot be read fails {@link #take()}
 * for its batch with the decoder's message, which names the file; {@link #close()} stops the thread
 * (also after a failure or an interrupt). Not thread-safe: one consumer.
 */
final class BatchPrefetch implements AutoCloseable {

    /** Batches decoded ahead of the one the engine runs: 2 keeps the engine fed across one slow file. */
    static final int AHEAD = 2;

    private final List<Path> files;
    private final Preprocessing pre;
    private final int batchSize;
    private final int plane;
    private final int batches;
    private final ExecutorService worker;
    private final ArrayDeque<Future<float[]>> ahead = new ArrayDeque<>();
    private final ArrayDeque<float[]> free = new ArrayDeque<>();
    private int next;

    /**
     * Starts decoding the first batches.
     *
     * @param files the images, in batch order
     * @param pre the model's preprocessing
     * @param batchSize images per batch
     */
    BatchPrefetch(List<Path> files, Preprocessing pre, int batchSize) {
        this.files = List.copyOf(files);
        this.pre = pre;
        this.batchSize = batchSize;
        this.plane = 3 * pre.height() * pre.width();
        this.batches = (files.size() + batchSize - 1) / batchSize;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sharedvis-decode");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < AHEAD; i++) {
            submit();
        }
    }

    /** @return how many batches the images make */
    int batches() {
        return batches;
    }

    /**
     * The next batch, waiting for its decoding if needed.
     *
     * @return {@code [batchSize, 3, H, W]} flattened; give it back with {@link #release} once copied
     * @throws IOException naming the file when an image of the batch cannot be read
     */
    float[] take() throws IOException {
        Future<float[]> f = ahead.poll();
        if (f == null) {
            throw new NoSuchElementException("all " + batches + " batches were taken");
        }
        return Futures.await(f, "decoding images");
    }

    /**
     * Returns a batch's buffer (its values are no longer needed) and starts decoding the next batch
     * into it.
     *
     * @param buffer a buffer {@link #take()} returned
     */
    void release(float[] buffer) {
        free.push(buffer);
        submit();
    }

    private void submit() {
        if (next >= batches) {
            return;
        }
        int b = next++;
        float[] buffer = free.isEmpty() ? new float[batchSize * plane] : free.pop();
        ahead.add(worker.submit(() -> fill(b, buffer)));
    }

    private float[] fill(int b, float[] buffer) throws IOException {
        int start = b * batchSize;
        int end = Math.min(files.size(), start + batchSize);
        for (int k = start; k < end; k++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("decoding stopped");
            }
            Path file = files.get(k);
            float[] px;
            try {
                px = pre.apply(ImageDecoder.read(file));
            } catch (RuntimeException e) {
                throw new IOException(file + ": cannot preprocess the image (" + e + ")", e);
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().contains(file.toString())) {
                    throw e;
                }
                throw new IOException(file + ": cannot read the image (" + e + ")", e);
            }
            System.arraycopy(px, 0, buffer, (k - start) * plane, plane);
        }
        Arrays.fill(buffer, (end - start) * plane, buffer.length, 0f); // padding: see FeatureExtractor
        return buffer;
    }

    /** Stops the decoding thread, abandoning batches not taken. */
    @Override
    public void close() {
        for (Future<float[]> f : ahead) {
            f.cancel(true);
        }
        ahead.clear();
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
