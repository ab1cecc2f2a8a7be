package io.github.sharedvis.data;

import io.github.sharedvis.util.InputException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The values of {@link Responses}: a compact float32 store {@code [n_images][n_neurons][n_repeats]},
 * NaN = missing trial, laid out flat (image-major, then neuron, then repeat) in chunks of at most
 * {@code 2^26} values (256 MB; 73,000 × 15,000 × 3 values exceed one Java array's 2^31 elements).
 *
 * <p><b>Why float32.</b> A recording's trial-to-trial noise (spike counts, ΔF/F, fMRI betas) is
 * orders of magnitude above float32's 7 significant digits, and the method only ever correlates and
 * regresses these values; 4 bytes per value instead of the 36 that one Java {@code double[r]} per
 * stimulus and neuron took. Values are widened exactly ({@code (double) float}) when read; files of
 * float64 lose their digits beyond float32's when they are read (the outputs of a run then differ
 * from a double-precision store in their last digits, never in a chosen penalty at ordinary data).
 * Means over repeats ({@link #means}) are summed in double and stored in float32.
 *
 * <p><b>Where.</b> On the heap by default. With a scratch folder ({@link ResponseOptions#withScratch},
 * the run's output folder when a run reads its responses) a store of at least 64 MB lives instead in
 * a memory-mapped file created there and unlinked at once: the values are then file-backed pages the
 * OS may write out and drop (the heap holds none of them; peak RSS may count the pages touched), no
 * file is left behind and none can ever be read stale, because each parse writes its own. The cost
 * is {@code 4 n q r} bytes of disk while the process runs. (A persistent cache keyed by the response
 * file's digest would also skip the parse on a rerun; not done: one more file to keep in step.)
 *
 * <p>Rows and neurons can be selected and reordered as views ({@link #view}, index maps, no copy).
 * Immutable once its reader has filled it; safe to read from several threads.
 */
public final class Trials {

    /** Values per chunk: 2^26 (256 MB). */
    static final int CHUNK_SHIFT = 26;
    /** The smallest store (bytes) that goes to a scratch file when a scratch folder is given: 64 MB. */
    public static final long MAP_BYTES = 64L << 20;

    private final int images;
    private final int neurons;
    private final int repeats;
    /** Neurons per image row of the underlying storage (a view may show fewer). */
    private final int stride;
    private final int shift;
    private final FloatBuffer[] chunks;
    private final int[] rowMap;
    private final int[] colMap;
    private final Path scratch;
    private final long mapBytes;
    private final boolean mapped;

    private Trials(int images, int neurons, int repeats, int stride, int shift, FloatBuffer[] chunks,
            int[] rowMap, int[] colMap, Path scratch, long mapBytes, boolean mapped) {
        this.mapBytes = mapBytes;
        this.images = images;
        this.neurons = neurons;
        this.repeats = repeats;
        this.stride = stride;
        this.shift = shift;
        this.chunks = chunks;
        this.rowMap = rowMap;
        this.colMap = colMap;
        this.scratch = scratch;
        this.mapped = mapped;
    }

    /**
     * A store of NaN (every trial missing) for a reader to fill.
     *
     * @param images rows
     * @param neurons neurons
     * @param repeats repeat slots
     * @param scratch a folder for a file-backed store, or null (heap)
     * @return the store
     */
    static Trials allocate(int images, int neurons, int repeats, Path scratch) {
        return allocate(images, neurons, repeats, scratch, CHUNK_SHIFT, MAP_BYTES);
    }

    /**
     * {@link #allocate(int, int, int, Path)} with chunks of {@code 2^shift} values and a map threshold
     * (the test knobs: several chunks and a file-backed store at small sizes); {@link #means} uses the same.
     */
    static Trials allocate(int images, int neurons, int repeats, Path scratch, int shift, long mapBytes) {
        if (images < 0 || neurons < 0 || repeats < 0) {
            throw new IllegalArgumentException("negative shape " + images + " x " + neurons + " x " + repeats);
        }
        long total = (long) images * neurons * repeats;
        long per = 1L << shift;
        int n = (int) ((total + per - 1) / per);
        FloatBuffer[] chunks = new FloatBuffer[n];
        boolean map = scratch != null && 4 * total >= mapBytes;
        if (map) {
            mapChunks(chunks, total, per, scratch);
        } else {
            for (int c = 0; c < n; c++) {
                float[] a = new float[(int) Math.min(per, total - c * per)];
                Arrays.fill(a, Float.NaN);
                chunks[c] = FloatBuffer.wrap(a);
            }
        }
        return new Trials(images, neurons, repeats, neurons, shift, chunks, null, null, scratch, mapBytes, map);
    }

    private static void mapChunks(FloatBuffer[] chunks, long total, long per, Path dir) {
        try {
            Files.createDirectories(dir);
            Path f = Files.createTempFile(dir, ".responses-", ".f32");
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(4 * total);
                FileChannel ch = raf.getChannel();
                for (int c = 0; c < chunks.length; c++) {
                    long len = Math.min(per, total - c * per);
                    FloatBuffer b = ch.map(FileChannel.MapMode.READ_WRITE, 4 * c * per, 4 * len)
                            .order(ByteOrder.nativeOrder()).asFloatBuffer();
                    for (int k = 0; k < len; k++) {
                        b.put(k, Float.NaN);
                    }
                    chunks[c] = b;
                }
            } finally {
                // the mappings stay valid (POSIX); nothing is left behind, nothing can be read stale
                if (!f.toFile().delete()) {
                    f.toFile().deleteOnExit();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot create the responses' scratch file (" + 4 * total
                    + " bytes); free disk space there or read the responses on the heap", e);
        }
    }

    /**
     * A heap store of given values.
     *
     * @param values {@code [n_images][n_neurons][n_repeats]}, NaN = missing; every cell the same length
     * @return the values in float32
     * @throws InputException when the array is ragged
     */
    public static Trials of(double[][][] values) {
        return of(values, null);
    }

    /** {@link #of(double[][][])} into a store in {@code scratch} when it is large (see {@link #allocate}). */
    static Trials of(double[][][] values, Path scratch) {
        int ni = values.length;
        int nn = ni == 0 ? 0 : values[0].length;
        int nr = nn == 0 ? 0 : values[0][0].length;
        Trials t = allocate(ni, nn, nr, scratch);
        for (int i = 0; i < ni; i++) {
            if (values[i].length != nn) {
                throw new InputException("responses: row " + i + " has " + values[i].length
                        + " neurons, row 0 has " + nn);
            }
            for (int n = 0; n < nn; n++) {
                if (values[i][n].length != nr) {
                    throw new InputException("responses: ragged repeats (row " + i + " has " + values[i][n].length
                            + ", row 0 has " + nr + "); pad missing trials with NaN");
                }
                for (int k = 0; k < nr; k++) {
                    t.set(i, n, k, values[i][n][k]);
                }
            }
        }
        return t;
    }

    /** @return the number of images (rows) */
    public int images() {
        return images;
    }

    /** @return the number of neurons */
    public int neurons() {
        return neurons;
    }

    /** @return the number of repeat slots */
    public int repeats() {
        return repeats;
    }

    /** @return whether the values live in a memory-mapped scratch file rather than on the heap */
    public boolean fileBacked() {
        return mapped;
    }

    private long index(int i, int n, int k) {
        int row = rowMap == null ? i : rowMap[i];
        int col = colMap == null ? n : colMap[n];
        return ((long) row * stride + col) * repeats + k;
    }

    /**
     * @param i image
     * @param n neuron
     * @param k repeat
     * @return the float32 value, NaN = missing trial
     */
    public float get(int i, int n, int k) {
        if (i < 0 || i >= images || n < 0 || n >= neurons || k < 0 || k >= repeats) {
            throw new IndexOutOfBoundsException("(" + i + ", " + n + ", " + k + ") outside " + images + " x "
                    + neurons + " x " + repeats);
        }
        long x = index(i, n, k);
        return chunks[(int) (x >>> shift)].get((int) (x & ((1L << shift) - 1)));
    }

    /**
     * @param i image
     * @param n neuron
     * @return repeat 0 widened to double: for a store of means ({@link #means}) the mean response
     */
    public double value(int i, int n) {
        return get(i, n, 0);
    }

    /** Sets one value (readers only, while filling a fresh store). */
    void set(int i, int n, int k, double v) {
        if (rowMap != null || colMap != null) {
            throw new IllegalStateException("a view is read-only");
        }
        long x = index(i, n, k);
        chunks[(int) (x >>> shift)].put((int) (x & ((1L << shift) - 1)), (float) v);
    }

    /**
     * Selects and reorders rows and neurons without copying.
     *
     * @param rows the rows to show, in order (indices into this), or null for all
     * @param cols the neurons to show, in order, or null for all
     * @return the view
     */
    Trials view(int[] rows, int[] cols) {
        int[] r = rows == null ? rowMap : compose(rowMap, rows);
        int[] c = cols == null ? colMap : compose(colMap, cols);
        return new Trials(rows == null ? images : rows.length, cols == null ? neurons : cols.length, repeats,
                stride, shift, chunks, r, c, scratch, mapBytes, mapped);
    }

    private static int[] compose(int[] map, int[] idx) {
        int[] out = idx.clone();
        if (map != null) {
            for (int a = 0; a < out.length; a++) {
                out[a] = map[idx[a]];
            }
        }
        return out;
    }

    /**
     * The mean over the recorded (non-NaN) repeats, summed in double and stored in float32; with one
     * repeat slot, this store itself (the mean of one value is the value).
     *
     * @return {@code [n_images][n_neurons][1]}; NaN where a stimulus has no recorded trial
     */
    public Trials means() {
        if (repeats == 1) {
            return this;
        }
        Trials out = allocate(images, neurons, 1, scratch, shift, mapBytes);
        for (int i = 0; i < images; i++) {
            for (int n = 0; n < neurons; n++) {
                double sum = 0;
                int m = 0;
                for (int k = 0; k < repeats; k++) {
                    float v = get(i, n, k);
                    if (!Float.isNaN(v)) {
                        sum += v;
                        m++;
                    }
                }
                out.set(i, n, 0, m == 0 ? Double.NaN : sum / m);
            }
        }
        return out;
    }

    /**
     * @return repeat 0 of every cell as doubles {@code [n_images][n_neurons]}: for a store of means the
     *     mean matrix (a full copy, 8 bytes per value: for tests and small data only)
     */
    public double[][] toMatrix() {
        double[][] out = new double[images][neurons];
        for (int i = 0; i < images; i++) {
            for (int n = 0; n < neurons; n++) {
                out[i][n] = get(i, n, 0);
            }
        }
        return out;
    }

    /**
     * @return the values as doubles {@code [n_images][n_neurons][n_repeats]} (a full copy, 8 bytes per
     *     value plus one array per cell: for tests and small data only)
     */
    public double[][][] toArray() {
        double[][][] out = new double[images][neurons][repeats];
        for (int i = 0; i < images; i++) {
            for (int n = 0; n < neurons; n++) {
                for (int k = 0; k < repeats; k++) {
                    out[i][n][k] = get(i, n, k);
                }
            }
        }
        return out;
    }
}
