package io.github.sharedvis.readout;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Ridge regression with intercept for many targets and many penalties from ONE symmetric
 * eigendecomposition of the centred training features {@code Zc} ({@code m × K}).
 *
 * <p>Primal form ({@code m > K}): {@code Zcᵀ Zc = V S Vᵀ}, {@code W(α) = V (S + α)⁻¹ Vᵀ Zcᵀ Yc}.
 * Kernel form ({@code m ≤ K}, fewer images than features): {@code Zc Zcᵀ = U S Uᵀ},
 * {@code W(α) = Zcᵀ U (S + α)⁻¹ Uᵀ Yc}. Both equal {@code (Zcᵀ Zc + α I)⁻¹ Zcᵀ Yc}; the intercept is
 * {@code ȳ − z̄ · w}. With {@code Q = Vᵀ Zcᵀ Yc} (resp. {@code Uᵀ Yc}) a new penalty costs one
 * diagonal scaling of {@code Q}, so all neurons and all penalties share the decomposition.
 */
final class RidgeSpectrum {

    private final boolean kernel;
    private final double[] zMean;
    private final double[] yMean;
    private final double[] s;
    /** V ({@code K × r}) in the primal form, U ({@code m × r}) in the kernel form. */
    private final DMatrixRMaj vecs;
    /** {@code r × q}. */
    private final DMatrixRMaj q;
    /** The centred training features; kept only in the kernel form. */
    private final DMatrixRMaj zc;

    private RidgeSpectrum(boolean kernel, double[] zMean, double[] yMean, double[] s, DMatrixRMaj vecs, DMatrixRMaj q,
            DMatrixRMaj zc) {
        this.kernel = kernel;
        this.zMean = zMean;
        this.yMean = yMean;
        this.s = s;
        this.vecs = vecs;
        this.q = q;
        this.zc = zc;
    }

    /**
     * @param z {@code m × K} training features (not modified)
     * @param y {@code m × q} training targets (not modified)
     */
    static RidgeSpectrum fit(DMatrixRMaj z, DMatrixRMaj y) {
        int m = z.numRows;
        int k = z.numCols;
        double[] zMean = columnMeans(z);
        double[] yMean = columnMeans(y);
        DMatrixRMaj zc = centred(z, zMean);
        DMatrixRMaj yc = centred(y, yMean);
        boolean kernel = m <= k;
        DMatrixRMaj gram;
        if (kernel) {
            gram = new DMatrixRMaj(m, m);
            CommonOps_MT_DDRM.multTransB(zc, zc, gram);
        } else {
            gram = new DMatrixRMaj(k, k);
            CommonOps_MT_DDRM.multTransA(zc, zc, gram);
        }
        Eigen eig = Eigen.of(gram);
        DMatrixRMaj qm = new DMatrixRMaj(eig.values.length, y.numCols);
        if (kernel) {
            CommonOps_MT_DDRM.multTransA(eig.vectors, yc, qm);
        } else {
            DMatrixRMaj zty = new DMatrixRMaj(k, y.numCols);
            CommonOps_MT_DDRM.multTransA(zc, yc, zty);
            CommonOps_MT_DDRM.multTransA(eig.vectors, zty, qm);
        }
        return new RidgeSpectrum(kernel, zMean, yMean, eig.values, eig.vectors, qm, kernel ? zc : null);
    }

    /** Eigenvalues (clamped at 0) and eigenvectors as columns, of a symmetric matrix. */
    record Eigen(double[] values, DMatrixRMaj vectors) {
        static Eigen of(DMatrixRMaj sym) {
            int n = sym.numRows;
            EigenDecomposition_F64<DMatrixRMaj> e = DecompositionFactory_DDRM.eig(n, true, true);
            if (!e.decompose(sym)) {
                throw new IllegalStateException("eigendecomposition of the " + n + "x" + n
                        + " feature Gram matrix did not converge; check the features for NaN or infinite values");
            }
            double[] values = new double[n];
            DMatrixRMaj vectors = new DMatrixRMaj(n, n);
            for (int c = 0; c < n; c++) {
                values[c] = Math.max(0, e.getEigenvalue(c).real);
                DMatrixRMaj v = e.getEigenVector(c);
                for (int r = 0; r < n; r++) {
                    vectors.data[r * n + c] = v.data[r];
                }
            }
            return new Eigen(values, vectors);
        }
    }

    /**
     * Spectral coordinates of new rows: predictions at penalty α are {@code phi (S+α)⁻¹ Q + ȳ}.
     *
     * @param z {@code n × K}
     * @return {@code n × r}
     */
    DMatrixRMaj project(DMatrixRMaj z) {
        DMatrixRMaj c = centred(z, zMean);
        if (kernel) {
            DMatrixRMaj cross = new DMatrixRMaj(z.numRows, zc.numRows);
            CommonOps_MT_DDRM.multTransB(c, zc, cross);
            DMatrixRMaj out = new DMatrixRMaj(z.numRows, vecs.numCols);
            CommonOps_MT_DDRM.mult(cross, vecs, out);
            return out;
        }
        DMatrixRMaj out = new DMatrixRMaj(z.numRows, vecs.numCols);
        CommonOps_MT_DDRM.mult(c, vecs, out);
        return out;
    }

    /**
     * Predictions of projected rows at one penalty for all targets.
     *
     * @param phi from {@link #project}
     * @param alpha the penalty
     * @return {@code n × q}
     */
    DMatrixRMaj predict(DMatrixRMaj phi, double alpha) {
        DMatrixRMaj scaled = phi.copy();
        int r = s.length;
        for (int i = 0; i < scaled.numRows; i++) {
            for (int c = 0; c < r; c++) {
                scaled.data[i * r + c] /= s[c] + alpha;
            }
        }
        DMatrixRMaj out = new DMatrixRMaj(phi.numRows, q.numCols);
        CommonOps_MT_DDRM.mult(scaled, q, out);
        for (int i = 0; i < out.numRows; i++) {
            for (int j = 0; j < out.numCols; j++) {
                out.data[i * out.numCols + j] += yMean[j];
            }
        }
        return out;
    }

    /**
     * Coefficients with one penalty per target.
     *
     * @param alpha {@code [q]}
     * @return {@code K × q}
     */
    DMatrixRMaj coef(double[] alpha) {
        int r = s.length;
        int nq = q.numCols;
        DMatrixRMaj dq = new DMatrixRMaj(r, nq);
        for (int c = 0; c < r; c++) {
            for (int j = 0; j < nq; j++) {
                dq.data[c * nq + j] = q.data[c * nq + j] / (s[c] + alpha[j]);
            }
        }
        if (!kernel) {
            DMatrixRMaj w = new DMatrixRMaj(vecs.numRows, nq);
            CommonOps_MT_DDRM.mult(vecs, dq, w);
            return w;
        }
        DMatrixRMaj udq = new DMatrixRMaj(vecs.numRows, nq);
        CommonOps_MT_DDRM.mult(vecs, dq, udq);
        DMatrixRMaj w = new DMatrixRMaj(zc.numCols, nq);
        CommonOps_MT_DDRM.multTransA(zc, udq, w);
        return w;
    }

    /** @param w {@code K × q} @return {@code [q]} intercepts ȳ − z̄ · w */
    double[] intercept(DMatrixRMaj w) {
        double[] b = yMean.clone();
        for (int k = 0; k < w.numRows; k++) {
            for (int j = 0; j < w.numCols; j++) {
                b[j] -= zMean[k] * w.data[k * w.numCols + j];
            }
        }
        return b;
    }

    static double[] columnMeans(DMatrixRMaj a) {
        double[] mean = new double[a.numCols];
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < a.numCols; j++) {
                mean[j] += a.data[i * a.numCols + j];
            }
        }
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= a.numRows;
        }
        return mean;
    }

    static DMatrixRMaj centred(DMatrixRMaj a, double[] mean) {
        DMatrixRMaj c = a.copy();
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < a.numCols; j++) {
                c.data[i * a.numCols + j] -= mean[j];
            }
        }
        return c;
    }

    static DMatrixRMaj rows(DMatrixRMaj a, int[] idx) {
        DMatrixRMaj out = new DMatrixRMaj(idx.length, a.numCols);
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(a.data, idx[i] * a.numCols, out.data, i * a.numCols, a.numCols);
        }
        return out;
    }
}
