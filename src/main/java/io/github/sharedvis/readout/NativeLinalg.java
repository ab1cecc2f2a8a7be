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
 * <p>JavaCPP passes Java arrays by copying them in and out of native memory (HotSpot's
 * {@code Get/ReleaseDoubleArrayElements}): one transient native copy per operand, O(size) against the
 * O(size<sup>1.5</sup>) arithmetic.
 */
final class NativeLinalg {

    /** Whether OpenBLAS loaded on this platform; fixed at class initialisation. */
    static final boolean AVAILABLE = load();

    private NativeLinalg() {}

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
     * Symmetric eigendecomposition by LAPACK {@code dsyevd}.
     *
     * @param sym {@code n × n} symmetric (only the upper triangle is read); overwritten: its storage
     *     becomes the eigenvectors (no second {@code n × n} array)
     * @return eigenvalues ascending (clamped at 0) and eigenvectors as columns
     */
    static RidgeSpectrum.Eigen eigh(DMatrixRMaj sym) {
        int n = sym.numRows;
        double[] a = sym.data;
        double[] w = new double[n];
        int info = openblas.LAPACKE_dsyevd(openblas.LAPACK_ROW_MAJOR, (byte) 'V', (byte) 'U', n, a, n, w);
        if (info != 0) {
            throw new IllegalStateException("LAPACK dsyevd failed (info " + info + ") on the " + n + "x" + n
                    + " feature Gram matrix; check the features for NaN or infinite values");
        }
        for (int c = 0; c < n; c++) {
            w[c] = Math.max(0, w[c]);
        }
        return new RidgeSpectrum.Eigen(w, DMatrixRMaj.wrap(n, n, a));
    }

    /**
     * {@code op(a) op(b)} by {@code dgemm}; {@code a aᵀ} and {@code aᵀ a} by {@code dsyrk} (half the work).
     *
     * @return a new {@code rows(op(a)) × cols(op(b))} matrix
     */
    static DMatrixRMaj mult(DMatrixRMaj a, boolean transA, DMatrixRMaj b, boolean transB) {
        int m = transA ? a.numCols : a.numRows;
        int k = transA ? a.numRows : a.numCols;
        int n = transB ? b.numRows : b.numCols;
        int kb = transB ? b.numCols : b.numRows;
        if (k != kb) {
            throw new IllegalArgumentException("inner dimensions differ: " + k + " vs " + kb);
        }
        DMatrixRMaj out = new DMatrixRMaj(m, n);
        if (m == 0 || n == 0) {
            return out;
        }
        if (k == 0) {
            return out;
        }
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
    static DMatrixRMaj solve(DMatrixRMaj a, DMatrixRMaj b) {
        int n = a.numRows;
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
