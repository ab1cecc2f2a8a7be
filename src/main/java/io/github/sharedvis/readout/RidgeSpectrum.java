package io.github.sharedvis.readout;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_MT_DDRM;
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
 *
 * <p>In the kernel form (used for cross-validation folds whose training sets have no more rows than
 * features while the whole set has more; otherwise {@link KernelPath} needs no per-fold
 * decomposition at all) the folds need no features: their centred Gram matrices and the
 * test-by-train cross products are double-centred blocks of one Gram matrix {@code G = Z0 Z0ᵀ} of
 * all images ({@code Z0} centred by the mean over all images, so that the per-fold re-centring
 * subtracts only small numbers); see {@link #fromGram}.
 */
final class RidgeSpectrum implements CrossValidated.Readouts {

    private final double[] zMean;
    private final double[] yMean;
    private final double[] s;
    /** V ({@code K × r}) in the primal form, U ({@code m × r}) in the kernel form. */
    private final DMatrixRMaj vecs;
    /** {@code r × q}; null in a basis ({@link #primal(MatMul, DMatrixRMaj, int[])}, {@link #fromGram(MatMul, DMatrixRMaj, int[])}). */
    private final DMatrixRMaj q;
    /** Primal form: the features the training rows are taken from, and those rows (null = all), for {@link #fit}. */
    private final DMatrixRMaj zAll;
    private final int[] zRows;
    /** Kernel form from a Gram matrix: the whole G, the training rows, their G row means and grand mean. */
    private final DMatrixRMaj gram;
    private final int[] train;
    private final double[] gRowMean;
    private final double gMean;
    private final boolean kernel;
    private final MatMul mm;

    private RidgeSpectrum(MatMul mm, boolean kernel, double[] zMean, double[] yMean, double[] s, DMatrixRMaj vecs,
            DMatrixRMaj q, DMatrixRMaj gram, int[] train, double[] gRowMean, double gMean, DMatrixRMaj zAll,
            int[] zRows) {
        this.mm = mm;
        this.zAll = zAll;
        this.zRows = zRows;
        this.kernel = kernel;
        this.zMean = zMean;
        this.yMean = yMean;
        this.s = s;
        this.vecs = vecs;
        this.q = q;
        this.gram = gram;
        this.train = train;
        this.gRowMean = gRowMean;
        this.gMean = gMean;
    }

    /**
     * The primal form, for more training rows than features.
     *
     * @param z {@code m × K} training features (not modified)
     * @param y {@code m × q} training targets (not modified)
     */
    static RidgeSpectrum primal(MatMul mm, DMatrixRMaj z, DMatrixRMaj y) {
        return primal(mm, z, (int[]) null).fit(y);
    }

    /**
     * The primal decomposition alone, for targets given later ({@link #fit}): what all blocks of
     * neurons share.
     *
     * @param z {@code n × K} features (not modified; referenced until this is dropped)
     * @param rows the training rows of {@code z}, or null for all (no copy is kept: {@link #fit}
     *     takes them again, with the same bits)
     */
    static RidgeSpectrum primal(MatMul mm, DMatrixRMaj z, int[] rows) {
        DMatrixRMaj zt = rows == null ? z : rows(z, rows);
        double[] zMean = columnMeans(zt);
        DMatrixRMaj zc = centred(zt, zMean);
        DMatrixRMaj cov = mm.mult(zc, true, zc, false);
        Eigen eig = mm.eigh(cov);
        return new RidgeSpectrum(mm, false, zMean, null, eig.values, eig.vectors, null, null, null, null, 0, z, rows);
    }

    /**
     * This decomposition with targets: the same per-target arithmetic whatever other targets are
     * fitted with it (each column of {@code Q} is its own product), so a block of neurons gets the bits
     * of the same neurons fitted all at once.
     *
     * @param y primal form: {@code m × q} targets of the training rows; kernel form: {@code n × q}
     *     targets of all rows of the Gram matrix (the training rows are selected here); not modified
     * @return the spectrum with {@code Q} and the target means
     */
    RidgeSpectrum fit(DMatrixRMaj y) {
        DMatrixRMaj ytr = kernel ? rows(y, train) : y;
        double[] yMean = columnMeans(ytr);
        DMatrixRMaj yc = centred(ytr, yMean);
        DMatrixRMaj qm;
        if (kernel) {
            qm = mm.mult(vecs, true, yc, false);
        } else {
            DMatrixRMaj zc = centred(zRows == null ? zAll : rows(zAll, zRows), zMean);
            qm = mm.mult(vecs, true, mm.mult(zc, true, yc, false), false);
        }
        return new RidgeSpectrum(mm, kernel, zMean, yMean, s, vecs, qm, gram, train, gRowMean, gMean, zAll, zRows);
    }

    /**
     * The kernel form on rows {@code train} of a Gram matrix.
     *
     * @param g {@code n × n} Gram matrix {@code Z0 Z0ᵀ} of all rows ({@code Z0} any translate of Z)
     * @param train the training rows
     * @param y {@code n × q} targets of all rows
     */
    static RidgeSpectrum fromGram(MatMul mm, DMatrixRMaj g, int[] train, DMatrixRMaj y) {
        return fromGram(mm, g, train).fit(y);
    }

    /** The kernel-form decomposition on rows {@code train} of {@code g} alone, for targets given later ({@link #fit}). */
    static RidgeSpectrum fromGram(MatMul mm, DMatrixRMaj g, int[] train) {
        int m = train.length;
        int n = g.numCols;
        double[] rowMean = new double[n];
        for (int a = 0; a < n; a++) {
            double sum = 0;
            for (int j : train) {
                sum += g.data[a * n + j];
            }
            rowMean[a] = sum / m;
        }
        double grand = 0;
        for (int i : train) {
            grand += rowMean[i];
        }
        grand /= m;
        // double centring: (z_i − μ)·(z_j − μ) = G_ij − μ·z_i − μ·z_j + μ·μ
        DMatrixRMaj kc = new DMatrixRMaj(m, m);
        for (int a = 0; a < m; a++) {
            int i = train[a];
            for (int b = 0; b < m; b++) {
                int j = train[b];
                kc.data[a * m + b] = g.data[i * n + j] - rowMean[i] - rowMean[j] + grand;
            }
        }
        Eigen eig = mm.eigh(kc);
        return new RidgeSpectrum(mm, true, null, null, eig.values, eig.vectors, null, g, train, rowMean, grand, null,
                null);
    }

    /** Eigenvalues (clamped at 0) and eigenvectors as columns, of a symmetric matrix. */
    record Eigen(double[] values, DMatrixRMaj vectors) {
        /** By EJML (pure Java), the fallback of {@link MatMul#eigh}; {@code sym} may be overwritten. */
        static Eigen ejml(DMatrixRMaj sym) {
            int n = sym.numRows;
            EigenDecomposition_F64<DMatrixRMaj> e = DecompositionFactory_MT_DDRM.eig(n, true, true);
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
     * Spectral coordinates of new rows (primal form): predictions at penalty α are
     * {@code phi (S+α)⁻¹ Q + ȳ}.
     *
     * @param z {@code n × K}
     * @return {@code n × r}
     */
    DMatrixRMaj project(DMatrixRMaj z) {
        if (kernel) {
            throw new IllegalStateException("kernel form: use projectRows");
        }
        return mm.mult(centred(z, zMean), vecs);
    }

    /**
     * Spectral coordinates of rows of the Gram matrix (kernel form).
     *
     * @param rows row indices into the Gram matrix
     * @return {@code n × r}
     */
    DMatrixRMaj projectRows(int[] rows) {
        int n = gram.numCols;
        int m = train.length;
        DMatrixRMaj cross = new DMatrixRMaj(rows.length, m);
        for (int a = 0; a < rows.length; a++) {
            int i = rows[a];
            for (int b = 0; b < m; b++) {
                int j = train[b];
                cross.data[a * m + b] = gram.data[i * n + j] - gRowMean[i] - gRowMean[j] + gMean;
            }
        }
        return mm.mult(cross, vecs);
    }

    /**
     * Predictions of projected rows at one penalty for all targets.
     *
     * @param phi from {@link #project} or {@link #projectRows}
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
        DMatrixRMaj out = mm.mult(scaled, q);
        for (int i = 0; i < out.numRows; i++) {
            for (int j = 0; j < out.numCols; j++) {
                out.data[i * out.numCols + j] += yMean[j];
            }
        }
        return out;
    }

    /**
     * Leave-one-out predictions of the training rows (primal form fitted on all of them) at one penalty:
     * {@code y_i − e_i / (1 − h_ii)} with the residuals {@code e} and the hat-matrix diagonal
     * {@code h_ii = 1/m + Σ_c phi_ic² / (s_c + α)} (the intercept is unpenalised).
     *
     * @param phi {@link #project} of the training rows, {@code m × r}
     * @param y the training targets, {@code m × q}
     * @param alpha the penalty
     * @param out {@code m × q}, receives the predictions
     */
    void leaveOneOut(DMatrixRMaj phi, DMatrixRMaj y, double alpha, DMatrixRMaj out) {
        DMatrixRMaj p = predict(phi, alpha);
        int m = phi.numRows;
        int r = s.length;
        int nq = y.numCols;
        for (int i = 0; i < m; i++) {
            double h = 1.0 / m;
            for (int c = 0; c < r; c++) {
                double v = phi.data[i * r + c];
                h += v * v / (s[c] + alpha);
            }
            for (int j = 0; j < nq; j++) {
                double e = y.data[i * nq + j] - p.data[i * nq + j];
                out.data[i * nq + j] = y.data[i * nq + j] - e / (1 - h);
            }
        }
    }

    /**
     * Coefficients with one penalty per target.
     *
     * @param alpha {@code [q]}
     * @return {@code K × q}
     */
    @Override
    public DMatrixRMaj coef(double[] alpha) {
        int r = s.length;
        int nq = q.numCols;
        DMatrixRMaj dq = new DMatrixRMaj(r, nq);
        for (int c = 0; c < r; c++) {
            for (int j = 0; j < nq; j++) {
                dq.data[c * nq + j] = q.data[c * nq + j] / (s[c] + alpha[j]);
            }
        }
        if (kernel) {
            throw new IllegalStateException("kernel form on a fold's Gram block: no coefficients (use KernelPath)");
        }
        return mm.mult(vecs, dq);
    }

    /** @param w {@code K × q} @return {@code [q]} intercepts ȳ − z̄ · w */
    @Override
    public double[] intercept(DMatrixRMaj w) {
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
