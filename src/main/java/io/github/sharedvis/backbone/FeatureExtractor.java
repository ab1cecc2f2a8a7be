package io.github.sharedvis.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.util.AtomicFiles;
import io.github.sharedvis.util.FileDigests;
import io.github.sharedvis.util.Progress;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Batched, gradient-free feature extraction with an on-disk cache.
 *
 * <p>Each image's features are cached under {@code cacheDir/<key>-b<batch size>/<image digest>.f32},
 * where the key covers the backbone's fingerprint (the model file's bytes, the layer, the pooling and
 * the preprocessing), the backbone's {@link Backbone#codeVersion() code version} and this class's
 * {@link #VERSION}, and the digest covers the image file's bytes. A second run reads the cache; a
 * changed image, setting or feature-path code has a different key and is recomputed, so an entry is
 * never served stale. Entries are written atomically.
 *
 * <p>Every forward pass holds exactly {@code batchSize} images (a short last batch is padded with
 * zero images), because the engine's floating-point results depend on the batch's size, though not
 * on the other images in it. So an image's features are the same bits whether it was extracted with
 * all others in a clean run or alone after it changed; the batch size is part of the cache key.
 *
 * <p>While the engine runs a batch, one background thread decodes and preprocesses the next two
 * ({@link BatchPrefetch}: about 3 batches of input floats on the heap), so decoding is off the engine's
 * critical path as long as a core is left for it.
 */
public final class FeatureExtractor {

    /**
     * The version of the extraction path itself (decoding, preprocessing, batching and padding, the
     * entry format). Part of the cache key: bump it whenever a change here alters the features
     * computed for an image, so that entries written before the change are not served.
     */
    public static final String VERSION = "feature-extraction-1";

    private final Backbone backbone;
    private final int batchSize;
    private final Path cacheDir;
    private final PrintStream progress;
    private final FileDigests digests;

    private FeatureExtractor(Builder b) {
        this.backbone = b.backbone;
        this.batchSize = b.batchSize;
        this.cacheDir = b.cacheDir;
        this.progress = b.progress;
        this.digests = b.digests;
    }

    /**
     * @param backbone the network
     * @return a builder
     */
    public static Builder builder(Backbone backbone) {
        return new Builder(backbone);
    }

    /**
     * Features of image files as rows.
     *
     * @param images image files
     * @return {@code [N][D]} features, one row per image in input order
     * @throws IOException naming the file when an image cannot be read
     */
    public float[][] extract(List<Path> images) throws IOException {
        int n = images.size();
        float[][] out = new float[n][];
        String[] keys = new String[n];
        List<Integer> todo = new ArrayList<>();
        Path dir = cacheDir == null ? null : cacheDir.resolve(cacheKey(backbone) + "-b" + batchSize);
        for (int i = 0; i < n; i++) {
            if (dir != null) {
                keys[i] = digests.digest(images.get(i));
                out[i] = readEntry(dir.resolve(keys[i] + ".f32"));
            }
            if (out[i] == null) {
                todo.add(i);
            }
        }
        Preprocessing pre = backbone.preprocessing();
        Shape shape = new Shape(batchSize, 3, pre.height(), pre.width());
        List<Path> files = todo.stream().map(images::get).toList();
        // the next batches are decoded on a background thread while the engine runs this one
        try (Progress bar = new Progress("extract", todo.size(), progress);
                NDManager manager = NDManager.newBaseManager(backbone.device(), Engines.PYTORCH);
                BatchPrefetch batches = new BatchPrefetch(files, pre, batchSize)) {
            for (int start = 0; start < todo.size(); start += batchSize) {
                int end = Math.min(todo.size(), start + batchSize);
                float[] batch = batches.take(); // padded: see the class comment
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = scope.create(batch, shape); // copies: the buffer is free again
                    batches.release(batch);
                    NDArray f = backbone.inferenceFeatures(x);
                    int d = (int) f.getShape().get(1);
                    float[] flat = f.toFloatArray();
                    for (int k = start; k < end; k++) {
                        int i = todo.get(k);
                        float[] row = new float[d];
                        System.arraycopy(flat, (k - start) * d, row, 0, d);
                        out[i] = row;
                        if (dir != null) {
                            writeEntry(dir.resolve(keys[i] + ".f32"), row);
                        }
                    }
                }
                bar.step(end - start);
            }
        }
        return out;
    }

    /**
     * Which images' features the cache lacks: what {@link #extract(List)} would compute. Reads each
     * image file's bytes for its digest and each entry, so it costs about as much I/O as reading
     * the cached features; it runs no network.
     *
     * @param images image files
     * @return the positions in {@code images} of those without a readable cache entry (every position without a cache)
     * @throws IOException when an image file cannot be read
     */
    public List<Integer> uncached(List<Path> images) throws IOException {
        List<Integer> missing = new ArrayList<>();
        Path dir = cacheDir == null ? null : cacheDir.resolve(cacheKey(backbone) + "-b" + batchSize);
        for (int i = 0; i < images.size(); i++) {
            if (dir == null || readEntry(dir.resolve(digests.digest(images.get(i)) + ".f32")) == null) {
                missing.add(i);
            }
        }
        return missing;
    }

    /**
     * Features of image files as one array.
     *
     * @param manager where the result lives
     * @param images image files
     * @return {@code [N, D]}
     * @throws IOException naming the file when an image cannot be read
     */
    public NDArray extract(NDManager manager, List<Path> images) throws IOException {
        float[][] rows = extract(images);
        int d = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return manager.create(flat, new Shape(rows.length, d));
    }

    /**
     * The cache folder's name for a backbone. The code versions are added here explicitly, not
     * only through the fingerprint, so that a backbone whose fingerprint leaves its code out is
     * still never served features an older feature path computed.
     */
    static String cacheKey(Backbone backbone) {
        return cacheKey(backbone.fingerprint(), backbone.codeVersion());
    }

    /** The cache folder's name for a backbone of this fingerprint and code version ({@link MultiNodeExtractor}). */
    static String cacheKey(String fingerprint, String codeVersion) {
        return Fingerprints.of(fingerprint, "backbone-code=" + codeVersion, "extraction-code=" + VERSION)
                .substring(0, 32);
    }

    static float[] readEntry(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
            int d = in.readInt();
            byte[] bytes = in.readNBytes(d * 4);
            if (bytes.length != d * 4 || in.read() != -1) {
                return null; // damaged entry: recompute rather than trust it
            }
            float[] row = new float[d];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(row);
            return row;
        } catch (IOException e) {
            return null;
        }
    }

    static void writeEntry(Path file, float[] row) throws IOException {
        AtomicFiles.write(file, out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.writeInt(row.length);
            ByteBuffer buf = ByteBuffer.allocate(row.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(row);
            data.write(buf.array());
            data.flush();
        });
    }

    /** Options for {@link FeatureExtractor}. */
    public static final class Builder {
        private final Backbone backbone;
        private int batchSize = 16;
        private Path cacheDir;
        private PrintStream progress;
        private FileDigests digests = FileDigests.none();

        private Builder(Backbone backbone) {
            this.backbone = backbone;
        }

        /**
         * @param n images per forward pass (bounds peak memory); default 16
         * @return this
         */
        public Builder batchSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + n);
            }
            this.batchSize = n;
            return this;
        }

        /**
         * @param dir the cache folder, or {@code null} for no cache (default)
         * @return this
         */
        public Builder cacheDir(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        /**
         * @param d where the images' digests (the cache entries' names) come from; default
         *     {@link FileDigests#none()}, which reads every image for its digest on every call. A run's
         *     memo costs a {@code stat} per unchanged image instead, and shares the digests its
         *     up-to-date check computed
         * @return this
         */
        public Builder digests(FileDigests d) {
            this.digests = java.util.Objects.requireNonNull(d);
            return this;
        }

        /**
         * @param out where the progress bar is drawn, or {@code null} for none (default)
         * @return this
         */
        public Builder progress(PrintStream out) {
            this.progress = out;
            return this;
        }

        /** @return the extractor */
        public FeatureExtractor build() {
            return new FeatureExtractor(this);
        }
    }
}
