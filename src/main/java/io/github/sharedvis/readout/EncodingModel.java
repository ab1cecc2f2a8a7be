package io.github.sharedvis.readout;

import org.ejml.data.DMatrixRMaj;

/**
 * Per-neuron ridge readouts of network features (method section 2), configured here and fitted by
 * {@link #fit}: an estimator in scikit-learn's shape (configure, fit, then predict/score on the
 * immutable {@link FittedEncoding}).
 *
 * <p>For each neuron n, {@code r̂_n = w_n · z + b_n} minimises {@code Σ (y − r̂)² + α_n ‖w_n‖²} (the
 * intercept is not penalised, as in scikit-learn's {@code Ridge}), where z is the transformed feature
 * vector (see {@link FittedEncoding}). The penalty {@code α_n} is chosen per neuron from the grid by
 * k-fold cross-validation: the one with the smallest summed squared error of the out-of-fold
 * predictions (ties: the first in grid order). Every fold is solved for all neurons and all penalties
 * from one eigendecomposition of its features ({@link RidgeSpectrum}: the primal form, or the kernel
 * form when there are fewer images than features), and so is the final fit on all images.
 *
 * <p>The transform (standardisation and PCA) is estimated once on all training images and reused in
 * the folds ({@link FeatureTransform}): it uses no responses, so it cannot leak them. The fold
 * assignment is checked up front ({@link Folds}). {@code cvPredictions} are the out-of-fold
 * predictions at the chosen penalty; because the penalty was chosen on the same folds, {@code cvR} is
 * slightly optimistic (one scalar per neuron chosen from the grid).
 *
 * <p>Solver, all in double precision: EJML's symmetric eigendecomposition (DJL's NDArray API has
 * none), and the large matrix products on the DJL engine (PyTorch's BLAS) or, with
 * {@link Backend#EJML}, in pure Java.
 */
public final class EncodingModel {

    private final double[] alphas;
    private final int folds;
    private final boolean standardize;
    private final int pcaComponents;
    private final long seed;
    private final Backend backend;

    /** Where the large matrix products run; eigendecompositions always run on EJML. */
    public enum Backend {
        /** The DJL engine's BLAS (PyTorch), float64: fast on large problems; EJML if the engine cannot load. */
        DJL,
        /** Pure Java (EJML): no native engine needed. */
        EJML
    }

    private EncodingModel(Builder b) {
        this.alphas = b.alphas.clone();
        this.folds = b.folds;
        this.standardize = b.standardize;
        this.pcaComponents = b.pcaComponents;
        this.seed = b.seed;
        this.backend = b.backend;
    }

    private MatMul matMul() {
        if (backend == Backend.DJL) {
            try {
                return MatMul.djl();
            } catch (ai.djl.engine.EngineException | UnsatisfiedLinkError e) {
                // no native engine on this platform: the pure-Java products give the same numbers, slower
                return MatMul.ejml();
            }
        }
        return MatMul.ejml();
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the penalty grid */
    public double[] alphas() {
        return alphas.clone();
    }

    /** @return the number of cross-validation folds */
    public int folds() {
        return folds;
    }

    /** Configures an {@link EncodingModel}. */
    public static final class Builder {
        private double[] alphas = logspace(-1, 8, 10);
        private int folds = 5;
        private boolean standardize;
        private int pcaComponents;
        private long seed;
        private Backend backend = Backend.DJL;

        private Builder() {}

        /** @param b where the matrix products run (default DJL) @return this */
        public Builder backend(Backend b) {
            this.backend = java.util.Objects.requireNonNull(b, "backend");
            return this;
        }

        /** @param a the penalty grid, each > 0 (default 10 values from 1e-1 to 1e8) @return this */
        public Builder alphas(double... a) {
            if (a == null || a.length == 0) {
                throw new IllegalArgumentException("alphas: give at least one penalty");
            }
            for (double v : a) {
                if (!(v > 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("alphas: every penalty must be finite and > 0, got " + v);
                }
            }
            this.alphas = a.clone();
            return this;
        }

        /** @param k cross-validation folds, >= 2 (default 5) @return this */
        public Builder folds(int k) {
            if (k < 2) {
                throw new IllegalArgumentException("folds must be >= 2, got " + k);
            }
            this.folds = k;
            return this;
        }

        /** @param s divide features by their training std (no centring; default false) @return this */
        public Builder standardize(boolean s) {
            this.standardize = s;
            return this;
        }

        /** @param k number of principal components, 0 = no PCA (default) @return this */
        public Builder pcaComponents(int k) {
            if (k < 0) {
                throw new IllegalArgumentException("pcaComponents must be >= 0, got " + k);
            }
            this.pcaComponents = k;
            return this;
        }

        /** @param s seed of the fold assignment (default 0) @return this */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** @return the configured model */
        public EncodingModel build() {
            return new EncodingModel(this);
        }
    }

    /**
     * {@code n} values spaced evenly in log10 from {@code 10^lo} to {@code 10^hi}.
     *
     * @param lo first exponent
     * @param hi last exponent
     * @param n count
     * @return the values
     */
    public static double[] logspace(double lo, double hi, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.pow(10, n == 1 ? lo : lo + (hi - lo) * i / (n - 1));
        }
        return out;
    }

    /**
     * The fold of each row: a seeded shuffle cut into {@code k} contiguous parts whose sizes differ by
     * at most one (the first {@code n % k} folds are one larger), as scikit-learn's shuffled KFold.
     *
     * @param n rows
     * @param k folds
     * @param seed the seed
     * @return {@code [n]} fold index of each row
     */
    public static int[] kFold(int n, int k, long seed) {
        return Folds.kFold(n, k, seed);
    }

    /**
     * Fits one readout per neuron with seeded k-fold cross-validation.
     *
     * @param features {@code [n][D]} features of the (preferred-category) training images
     * @param responses {@code [n][n_neurons]} their recorded mean responses, no NaN
     * @return the fitted model
     */
    public FittedEncoding fit(double[][] features, double[][] responses) {
        return fit(features, responses, kFold(features.length, folds, seed));
    }

    /**
     * Fits with a given fold assignment (e.g. to keep repeats of one object in one fold).
     *
     * @param features {@code [n][D]}
     * @param responses {@code [n][n_neurons]}, no NaN
     * @param foldOfRow {@code [n]} fold index of each row, {@code 0..k-1}, each fold non-empty
     * @return the fitted model
     */
    public FittedEncoding fit(double[][] features, double[][] responses, int[] foldOfRow) {
        int n = features.length;
        int d = checkMatrix(features, "features", -1);
        int q = checkMatrix(responses, "responses", n);
        Folds assignment = Folds.of(foldOfRow, n);
        int k = assignment.count();

        // 1. the feature transform, estimated once on all training images
        FeatureTransform transform = FeatureTransform.estimate(features, d, standardize, pcaComponents,
                this::matMul);
        double[][] zRows = transform.apply(features);
        int kz = transform.dimension(d);
        DMatrixRMaj z = toMatrix(zRows, kz);
        DMatrixRMaj y = toMatrix(responses, q);

        try (MatMul mm = matMul()) {
            // 2. cross-validation: out-of-fold predictions of every neuron at every penalty
            int na = alphas.length;
            DMatrixRMaj[] oof = new DMatrixRMaj[na];
            for (int a = 0; a < na; a++) {
                oof[a] = new DMatrixRMaj(n, q);
            }
            // three solvers, all exact: with no more images than features, one eigendecomposition of the
            // Gram matrix of all images serves every fold, penalty and the final fit (KernelPath); when
            // only the folds' training sets are that small, the folds share one Gram matrix but each is
            // decomposed; otherwise each fold is decomposed in feature space (primal form)
            double[] zMean = RidgeSpectrum.columnMeans(z);
            KernelPath path = n <= kz ? new KernelPath(mm, z, y) : null;
            boolean kernelFolds = path == null && n - assignment.smallest() <= kz;
            DMatrixRMaj gram = null;
            if (kernelFolds) {
                DMatrixRMaj z0 = RidgeSpectrum.centred(z, zMean);
                gram = mm.mult(z0, false, z0, true);
            }
            int[][] foldRows = new int[k][];
            for (int f = 0; f < k; f++) {
                foldRows[f] = assignment.test(f);
            }
            if (path != null) {
                for (int a = 0; a < na; a++) {
                    path.outOfFold(foldRows, alphas[a], oof[a]);
                }
            }
            for (int f = 0; f < k && path == null; f++) {
                int[] train = assignment.train(f);
                int[] test = foldRows[f];
                DMatrixRMaj phi;
                RidgeSpectrum rs;
                if (kernelFolds) {
                    rs = RidgeSpectrum.fromGram(mm, gram, train, y);
                    phi = rs.projectRows(test);
                } else {
                    rs = RidgeSpectrum.primal(mm, RidgeSpectrum.rows(z, train), RidgeSpectrum.rows(y, train));
                    phi = rs.project(RidgeSpectrum.rows(z, test));
                }
                for (int a = 0; a < na; a++) {
                    DMatrixRMaj p = rs.predict(phi, alphas[a]);
                    for (int i = 0; i < test.length; i++) {
                        System.arraycopy(p.data, i * q, oof[a].data, test[i] * q, q);
                    }
                }
            }

            // 3. the penalty of each neuron: least out-of-fold squared error
            double[] chosen = new double[q];
            int[] best = new int[q];
            for (int j = 0; j < q; j++) {
                double bestErr = Double.POSITIVE_INFINITY;
                for (int a = 0; a < na; a++) {
                    double err = 0;
                    for (int i = 0; i < n; i++) {
                        double e = oof[a].data[i * q + j] - y.data[i * q + j];
                        err += e * e;
                    }
                    if (err < bestErr) {
                        bestErr = err;
                        best[j] = a;
                    }
                }
                chosen[j] = alphas[best[j]];
            }
            double[][] cvPred = new double[n][q];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < q; j++) {
                    cvPred[i][j] = oof[best[j]].data[i * q + j];
                }
            }
            double[] cvR = FittedEncoding.columnPearson(cvPred, responses);

            // 4. the final readouts on all training images at the chosen penalties
            DMatrixRMaj w;
            double[] intercept;
            if (path != null) {
                w = path.coef(chosen);
                intercept = path.intercept(w);
            } else {
                RidgeSpectrum all = RidgeSpectrum.primal(mm, z, y);
                w = all.coef(chosen);
                intercept = all.intercept(w);
            }
            double[][] coef = new double[q][kz];
            for (int kk = 0; kk < kz; kk++) {
                for (int j = 0; j < q; j++) {
                    coef[j][kk] = w.data[kk * q + j];
                }
            }
            return new FittedEncoding(coef, intercept, chosen, transform.scale(), transform.mean(),
                    transform.components(), cvPred, cvR);
        }
    }

    private static int checkMatrix(double[][] a, String what, int rows) {
        if (a == null || a.length == 0) {
            throw new IllegalArgumentException(what + ": no rows");
        }
        if (rows >= 0 && a.length != rows) {
            throw new IllegalArgumentException(what + ": " + a.length + " rows but there are " + rows
                    + " feature rows (one per image)");
        }
        int cols = a[0].length;
        for (int i = 0; i < a.length; i++) {
            if (a[i].length != cols) {
                throw new IllegalArgumentException(what + ": row " + i + " has " + a[i].length + " values, row 0 has "
                        + cols);
            }
            for (int j = 0; j < cols; j++) {
                if (!Double.isFinite(a[i][j])) {
                    throw new IllegalArgumentException(what + ": non-finite value " + a[i][j] + " at image " + i
                            + ", column " + j + (what.equals("responses") ? "; drop images without recorded "
                            + "trials for this neuron set or fit such neurons separately" : ""));
                }
            }
        }
        return cols;
    }

    private static DMatrixRMaj toMatrix(double[][] a, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(a.length, cols);
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, m.data, i * cols, cols);
        }
        return m;
    }
}
