package io.github.sharedvis.readout;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.ejml.data.DMatrixRMaj;

/**
 * The one home of the native (OpenBLAS through JavaCPP) calls of the ridge solver: LAPACK's
 * divide-and-conquer symmetric eigendecomposition {@code dsyevd} and BLAS {@code dgemm}/{@code dsyrk},
 * on row-major {@code double} matrices. {@link #AVAILABLE} says whether the library loaded; when it did
 * not, {@link MatMul#of} falls back to EJML after one line on stderr.
 *
 * <p>Every call runs on this instance's own worker thread, whose stack is {@link #STACK_BYTES}: OpenBLAS's
 * threaded level-3 drivers keep per-thread job tables on the calling thread's stack, more than the
 * JVM's default 1 MB thread stack (it segfaults there on {@code 300 × 2048} features and 1000 neurons).
 * The stack is reserved address space; only the pages touched count towards resident memory. Close
 * the instance to end the thread.
 *
 * <p>JavaCPP passes Java arrays by copying them in and out of native memory (HotSpot's
 * {@code Get/ReleaseDoubleArrayElements}): one transient native copy per operand, O(size) against the
 * O(size<sup>1.5</sup>) arithmetic.
 */
final class NativeLinalg implements AutoCloseable {

    /** Whether OpenBLAS loaded on this platform; fixed at class initialisation. */
    static final boolean AVAILABLE = load();

    /** Stack of the worker thread (reserved, not committed, memory). */
    static final long STACK_BYTES = 64L << 20;

    /** OpenBLAS's thread count at load (its default: the number of cores). */
    private static final int THREADS = AVAILABLE ? Math.max(1, openblas.blas_get_num_threads()) : 1;

    /**
     * Products below this many multiply-adds run on one BLAS thread: waking OpenBLAS's other threads
     * costs milliseconds on busy shared cores, more than such a product takes.
     */
    static final long SMALL_PRODUCT = 1L << 25;

    private final java.util.concurrent.ExecutorService worker;
    private volatile Thread workerThread;

    /** Starts the worker thread; call only when {@link #AVAILABLE}. */
    NativeLinalg() {
        worker = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "sharedvis-openblas", STACK_BYTES);
            t.setDaemon(true);
            workerThread = t;
            return t;
        });
    }

    /**
     * Runs {@code call} on the worker thread (directly when already on it).
     *
     * @param call the computation
     * @param <T> its result
     * @return its result
     */
    <T> T run(java.util.concurrent.Callable<T> call) {
        if (Thread.currentThread() == workerThread) {
            try {
                return call.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return worker.submit(call).get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in a native ridge computation", e);
        }
    }

    /** Sets OpenBLAS's (process-wide) thread count when it differs. */
    private static void threads(int t) {
        if (openblas.blas_get_num_threads() != t) {
            openblas.blas_set_num_threads(t);
        }
    }

    @Override
    public void close() {
        worker.shutdown();
    }

    private static boolean load() {
        try {
            Loader.load(openblas.class);
            return true;
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, or JavaCPP's loader failing
            System.err.println("sharedvis: native OpenBLAS not available (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); the ridge solver uses pure-Java EJML, same results, slower");
            return false;
        }
    }

    /**
     * Symmetric eigendecomposition by LAPACK {@code dsyevd}, on one BLAS thread: its tridiagonal
     * reduction is memory-bound level-2 work, and OpenBLAS's spinning threads made it 4-8x slower on
     * two shared cores (2000 x 2000: 2.1-2.6 s on one thread, 9-19 s on two, measured with other jobs
     * running).
     *
     * @param sym {@code n × n} symmetric (only the upper triangle is read); overwritten: its storage
     *     becomes the eigenvectors (no second {@code n × n} array)
     * @return eigenvalues ascending (clamped at 0) and eigenvectors as columns
     */
    RidgeSpectrum.Eigen eigh(DMatrixRMaj sym) {
        return run(() -> dsyevd(sym));
    }

    private static RidgeSpectrum.Eigen dsyevd(DMatrixRMaj sym) {
        int n = sym.numRows;
        double[] a = sym.data;
        double[] w = new double[n];
        // column-major on the row-major array: the same symmetric matrix, and no transposed copy inside
        // LAPACKE; the eigenvectors come back as rows, transposed below
        threads(1);
        int info = openblas.LAPACKE_dsyevd(openblas.LAPACK_COL_MAJOR, (byte) 'V', (byte) 'L', n, a, n, w);
        if (info != 0) {
            throw new IllegalStateException("LAPACK dsyevd failed (info " + info + ") on the " + n + "x" + n
                    + " feature Gram matrix; check the features for NaN or infinite values");
        }
        for (int i = 0; i < n; i++) {
            w[i] = Math.max(0, w[i]);
            for (int j = i + 1; j < n; j++) {
                double t = a[i * n + j];
                a[i * n + j] = a[j * n + i];
                a[j * n + i] = t;
            }
        }
        return new RidgeSpectrum.Eigen(w, DMatrixRMaj.wrap(n, n, a));
    }

    /**
     * {@code op(a) op(b)} by {@code dgemm}; {@code a aᵀ} and {@code aᵀ a} by {@code dsyrk} (half the work).
     *
     * @return a new {@code rows(op(a)) × cols(op(b))} matrix
     */
    DMatrixRMaj mult(DMatrixRMaj a, boolean transA, DMatrixRMaj b, boolean transB) {
        return run(() -> gemm(a, transA, b, transB, null));
    }

    /** As {@link #mult}, into {@code out} (reshaped; its array reused when large enough). */
    void mult(DMatrixRMaj a, boolean transA, DMatrixRMaj b, boolean transB, DMatrixRMaj out) {
        run(() -> gemm(a, transA, b, transB, out));
    }

    private static DMatrixRMaj gemm(DMatrixRMaj a, boolean transA, DMatrixRMaj b, boolean transB,
            DMatrixRMaj into) {
        int m = transA ? a.numCols : a.numRows;
        int k = transA ? a.numRows : a.numCols;
        int n = transB ? b.numRows : b.numCols;
        int kb = transB ? b.numCols : b.numRows;
        if (k != kb) {
            throw new IllegalArgumentException("inner dimensions differ: " + k + " vs " + kb);
        }
        DMatrixRMaj out = into == null ? new DMatrixRMaj(m, n) : into;
        if (into != null) {
            into.reshape(m, n);
            java.util.Arrays.fill(into.data, 0, m * n, 0);
        }
        if (m == 0 || n == 0 || k == 0) {
            return out;
        }
        threads((long) m * n * k < SMALL_PRODUCT ? 1 : THREADS);
        if (a == b && transA != transB) {
            openblas.cblas_dsyrk(openblas.CblasRowMajor, openblas.CblasUpper,
                    transA ? openblas.CblasTrans : openblas.CblasNoTrans, m, k, 1.0, a.data, a.numCols, 0.0,
                    out.data, m);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < i; j++) {
                    out.data[i * m + j] = out.data[j * m + i];
                }
            }
            return out;
        }
        openblas.cblas_dgemm(openblas.CblasRowMajor, transA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, 1.0, a.data, a.numCols, b.data,
                b.numCols, 0.0, out.data, n);
        return out;
    }

    /**
     * Solves {@code a x = b} by LU ({@code dgesv}).
     *
     * @param a {@code n × n}, not modified
     * @param b {@code n × q}, not modified
     * @return {@code x}, {@code n × q}
     */
    DMatrixRMaj solve(DMatrixRMaj a, DMatrixRMaj b) {
        return run(() -> gesv(a, b));
    }

    private static DMatrixRMaj gesv(DMatrixRMaj a, DMatrixRMaj b) {
        int n = a.numRows;
        threads((long) n * n * (n + b.numCols) < SMALL_PRODUCT ? 1 : THREADS);
        double[] lu = a.data.clone();
        DMatrixRMaj x = b.copy();
        int info = openblas.LAPACKE_dgesv(openblas.LAPACK_ROW_MAJOR, n, b.numCols, lu, n, new int[n], x.data,
                b.numCols);
        if (info != 0) {
            throw new IllegalStateException("singular " + n + "x" + n + " system in the ridge cross-validation "
                    + "(LAPACK dgesv info " + info + ")");
        }
        return x;
    }
}
