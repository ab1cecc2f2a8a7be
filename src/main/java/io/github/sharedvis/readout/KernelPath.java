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
    private final double[] yMean;
    private final double[] s;
    /** {@code Ũ = H U}, {@code n × n}. */
    private final DMatrixRMaj ut;
    /** {@code Ũᵀ Y}, {@code n × q}. */
    private final DMatrixRMaj uty;
    private final DMatrixRMaj y;

    /**
     * @param z {@code n × K} features; centred in place (kept, as {@code Zc}, for the coefficients)
     * @param y {@code n × q} responses, not modified
     */
    KernelPath(MatMul mm, DMatrixRMaj z, DMatrixRMaj y) {
        this.mm = mm;
        this.y = y;
        int n = z.numRows;
        zMean = RidgeSpectrum.columnMeans(z);
        yMean = RidgeSpectrum.columnMeans(y);
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
        uty = mm.mult(ut, true, y, false);
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
        int n = s.length;
        int q = uty.numCols;
        DMatrixRMaj scaled = new DMatrixRMaj(n, q);
        for (int c = 0; c < n; c++) {
            for (int j = 0; j < q; j++) {
                scaled.data[c * q + j] = uty.data[c * q + j] / (s[c] + alphaPerColumn[j]);
            }
        }
        return mm.mult(ut, scaled);
    }

    /**
     * Out-of-fold predictions at one penalty.
     *
     * @param folds the rows of each fold
     * @param alpha the penalty
     * @param out {@code n × q}, receives the predictions of every row from the model not trained on it
     */
    void outOfFold(int[][] folds, double alpha, DMatrixRMaj out) {
        int n = s.length;
        int q = y.numCols;
        double[] same = new double[q];
        java.util.Arrays.fill(same, alpha);
        DMatrixRMaj gy = gy(same);
        for (int[] b : folds) {
            DMatrixRMaj ub = RidgeSpectrum.rows(ut, b);
            DMatrixRMaj ubd = ub.copy();
            for (int i = 0; i < b.length; i++) {
                for (int c = 0; c < n; c++) {
                    ubd.data[i * n + c] /= s[c] + alpha;
                }
            }
            DMatrixRMaj gbb = mm.mult(ubd, false, ub, true);
            DMatrixRMaj resid = mm.solve(gbb, RidgeSpectrum.rows(gy, b));
            for (int i = 0; i < b.length; i++) {
                for (int j = 0; j < q; j++) {
                    out.data[b[i] * q + j] = y.data[b[i] * q + j] - resid.data[i * q + j];
                }
            }
        }
    }

    /**
     * Leave-one-out predictions at one penalty: the single-row case of {@link #outOfFold},
     * {@code y_i − ŷ_(−i) = (G y)_i / G_ii}.
     *
     * @param alpha the penalty
     * @param out {@code n × q}, receives each row's prediction from the model fitted without it
     */
    void leaveOneOut(double alpha, DMatrixRMaj out) {
        int n = s.length;
        int q = y.numCols;
        double[] same = new double[q];
        java.util.Arrays.fill(same, alpha);
        DMatrixRMaj gy = gy(same);
        for (int i = 0; i < n; i++) {
            double gii = 0;
            for (int c = 0; c < n; c++) {
                double u = ut.data[i * n + c];
                gii += u * u / (s[c] + alpha);
            }
            for (int j = 0; j < q; j++) {
                out.data[i * q + j] = y.data[i * q + j] - gy.data[i * q + j] / gii;
            }
        }
    }

    /**
     * Readouts on all images.
     *
     * @param alpha {@code [q]} per-neuron penalties
     * @return {@code K × q} coefficients
     */
    @Override
    public DMatrixRMaj coef(double[] alpha) {
        return mm.mult(zc, true, gy(alpha), false);
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
