package io.github.sharedvis.readout;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * Double-precision linear algebra for the ridge solver (products, solves, symmetric
 * eigendecompositions): natively on OpenBLAS/LAPACK ({@link NativeLinalg}), with the products on the
 * DJL engine (PyTorch's BLAS), or in pure Java on EJML. Closing releases the engine memory.
 */
interface MatMul extends AutoCloseable {

    /**
     * Where {@code backend} runs, falling back to EJML (same results, slower) when its native library
     * cannot load.
     *
     * @param backend the requested backend
     * @return a new instance; close it
     */
    static MatMul of(EncodingModel.Backend backend) {
        switch (backend) {
            case NATIVE:
                return NativeLinalg.AVAILABLE ? openblas() : ejml();
            case DJL:
                try {
                    return djl();
                } catch (ai.djl.engine.EngineException | UnsatisfiedLinkError e) {
                    System.err.println("sharedvis: DJL engine not available for the ridge products ("
                            + e.getMessage() + "); using EJML");
                    return ejml();
                }
            default:
                return ejml();
        }
    }

    /**
     * @param sym a symmetric {@code n × n} matrix; overwritten (do not use it afterwards)
     * @return its eigenvalues (clamped at 0, any order) and eigenvectors as columns
     */
    RidgeSpectrum.Eigen eigh(DMatrixRMaj sym);

    /**
     * Runs {@code body} where this instance computes fastest (the native backend: on its worker
     * thread, so that its calls need no thread hand-off); other backends run it here.
     *
     * @param body the computation, using this instance
     * @param <T> its result
     * @return what {@code body} returned
     */
    default <T> T call(java.util.concurrent.Callable<T> body) {
        try {
            return body.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param a square invertible {@code n × n}
     * @param b {@code n × q}
     * @return {@code a⁻¹ b}
     */
    default DMatrixRMaj solve(DMatrixRMaj a, DMatrixRMaj b) {
        return mult(inverse(a), b);
    }

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

    /**
     * {@code op(a) op(b)} into {@code out}, which is reshaped and whose array is reused when large
     * enough (saves the allocation of the result in loops).
     */
    default void mult(DMatrixRMaj a, boolean transA, DMatrixRMaj b, boolean transB, DMatrixRMaj out) {
        DMatrixRMaj r = mult(a, transA, b, transB);
        out.reshape(r.numRows, r.numCols);
        System.arraycopy(r.data, 0, out.data, 0, r.getNumElements());
    }

    default DMatrixRMaj mult(DMatrixRMaj a, DMatrixRMaj b) {
        return mult(a, false, b, false);
    }

    @Override
    void close();

    /** OpenBLAS/LAPACK for everything; call only when {@link NativeLinalg#AVAILABLE}. */
    static MatMul openblas() {
        NativeLinalg lin = new NativeLinalg();
        return new MatMul() {
            @Override
            public RidgeSpectrum.Eigen eigh(DMatrixRMaj sym) {
                return lin.eigh(sym);
            }

            @Override
            public <T> T call(java.util.concurrent.Callable<T> body) {
                return lin.run(body);
            }

            @Override
            public DMatrixRMaj mult(DMatrixRMaj a, boolean transA, DMatrixRMaj b, boolean transB) {
                return lin.mult(a, transA, b, transB);
            }

            @Override
            public void mult(DMatrixRMaj a, boolean transA, DMatrixRMaj b, boolean transB, DMatrixRMaj out) {
                lin.mult(a, transA, b, transB, out);
            }

            @Override
            public DMatrixRMaj inverse(DMatrixRMaj a) {
                return lin.solve(a, CommonOps_DDRM.identity(a.numRows));
            }

            @Override
            public DMatrixRMaj solve(DMatrixRMaj a, DMatrixRMaj b) {
                return lin.solve(a, b);
            }

            @Override
            public void close() {
                lin.close();
            }
        };
    }

    /** Pure Java (EJML, multi-threaded), eigendecompositions included. */
    static MatMul ejml() {
        return new MatMul() {
            @Override
            public RidgeSpectrum.Eigen eigh(DMatrixRMaj sym) {
                return RidgeSpectrum.Eigen.ejml(sym);
            }

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

    /**
     * Products on the default DJL engine, in float64; small products (where copying dominates) stay on
     * EJML; eigendecompositions on LAPACK when it loaded, else EJML.
     */
    static MatMul djl() {
        NDManager base = NDManager.newBaseManager();
        MatMul small = ejml();
        NativeLinalg lin = NativeLinalg.AVAILABLE ? new NativeLinalg() : null;
        return new MatMul() {
            @Override
            public RidgeSpectrum.Eigen eigh(DMatrixRMaj sym) {
                return lin != null ? lin.eigh(sym) : RidgeSpectrum.Eigen.ejml(sym);
            }

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
                if (lin != null) {
                    lin.close();
                }
            }
        };
    }
}
