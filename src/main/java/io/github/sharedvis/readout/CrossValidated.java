package io.github.sharedvis.readout;

import org.ejml.data.DMatrixRMaj;

/**
 * The cross-validation of {@link EncodingModel#fit}: held-out predictions of every neuron at every
 * penalty, the penalty of each neuron (least summed squared held-out error, ties to the first in grid
 * order) and the solver of the final fit on all images.
 *
 * <p>Three exact solvers: with no more images than features, one eigendecomposition of the Gram
 * matrix of all images serves every fold (or every left-out image), every penalty and the final fit
 * ({@link KernelPath}); when only the folds' training sets are that small, the folds share one Gram
 * matrix but each is decomposed; otherwise each fold is decomposed in feature space (primal form of
 * {@link RidgeSpectrum}). Leave-one-out with more images than features uses the hat-matrix identity
 * {@code e_i/(1 − h_ii)} on the primal fit of all images (as scikit-learn's {@code RidgeCV}).
 *
 * <p>Memory: only the best held-out predictions so far ({@code n × q}) are kept, not one matrix per
 * penalty.
 *
 * @param chosen {@code [q]} the penalty of each neuron
 * @param cvPredictions {@code [n][q]} held-out predictions at each neuron's penalty
 * @param full the ridge solution on all images, for the final readouts
 */
record CrossValidated(double[] chosen, double[][] cvPredictions, Readouts full) {

    /** Readouts on all training images at per-neuron penalties. */
    interface Readouts {
        /** @param alpha {@code [q]} @return {@code K × q} coefficients */
        DMatrixRMaj coef(double[] alpha);

        /** @param w {@code K × q} @return {@code [q]} intercepts */
        double[] intercept(DMatrixRMaj w);
    }

    /**
     * @param mm the linear algebra
     * @param z {@code n × K} transformed features; may be overwritten (centred in place)
     * @param y {@code n × q} responses, not modified
     * @param alphas the penalty grid
     * @param folds the fold assignment, or null for leave-one-out
     * @return the selection and the final solver
     */
    static CrossValidated run(MatMul mm, DMatrixRMaj z, DMatrixRMaj y, double[] alphas, Folds folds) {
        int n = z.numRows;
        int kz = z.numCols;
        Best best = new Best(y);
        DMatrixRMaj held = new DMatrixRMaj(n, y.numCols);
        if (n <= kz) {
            KernelPath path = new KernelPath(mm, z, y);
            int[][] foldRows = folds == null ? null : testRows(folds);
            for (int a = 0; a < alphas.length; a++) {
                DMatrixRMaj dual = folds == null ? path.leaveOneOut(alphas[a], held)
                        : path.outOfFold(foldRows, alphas[a], held);
                path.keep(best.offer(a, held), dual, alphas[a]);
            }
            return best.result(alphas, path);
        }
        if (folds == null) {
            RidgeSpectrum all = RidgeSpectrum.primal(mm, z, y);
            DMatrixRMaj phi = all.project(z);
            for (int a = 0; a < alphas.length; a++) {
                all.leaveOneOut(phi, y, alphas[a], held);
                best.offer(a, held);
            }
            return best.result(alphas, all);
        }
        int k = folds.count();
        DMatrixRMaj[] perAlpha = new DMatrixRMaj[alphas.length];
        for (int a = 0; a < alphas.length; a++) {
            perAlpha[a] = new DMatrixRMaj(n, y.numCols);
        }
        boolean kernelFolds = n - folds.smallest() <= kz;
        DMatrixRMaj gram = null;
        if (kernelFolds) {
            DMatrixRMaj z0 = RidgeSpectrum.centred(z, RidgeSpectrum.columnMeans(z));
            gram = mm.mult(z0, false, z0, true);
        }
        int q = y.numCols;
        for (int f = 0; f < k; f++) {
            int[] train = folds.train(f);
            int[] test = folds.test(f);
            DMatrixRMaj phi;
            RidgeSpectrum rs;
            if (kernelFolds) {
                rs = RidgeSpectrum.fromGram(mm, gram, train, y);
                phi = rs.projectRows(test);
            } else {
                rs = RidgeSpectrum.primal(mm, RidgeSpectrum.rows(z, train), RidgeSpectrum.rows(y, train));
                phi = rs.project(RidgeSpectrum.rows(z, test));
            }
            for (int a = 0; a < alphas.length; a++) {
                DMatrixRMaj p = rs.predict(phi, alphas[a]);
                for (int i = 0; i < test.length; i++) {
                    System.arraycopy(p.data, i * q, perAlpha[a].data, test[i] * q, q);
                }
            }
        }
        for (int a = 0; a < alphas.length; a++) {
            best.offer(a, perAlpha[a]);
            perAlpha[a] = null;
        }
        return best.result(alphas, RidgeSpectrum.primal(mm, z, y));
    }

    private static int[][] testRows(Folds folds) {
        int[][] rows = new int[folds.count()][];
        for (int f = 0; f < rows.length; f++) {
            rows[f] = folds.test(f);
        }
        return rows;
    }

    /** Running per-neuron minimum of the held-out squared error over the penalties offered so far. */
    private static final class Best {
        private final DMatrixRMaj y;
        private final double[] err;
        private final int[] index;
        private final double[][] pred;

        Best(DMatrixRMaj y) {
            this.y = y;
            err = new double[y.numCols];
            java.util.Arrays.fill(err, Double.POSITIVE_INFINITY);
            index = new int[y.numCols];
            pred = new double[y.numRows][y.numCols];
        }

        /**
         * Keeps neuron j's predictions from {@code held} when strictly better (ties: the earlier penalty).
         *
         * @return {@code [q]} which neurons took this penalty
         */
        boolean[] offer(int alphaIndex, DMatrixRMaj held) {
            int n = y.numRows;
            int q = y.numCols;
            double[] sse = new double[q];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < q; j++) {
                    double e = held.data[i * q + j] - y.data[i * q + j];
                    sse[j] += e * e;
                }
            }
            boolean[] take = new boolean[q];
            for (int j = 0; j < q; j++) {
                take[j] = sse[j] < err[j];
                if (take[j]) {
                    err[j] = sse[j];
                    index[j] = alphaIndex;
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < q; j++) {
                    if (take[j]) {
                        pred[i][j] = held.data[i * q + j];
                    }
                }
            }
            return take;
        }

        CrossValidated result(double[] alphas, Readouts full) {
            double[] chosen = new double[index.length];
            for (int j = 0; j < chosen.length; j++) {
                chosen[j] = alphas[index[j]];
            }
            return new CrossValidated(chosen, pred, full);
        }
    }
}
