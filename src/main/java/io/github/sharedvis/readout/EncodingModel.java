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
 * k-fold cross-validation (or, with {@link Builder#leaveOneOut()}, leave-one-out): the one with the
 * smallest summed squared error of the held-out predictions (ties: the first in grid order). Every fold is solved for all neurons and all penalties
 * from one eigendecomposition of its features ({@link RidgeSpectrum}: the primal form, or the kernel
 * form when there are fewer images than features), and so is the final fit on all images.
 *
 * <p>The transform (standardisation and PCA) is estimated once on all training images and reused in
 * the folds ({@link FeatureTransform}): it uses no responses, so it cannot leak them. The fold
 * assignment is checked up front ({@link Folds}). {@code cvPredictions} are the out-of-fold
 * predictions at the chosen penalty; because the penalty was chosen on the same folds, {@code cvR} is
 * slightly optimistic (one scalar per neuron chosen from the grid).
 *
 * <p>Neurons are solved in blocks ({@link Builder#blockBytes}) that share the decompositions, with the
 * same bits whatever the block size; the responses can be given a block at a time ({@link Targets}).
 *
 * <p>Solver, all in double precision ({@link CrossValidated}): LAPACK's symmetric eigendecomposition
 * and BLAS products on OpenBLAS ({@link Backend#NATIVE}, the default), or the products on the DJL
 * engine, or everything in pure Java on EJML ({@link Backend#EJML}, also the fallback when the native
 * library cannot load).
 */
public final class EncodingModel {

    private final double[] alphas;
    private final int folds;
    private final boolean standardize;
    private final int pcaComponents;
    private final long seed;
    private final Backend backend;
    private final boolean loo;
    private final long blockBytes;

    /** Where the linear algebra runs; every backend gives the same numbers to rounding. */
    public enum Backend {
        /**
         * OpenBLAS/LAPACK through JavaCPP (bundled for Linux x86-64): {@code dsyevd} eigendecomposition,
         * {@code dgemm}/{@code dsyrk} products; EJML, with a one-line notice, if it cannot load. Fastest.
         */
        NATIVE,
        /**
         * Products on the DJL engine's BLAS (PyTorch, float64; loading it costs ~0.3 GB of native
         * memory and ~1 s), eigendecompositions on LAPACK when it loads, else EJML.
         */
        DJL,
        /** Pure Java (EJML), eigendecompositions included: no native library; several times slower. */
        EJML
    }

    private EncodingModel(Builder b) {
        this.alphas = b.alphas.clone();
        this.folds = b.folds;
        this.standardize = b.standardize;
        this.pcaComponents = b.pcaComponents;
        this.seed = b.seed;
        this.backend = b.backend;
        this.loo = b.loo;
        this.blockBytes = b.blockBytes;
    }

    /**
     * Neurons per block are a multiple of this (unless all neurons fit in fewer): BLAS kernels compute
     * the columns of a product in tiles of a few columns, and a block boundary inside a tile can change
     * a product's last bit (seen with OpenBLAS at blocks of 1 neuron); at multiples of 32 every column
     * sits at the same place in its tile as in one block of all neurons.
     */
    static final int BLOCK_ALIGN = 32;

    /** {@link Builder#blockBytes}'s default: 64 MB. */
    public static final long DEFAULT_BLOCK_BYTES = 64L << 20;

    /**
     * @param n training images
     * @param q neurons
     * @return neurons per block under this model's {@link Builder#blockBytes} budget
     */
    public int neuronBlock(int n, int q) {
        long perNeuron = 8L * Math.max(1, n) * (8 + alphas.length);
        long block = blockBytes / perNeuron / BLOCK_ALIGN * BLOCK_ALIGN;
        return (int) Math.max(1, Math.min(q, Math.max(BLOCK_ALIGN, block)));
    }

    private MatMul matMul() {
        return MatMul.of(backend);
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the penalty grid */
    public double[] alphas() {
        return alphas.clone();
    }

    /** @return the number of cross-validation folds (unused with {@link #leaveOneOut()}) */
    public int folds() {
        return folds;
    }

    /** @return whether penalties are chosen by leave-one-out instead of k-fold cross-validation */
    public boolean leaveOneOut() {
        return loo;
    }

    /** Configures an {@link EncodingModel}. */
    public static final class Builder {
        private double[] alphas = logspace(-1, 8, 10);
        private int folds = 5;
        private boolean standardize;
        private int pcaComponents;
        private long seed;
        private Backend backend = Backend.NATIVE;
        private boolean loo;
        private long blockBytes = DEFAULT_BLOCK_BYTES;

        private Builder() {}

        /**
         * The memory budget of one block of neurons: neurons are solved {@code blockBytes / (8 n (8 +
         * n_alphas))} at a time ({@code n} training images), rounded down to a multiple of 32 and at least
         * 32 (or all of them when fewer), so the fit's {@code n × q}
         * buffers (responses, projections, held-out and best predictions, dual coefficients) are
         * {@code n × block}. The decompositions are shared by all blocks; a smaller budget costs only
         * more, smaller products (and the per-block overhead of looping over folds and penalties). The
         * results have the same bits whatever the budget. Default 64 MB.
         *
         * @param bytes the budget, > 0
         * @return this
         */
        public Builder blockBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("blockBytes must be > 0, got " + bytes);
            }
            this.blockBytes = bytes;
            return this;
        }

        /**
         * Chooses each neuron's penalty by exact leave-one-out cross-validation (efficient LOO, as
         * scikit-learn's {@code RidgeCV(cv=None, alpha_per_target=True)}) instead of k-fold. Costs no
         * more than k-fold (with no more images than features, the same one eigendecomposition and one
         * {@code n × n} by {@code n × neurons} product per penalty); the held-out predictions are
         * leave-one-out ones. {@link EncodingModel#fit(double[][], double[][], int[])} still uses the
         * folds it is given.
         *
         * @return this
         */
        public Builder leaveOneOut() {
            this.loo = true;
            return this;
        }

        /** @param b where the linear algebra runs (default NATIVE) @return this */
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

        /** @param k k-fold cross-validation with k >= 2 folds (the default: 5 folds) @return this */
        public Builder folds(int k) {
            if (k < 2) {
                throw new IllegalArgumentException("folds must be >= 2, got " + k);
            }
            this.folds = k;
            this.loo = false;
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
        checkMatrix(responses, "responses", features == null ? -1 : features.length);
        return fit(features, Targets.of(responses));
    }

    /**
     * {@link #fit(double[][], double[][])} with the responses read a block of neurons at a time
     * ({@link Builder#blockBytes}).
     *
     * @param features {@code [n][D]} features of the (preferred-category) training images
     * @param responses {@code [n][n_neurons]} their recorded mean responses, no NaN
     * @return the fitted model
     */
    public FittedEncoding fit(double[][] features, Targets responses) {
        if (loo) {
            int n = features.length;
            int[] each = new int[n];
            for (int i = 0; i < n; i++) {
                each[i] = i;
            }
            return fit(features, responses, each, true);
        }
        return fit(features, responses, kFold(features.length, folds, seed), false);
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
        checkMatrix(responses, "responses", features == null ? -1 : features.length);
        return fit(features, Targets.of(responses), foldOfRow, false);
    }

    private FittedEncoding fit(double[][] features, Targets responses, int[] foldOfRow, boolean loo) {
        int n = features.length;
        int d = checkMatrix(features, "features", -1);
        if (responses.rows() != n) {
            throw new IllegalArgumentException("responses: " + responses.rows() + " rows but there are " + n
                    + " feature rows (one per image)");
        }
        if (responses.columns() == 0) {
            throw new IllegalArgumentException("responses: no neurons");
        }
        Folds assignment = Folds.of(foldOfRow, n);
        Targets checked = checked(responses);
        try (MatMul mm = matMul()) {
            return mm.call(() -> fit(mm, features, checked, d, loo ? null : assignment));
        }
    }

    private FittedEncoding fit(MatMul mm, double[][] features, Targets responses, int d, Folds folds) {
        // the feature transform, estimated once on all training images
        FeatureTransform transform = FeatureTransform.estimate(features, d, standardize, pcaComponents, mm);
        double[][] zRows = transform.apply(features);
        int kz = transform.dimension(d);
        DMatrixRMaj z = toMatrix(zRows, kz);
        zRows = null;
        int q = responses.columns();
        double[] cvR = new double[q];
        CrossValidated cv = CrossValidated.run(mm, z, responses, alphas, folds, neuronBlock(features.length, q));
        // the correlations of the held-out predictions, a block of neurons at a time
        double[][] cvPred = cv.cvPredictions();
        int block = neuronBlock(features.length, q);
        for (int j0 = 0; j0 < q; j0 += block) {
            int j1 = Math.min(q, j0 + block);
            double[][] yb = responses.block(j0, j1);
            double[][] pb = new double[yb.length][];
            for (int i = 0; i < yb.length; i++) {
                pb[i] = java.util.Arrays.copyOfRange(cvPred[i], j0, j1);
            }
            System.arraycopy(FittedEncoding.columnPearson(pb, yb), 0, cvR, j0, j1 - j0);
        }
        return new FittedEncoding(cv.coef(), cv.intercept(), cv.chosen(), transform.scale(), transform.mean(),
                transform.components(), cvPred, cvR);
    }

    /** The responses with every block checked for non-finite values (the message names image and neuron). */
    private static Targets checked(Targets t) {
        return new Targets() {
            @Override
            public int rows() {
                return t.rows();
            }

            @Override
            public int columns() {
                return t.columns();
            }

            @Override
            public double[][] block(int j0, int j1) {
                double[][] b = t.block(j0, j1);
                for (int i = 0; i < b.length; i++) {
                    for (int j = 0; j < b[i].length; j++) {
                        if (!Double.isFinite(b[i][j])) {
                            throw new IllegalArgumentException("responses: non-finite value " + b[i][j] + " at image "
                                    + i + ", column " + (j0 + j) + "; drop images without recorded trials for this "
                                    + "neuron set or fit such neurons separately");
                        }
                    }
                }
                return b;
            }
        };
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
