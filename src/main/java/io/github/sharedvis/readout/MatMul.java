package io.github.sharedvis.readout;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * Double-precision matrix products for the ridge solver: on the DJL engine (PyTorch's BLAS, an order of
 * magnitude faster than pure Java on large products) or on EJML. Eigendecompositions stay on EJML:
 * DJL's NDArray API has none. Closing releases the engine memory.
 */
interface MatMul extends AutoCloseable {

    /**
     * @param a left factor
     * @param transA use aᵀ
     * @param b right factor
     * @param transB use bᵀ
     * @return {@code op(a) op(b)}
     */
    DMatrixRMaj mult(DMatrixRMaj a, boolean transA, DMatrixRMaj b, boolean transB);

    /**
     * @param a a square invertible matrix
     * @return its inverse
     */
    DMatrixRMaj inverse(DMatrixRMaj a);

    default DMatrixRMaj mult(DMatrixRMaj a, DMatrixRMaj b) {
        return mult(a, false, b, false);
    }

    @Override
    void close();

    /** Pure Java (EJML, multi-threaded). */
    static MatMul ejml() {
        return new MatMul() {
            @Override
            public DMatrixRMaj mult(DMatrixRMaj a, boolean transA, DMatrixRMaj b, boolean transB) {
                // EJML's row-major mult with explicit transposes beats its multTrans* on large inputs
                DMatrixRMaj x = transA ? CommonOps_DDRM.transpose(a, null) : a;
                DMatrixRMaj y = transB ? CommonOps_DDRM.transpose(b, null) : b;
                DMatrixRMaj out = new DMatrixRMaj(x.numRows, y.numCols);
                CommonOps_MT_DDRM.mult(x, y, out);
                return out;
            }

            @Override
            public DMatrixRMaj inverse(DMatrixRMaj a) {
                DMatrixRMaj out = new DMatrixRMaj(a.numRows, a.numCols);
                if (!CommonOps_DDRM.invert(a, out)) {
                    throw new IllegalStateException("singular " + a.numRows + "x" + a.numCols + " system in the ridge "
                            + "cross-validation");
                }
                return out;
            }

            @Override
            public void close() {}
        };
    }

    /** On the default DJL engine, in float64; small products (where copying dominates) stay on EJML. */
    static MatMul djl() {
        NDManager base = NDManager.newBaseManager();
        MatMul small = ejml();
        return new MatMul() {
            @Override
            public DMatrixRMaj mult(DMatrixRMaj a, boolean transA, DMatrixRMaj b, boolean transB) {
                long flops = (long) a.numRows * a.numCols * (transB ? b.numRows : b.numCols);
                if (flops < 4_000_000L) {
                    return small.mult(a, transA, b, transB);
                }
                try (NDManager scope = base.newSubManager()) {
                    NDArray x = scope.create(a.data, new Shape(a.numRows, a.numCols));
                    NDArray y = scope.create(b.data, new Shape(b.numRows, b.numCols));
                    NDArray out = (transA ? x.transpose() : x).matMul(transB ? y.transpose() : y);
                    long[] s = out.getShape().getShape();
                    return DMatrixRMaj.wrap((int) s[0], (int) s[1], out.toDoubleArray());
                }
            }

            @Override
            public DMatrixRMaj inverse(DMatrixRMaj a) {
                if ((long) a.numRows * a.numRows * a.numRows < 4_000_000L) {
                    return small.inverse(a);
                }
                try (NDManager scope = base.newSubManager()) {
                    NDArray x = scope.create(a.data, new Shape(a.numRows, a.numCols));
                    return DMatrixRMaj.wrap(a.numRows, a.numCols, x.inverse().toDoubleArray());
                }
            }

            @Override
            public void close() {
                base.close();
            }
        };
    }
}
