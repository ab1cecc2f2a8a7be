package io.github.sharedvis.readout;

import org.ejml.data.DMatrixRMaj;

/**
 * Kernel ridge with an unpenalised intercept, cross-validated over folds AND penalties from ONE
 * eigendecomposition: that of the double-centred Gram matrix {@code Kc = H Z Zᵀ H} of all
 * {@code n} images ({@code H = I − 11ᵀ/n}), used when there are no more images than features.
 *
 * <p>Ridge with intercept on all images solves the bordered system
 * {@code A = [[Kc + αI, 1], [1ᵀ, 0]]}, {@code A [a; b] = [y; 0]}. Its inverse's top-left block is
 * {@code G(α) = Ũ (S + α)⁻¹ Ũᵀ} with {@code Kc = U S Uᵀ} and {@code Ũ = H U} (exact: H removes the
 * constant direction, whose eigenvalue is 0, without cancellation). Deleting the rows and columns of
 * a fold B from A gives exactly the training system of that fold, so by the block-inverse identity
 * the fold's held-out residuals are {@code y_B − ŷ_B = G_BB⁻¹ (G y)_B}: every fold and penalty costs
 * matrix products and one small inverse, no further decomposition. The final readouts are
 * {@code w = Zcᵀ G(α) y} and {@code b = ȳ − z̄ · w}.
 */
final class KernelPath implements CrossValidated.Readouts {

    private final MatMul mm;
    private final DMatrixRMaj zc;
    private final double[] zMean;
    private double[] yMean;
    private final double[] s;
    /** {@code Ũ = H U}, {@code n × n}. */
    private final DMatrixRMaj ut;
    /** {@code Ũᵀ Y}, {@code n × q}, of the targets {@link #bind bound}. */
    private DMatrixRMaj uty;
    private DMatrixRMaj y;
    /** Dual coefficients {@code G(α_j) y_j} kept by {@link #keep}, and their penalties; null until then. */
    private DMatrixRMaj dual;
    private double[] dualAlpha;
    /** Reused {@code n × q} buffers of {@link #gy(double)} (each array is a 16 MB heap object at 2000 × 1000). */
    private DMatrixRMaj gyBuffer;
    private DMatrixRMaj scaledBuffer;
    /** Reused {@code |B| × n} rows of Ũ of one fold. */
    private DMatrixRMaj foldRows;
    /**
     * The folds' {@code G_BB} per penalty, kept across blocks of neurons when there are several
     * ({@link #keepFoldBlocks}): they depend on the features only, and each costs {@code 2 |B|² n}.
     */
    private java.util.Map<Double, DMatrixRMaj[]> foldBlocks;

    /**
     * @param z {@code n × K} features; centred in place (kept, as {@code Zc}, for the coefficients)
     * @param y {@code n × q} responses, not modified
     */
    KernelPath(MatMul mm, DMatrixRMaj z, DMatrixRMaj y) {
        this(mm, z);
        bind(y);
    }

    /**
     * The decomposition alone (what every block of neurons shares); {@link #bind} the targets next.
     *
     * @param z {@code n × K} features; centred in place (kept, as {@code Zc}, for the coefficients)
     */
    KernelPath(MatMul mm, DMatrixRMaj z) {
        this.mm = mm;
        int n = z.numRows;
        zMean = RidgeSpectrum.columnMeans(z);
        zc = z;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < z.numCols; k++) {
                zc.data[i * z.numCols + k] -= zMean[k];
            }
        }
        DMatrixRMaj kc = mm.mult(zc, false, zc, true);
        doubleCentre(kc);
        RidgeSpectrum.Eigen eig = mm.eigh(kc);
        s = eig.values();
        ut = eig.vectors();
        double[] colMean = RidgeSpectrum.columnMeans(ut);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < n; c++) {
                ut.data[i * n + c] -= colMean[c];
            }
        }
    }

    /**
     * Sets the targets (a block of neurons) for the next {@link #outOfFold}/{@link #leaveOneOut},
     * {@link #keep} and {@link #coef} calls, forgetting the previous block's buffers and kept duals.
     * Each target column's arithmetic is its own, so a block gets the bits of the same neurons bound
     * all at once.
     *
     * @param targets {@code n × q} responses, not modified
     */
    /**
     * Keeps each fold's {@code G_BB} at each penalty from the first block of neurons for the next
     * ({@code Σ_B |B|² × 8} bytes per penalty, {@code 8 n² / k} with k equal folds): the same matrices,
     * so the same bits, without their products once per block.
     */
    void keepFoldBlocks() {
        foldBlocks = new java.util.HashMap<>();
    }

    void bind(DMatrixRMaj targets) {
        y = targets;
        yMean = RidgeSpectrum.columnMeans(targets);
        uty = mm.mult(ut, true, targets, false);
        if (gyBuffer != null && gyBuffer.numCols != targets.numCols) {
            gyBuffer = null;
            scaledBuffer = null;
        }
        dual = null;
        dualAlpha = null;
    }

    /** Removes row and column means (they are ~1e-16 after centring Z; this makes Kc 1 = 0 to rounding). */
    private static void doubleCentre(DMatrixRMaj k) {
        int n = k.numRows;
        double[] row = RidgeSpectrum.columnMeans(k); // symmetric: column means = row means
        double grand = 0;
        for (double v : row) {
            grand += v / n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                k.data[i * n + j] += grand - row[i] - row[j];
            }
        }
    }

    /** {@code Ũ diag(1/(s+α_j)) (ŨᵀY)_j} for every column j, with a per-column penalty. */
    private DMatrixRMaj gy(double[] alphaPerColumn) {
        DMatrixRMaj out = new DMatrixRMaj(s.length, uty.numCols);
        gy(alphaPerColumn, new DMatrixRMaj(s.length, uty.numCols), out);
        return out;
    }

    /** {@link #gy(double[])} into {@code out}, with {@code scaled} as scratch (both {@code n × q}). */
    private void gy(double[] alphaPerColumn, DMatrixRMaj scaled, DMatrixRMaj out) {
        int n = s.length;
        int q = uty.numCols;
        for (int c = 0; c < n; c++) {
            for (int j = 0; j < q; j++) {
                scaled.data[c * q + j] = uty.data[c * q + j] / (s[c] + alphaPerColumn[j]);
            }
        }
        mm.mult(ut, false, scaled, false, out);
    }

    /**
     * Out-of-fold predictions at one penalty.
     *
     * @param folds the rows of each fold
     * @param alpha the penalty
     * @param out {@code n × q}, receives the predictions of every row from the model not trained on it
     * @return {@code G(α) Y} ({@code n × q}), the dual coefficients of the fit on all images at α; a
     *     buffer valid until the next call
     */
    DMatrixRMaj outOfFold(int[][] folds, double alpha, DMatrixRMaj out) {
        int n = s.length;
        int q = y.numCols;
        DMatrixRMaj gy = gy(alpha);
        double[] root = new double[n];
        for (int c = 0; c < n; c++) {
            root[c] = 1 / Math.sqrt(s[c] + alpha);
        }
        DMatrixRMaj[] kept = foldBlocks == null ? null : foldBlocks.computeIfAbsent(alpha, a -> new DMatrixRMaj[folds.length]);
        for (int f = 0; f < folds.length; f++) {
            int[] b = folds[f];
            DMatrixRMaj gbb = kept == null ? null : kept[f];
            if (gbb == null) {
                gbb = foldBlock(b, root);
                if (kept != null) {
                    kept[f] = gbb;
                }
            }
            DMatrixRMaj resid = mm.solve(gbb, RidgeSpectrum.rows(gy, b));
            for (int i = 0; i < b.length; i++) {
                for (int j = 0; j < q; j++) {
                    out.data[b[i] * q + j] = y.data[b[i] * q + j] - resid.data[i * q + j];
                }
            }
        }
        return gy;
    }

    /** {@code G_BB} of fold rows b at the penalty whose {@code 1/sqrt(s + α)} is {@code root}. */
    private DMatrixRMaj foldBlock(int[] b, double[] root) {
        int n = s.length;
        {
            // G_BB = (Ũ_B D^½)(Ũ_B D^½)ᵀ: one symmetric rank-k product
            if (foldRows == null || foldRows.data.length < b.length * n) {
                foldRows = new DMatrixRMaj(b.length, n);
            }
            DMatrixRMaj ubd = foldRows;
            ubd.reshape(b.length, n);
            for (int i = 0; i < b.length; i++) {
                System.arraycopy(ut.data, b[i] * n, ubd.data, i * n, n);
            }
            for (int i = 0; i < b.length; i++) {
                for (int c = 0; c < n; c++) {
                    ubd.data[i * n + c] *= root[c];
                }
            }
            return mm.mult(ubd, false, ubd, true);
        }
    }

    /**
     * Leave-one-out predictions at one penalty: the single-row case of {@link #outOfFold},
     * {@code y_i − ŷ_(−i) = (G y)_i / G_ii}.
     *
     * @param alpha the penalty
     * @param out {@code n × q}, receives each row's prediction from the model fitted without it
     * @return {@code G(α) Y} ({@code n × q}), the dual coefficients of the fit on all images at α; a
     *     buffer valid until the next call
     */
    DMatrixRMaj leaveOneOut(double alpha, DMatrixRMaj out) {
        int n = s.length;
        int q = y.numCols;
        DMatrixRMaj gy = gy(alpha);
        double[] d = new double[n];
        for (int c = 0; c < n; c++) {
            d[c] = 1 / (s[c] + alpha);
        }
        for (int i = 0; i < n; i++) {
            double gii = 0;
            for (int c = 0; c < n; c++) {
                double u = ut.data[i * n + c];
                gii += u * u * d[c];
            }
            for (int j = 0; j < q; j++) {
                out.data[i * q + j] = y.data[i * q + j] - gy.data[i * q + j] / gii;
            }
        }
        return gy;
    }

    /** At one penalty for every column, into buffers reused from call to call: valid until the next call. */
    private DMatrixRMaj gy(double alpha) {
        double[] same = new double[y.numCols];
        java.util.Arrays.fill(same, alpha);
        if (gyBuffer == null) {
            gyBuffer = new DMatrixRMaj(s.length, y.numCols);
            scaledBuffer = new DMatrixRMaj(s.length, y.numCols);
        }
        gy(same, scaledBuffer, gyBuffer);
        return gyBuffer;
    }

    /**
     * Records column {@code j} of {@code gy} (from {@link #outOfFold} or {@link #leaveOneOut} at
     * {@code alpha}) as neuron j's dual coefficients where {@code take[j]}, so that {@link #coef} at
     * those penalties needs no further {@code n × n × q} product.
     */
    void keep(boolean[] take, DMatrixRMaj gy, double alpha) {
        int q = take.length;
        if (dual == null) {
            dual = new DMatrixRMaj(gy.numRows, q);
            dualAlpha = new double[q];
            java.util.Arrays.fill(dualAlpha, Double.NaN);
        }
        for (int j = 0; j < q; j++) {
            if (take[j]) {
                dualAlpha[j] = alpha;
                for (int i = 0; i < gy.numRows; i++) {
                    dual.data[i * q + j] = gy.data[i * q + j];
                }
            }
        }
    }

    /**
     * Readouts on all images: {@code Zcᵀ G(α) Y}, from the kept dual coefficients when they are at
     * exactly these penalties.
     *
     * @param alpha {@code [q]} per-neuron penalties
     * @return {@code K × q} coefficients
     */
    @Override
    public DMatrixRMaj coef(double[] alpha) {
        boolean kept = dual != null && java.util.Arrays.equals(dualAlpha, alpha);
        return mm.mult(zc, true, kept ? dual : gy(alpha), false);
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
}
