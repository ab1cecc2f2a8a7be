package io.github.sharedvis.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A read-only float32 matrix {@code [n, D]} memory-mapped from a NumPy {@code .npy} file (a run's
 * {@code features/features.npy}): rows are read from the mapping on demand, so holding the matrix
 * costs no heap, and the pages a reader touches are file-backed (the OS can drop and re-read them).
 * The values are widened to double exactly ({@code (double) float}), the same doubles
 * {@link Npy#read} returns for the file.
 *
 * <p>Accepts C-order {@code <f4} or {@code >f4} two-dimensional arrays, any header version; files
 * above 2 GB are mapped in several regions. The file is not kept open: its channel is closed as soon
 * as it is mapped. The mapping itself lives until this object is garbage-collected (Java has no
 * explicit unmap); on Linux a re-run may meanwhile replace the file by an atomic rename (the
 * mapping keeps reading the old file's data). Immutable and safe to share between threads.
 */
public final class FeatureMatrix {

    private final Path file;
    private final int rows;
    private final int cols;
    private final int rowsPerRegion;
    private final FloatBuffer[] regions;

    private FeatureMatrix(Path file, int rows, int cols, int rowsPerRegion, FloatBuffer[] regions) {
        this.file = file;
        this.rows = rows;
        this.cols = cols;
        this.rowsPerRegion = rowsPerRegion;
        this.regions = regions;
    }

    /**
     * Maps a float32 {@code .npy} matrix.
     *
     * @param file the file
     * @return the matrix
     * @throws IOException when the file is unreadable, truncated, or not a 2-D C-order float32 array
     *     (the message names the file and what it holds)
     */
    public static FeatureMatrix open(Path file) throws IOException {
        return open(file, Integer.MAX_VALUE);
    }

    /** {@link #open(Path)} mapping regions of at most {@code maxRegionBytes} (whole rows; at least one row). */
    static FeatureMatrix open(Path file, long maxRegionBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            InputStream in = Channels.newInputStream(ch);
            Npy.Header h = Npy.readHeader(in, file.toString());
            if (!h.descr().equals("<f4") && !h.descr().equals(">f4")) {
                throw new IOException(file + ": holds dtype '" + h.descr() + "', not float32; a feature matrix is "
                        + "float32 [n, D] (numpy: np.save(f, a.astype('float32')))");
            }
            if (h.shape().length != 2 || h.fortran()) {
                throw new IOException(file + ": holds a " + (h.fortran() ? "Fortran-order " : "") + "array of shape "
                        + Arrays.toString(h.shape()) + "; a feature matrix is a C-order [n, D] array "
                        + "(numpy: np.save(f, np.ascontiguousarray(a)))");
            }
            long n = h.shape()[0];
            long d = h.shape()[1];
            long rowBytes = 4 * d;
            if (n > Integer.MAX_VALUE || d > Integer.MAX_VALUE / 4) {
                throw new IOException(file + ": " + n + " x " + d + " is too large for a feature matrix");
            }
            long need = h.dataOffset() + n * rowBytes;
            if (ch.size() < need) {
                throw new IOException(file + ": truncated .npy data (expected " + n * rowBytes + " bytes after the "
                        + "header, found " + (ch.size() - h.dataOffset()) + "); run the extract step again");
            }
            ByteOrder order = h.descr().charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            int perRegion = d == 0 ? (int) Math.max(1, n) : (int) Math.max(1, Math.min(n, maxRegionBytes / rowBytes));
            int count = n == 0 ? 0 : (int) ((n + perRegion - 1) / perRegion);
            FloatBuffer[] regions = new FloatBuffer[count];
            for (int r = 0; r < count; r++) {
                long first = (long) r * perRegion;
                long len = Math.min(perRegion, n - first) * rowBytes;
                regions[r] = ch.map(FileChannel.MapMode.READ_ONLY, h.dataOffset() + first * rowBytes, len)
                        .order(order).asFloatBuffer();
            }
            return new FeatureMatrix(file, (int) n, (int) d, perRegion, regions);
        }
    }

    /** @return the file the matrix was mapped from */
    public Path file() {
        return file;
    }

    /** @return n, the number of rows */
    public int rows() {
        return rows;
    }

    /** @return D, the number of columns */
    public int cols() {
        return cols;
    }

    /**
     * Copies row {@code i} into {@code into}.
     *
     * @param i the row
     * @param into {@code [D]} receives the row's float32 values
     */
    public void row(int i, float[] into) {
        if (into.length != cols) {
            throw new IllegalArgumentException("a row of " + file + " has " + cols + " values, the buffer " + into.length);
        }
        region(i).get((i % rowsPerRegion) * cols, into, 0, cols);
    }

    /**
     * @param i the row
     * @return row {@code i} as float32 {@code [D]}
     */
    public float[] floatRow(int i) {
        float[] f = new float[cols];
        row(i, f);
        return f;
    }

    /**
     * @param i the row
     * @return row {@code i} widened to double {@code [D]}
     */
    public double[] row(int i) {
        FloatBuffer b = region(i);
        int at = (i % rowsPerRegion) * cols;
        double[] out = new double[cols];
        for (int k = 0; k < cols; k++) {
            out[k] = b.get(at + k);
        }
        return out;
    }

    /**
     * @param idx row indices
     * @return those rows widened to double {@code [idx.length][D]}: {@code 8 × idx.length × D} bytes of heap
     */
    public double[][] rows(int[] idx) {
        double[][] out = new double[idx.length][];
        for (int r = 0; r < idx.length; r++) {
            out[r] = row(idx[r]);
        }
        return out;
    }

    /** @return every row widened to double {@code [n][D]}: {@code 8 × n × D} bytes of heap */
    public double[][] toDoubles() {
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = row(i);
        }
        return out;
    }

    private FloatBuffer region(int i) {
        if (i < 0 || i >= rows) {
            throw new IndexOutOfBoundsException("row " + i + " of " + file + ", which has " + rows);
        }
        return regions[i / rowsPerRegion];
    }
}
