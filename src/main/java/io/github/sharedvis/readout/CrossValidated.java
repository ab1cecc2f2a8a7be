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
 * <p>Neurons are solved in blocks of {@code block} columns: the decompositions (which use only the
 * features) are made once, before the first block, and each block's responses are then projected,
 * scored and its readouts formed; every neuron's arithmetic is its own (see {@link RidgeSpectrum#fit},
 * {@link KernelPath#bind}), so the results have the same bits whatever the block size. Memory: the
 * {@code n × block} buffers of one block (responses, projections, held-out and best predictions,
 * dual coefficients; with k folds in feature space one {@code n × block} matrix per penalty), plus
 * the results for all neurons.
 *
 * @param chosen {@code [q]} the penalty of each neuron
 * @param cvPredictions {@code [n][q]} held-out predictions at each neuron's penalty
 * @param coef {@code [q][K]} readouts fitted on all images at the chosen penalties
 * @param intercept {@code [q]} their intercepts
 */
record CrossValidated(double[] chosen, double[][] cvPredictions, double[][] coef, double[] intercept) {

    /** Readouts on all training images at per-neuron penalties. */
    interface Readouts {
        /** @param alpha {@code [q]} @return {@code K × q} coefficients */
        DMatrixRMaj coef(double[] alpha);

        /** @param w {@code K × q} @return {@code [q]} intercepts */
        double[] intercept(DMatrixRMaj w);
    }

    /** One block of neurons: its responses in, its selection and final solver out. */
    private interface Solver {
        /** @param y {@code n × q_block} @return the block's selection and readouts */
        Block solve(DMatrixRMaj y);
    }

    private record Block(Best best, Readouts full) {}

    /**
     * @param mm the linear algebra
     * @param z {@code n × K} transformed features; may be overwritten (centred in place)
     * @param y {@code [n][q]} responses (no NaN), read a block of neurons at a time
     * @param alphas the penalty grid
     * @param folds the fold assignment, or null for leave-one-out
     * @param block neurons per block (at least 1)
     * @return the selection, the held-out predictions and the readouts
     */
    static CrossValidated run(MatMul mm, DMatrixRMaj z, Targets y, double[] alphas, Folds folds, int block) {
        int n = z.numRows;
        int kz = z.numCols;
        int q = y.columns();
        Solver solver = solver(mm, z, alphas, folds, block < q);
        double[] chosen = new double[q];
        double[][] pred = new double[n][q];
        double[][] coef = new double[q][kz];
        double[] intercept = new double[q];
        for (int j0 = 0; j0 < q; j0 += block) {
            int j1 = Math.min(q, j0 + block);
            int qb = j1 - j0;
            Block b = solver.solve(toMatrix(y.block(j0, j1), qb));
            double[] c = b.best().chosen(alphas);
            DMatrixRMaj w = b.full().coef(c);
            double[] icpt = b.full().intercept(w);
            System.arraycopy(c, 0, chosen, j0, qb);
            System.arraycopy(icpt, 0, intercept, j0, qb);
            for (int i = 0; i < n; i++) {
                System.arraycopy(b.best().pred[i], 0, pred[i], j0, qb);
            }
            for (int k = 0; k < kz; k++) {
                for (int j = 0; j < qb; j++) {
                    coef[j0 + j][k] = w.data[k * qb + j];
                }
            }
        }
        return new CrossValidated(chosen, pred, coef, intercept);
    }

    private static DMatrixRMaj toMatrix(double[][] a, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(a.length, cols);
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, m.data, i * cols, cols);
        }
        return m;
    }

    /** The decompositions (features only), and how each block of responses is then solved. */
    private static Solver solver(MatMul mm, DMatrixRMaj z, double[] alphas, Folds folds, boolean several) {
        int n = z.numRows;
        int kz = z.numCols;
        if (n <= kz) {
            KernelPath path = new KernelPath(mm, z);
            int[][] foldRows = folds == null ? null : testRows(folds);
            if (several && folds != null) {
                path.keepFoldBlocks();
            }
            return y -> {
                path.bind(y);
                Best best = new Best(y);
                DMatrixRMaj held = new DMatrixRMaj(n, y.numCols);
                for (int a = 0; a < alphas.length; a++) {
                    DMatrixRMaj dual = folds == null ? path.leaveOneOut(alphas[a], held)
                            : path.outOfFold(foldRows, alphas[a], held);
                    path.keep(best.offer(a, held), dual, alphas[a]);
                }
                return new Block(best, path);
            };
        }
        if (folds == null) {
            RidgeSpectrum all = RidgeSpectrum.primal(mm, z, (int[]) null);
            DMatrixRMaj phi = all.project(z);
            return y -> {
                RidgeSpectrum fit = all.fit(y);
                Best best = new Best(y);
                DMatrixRMaj held = new DMatrixRMaj(n, y.numCols);
                for (int a = 0; a < alphas.length; a++) {
                    fit.leaveOneOut(phi, y, alphas[a], held);
                    best.offer(a, held);
                }
                return new Block(best, fit);
            };
        }
        int k = folds.count();
        boolean kernelFolds = n - folds.smallest() <= kz;
        DMatrixRMaj gram = null;
        if (kernelFolds) {
            DMatrixRMaj z0 = RidgeSpectrum.centred(z, RidgeSpectrum.columnMeans(z));
            gram = mm.mult(z0, false, z0, true);
        }
        RidgeSpectrum[] spectra = new RidgeSpectrum[k];
        DMatrixRMaj[] phis = new DMatrixRMaj[k];
        for (int f = 0; f < k; f++) {
            int[] train = folds.train(f);
            int[] test = folds.test(f);
            if (kernelFolds) {
                spectra[f] = RidgeSpectrum.fromGram(mm, gram, train);
                phis[f] = spectra[f].projectRows(test);
            } else {
                spectra[f] = RidgeSpectrum.primal(mm, z, train);
                phis[f] = spectra[f].project(RidgeSpectrum.rows(z, test));
            }
        }
        RidgeSpectrum all = RidgeSpectrum.primal(mm, z, (int[]) null);
        return y -> {
            int q = y.numCols;
            DMatrixRMaj[] perAlpha = new DMatrixRMaj[alphas.length];
            for (int a = 0; a < alphas.length; a++) {
                perAlpha[a] = new DMatrixRMaj(n, q);
            }
            for (int f = 0; f < k; f++) {
                int[] test = folds.test(f);
                RidgeSpectrum rs = spectra[f].fit(kernelFolds ? y : RidgeSpectrum.rows(y, folds.train(f)));
                for (int a = 0; a < alphas.length; a++) {
                    DMatrixRMaj p = rs.predict(phis[f], alphas[a]);
                    for (int i = 0; i < test.length; i++) {
                        System.arraycopy(p.data, i * q, perAlpha[a].data, test[i] * q, q);
                    }
                }
            }
            Best best = new Best(y);
            for (int a = 0; a < alphas.length; a++) {
                best.offer(a, perAlpha[a]);
                perAlpha[a] = null;
            }
            return new Block(best, all.fit(y));
        };
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

        double[] chosen(double[] alphas) {
            double[] chosen = new double[index.length];
            for (int j = 0; j < chosen.length; j++) {
                chosen[j] = alphas[index[j]];
            }
            return chosen;
        }
    }
}
