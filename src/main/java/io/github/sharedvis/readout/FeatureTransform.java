package io.github.sharedvis.readout;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * The feature transform of an {@link EncodingModel}: optional standardisation (divide by the training
 * std, no centring) then optional PCA, estimated once on all training images. It uses no responses, so
 * the cross-validation folds can share it without leaking them. Applying it is {@link FittedEncoding}'s
 * job (the fitted model carries these arrays), so fitting and predicting cannot transform differently.
 *
 * @param scale per-feature divisors, or null without standardisation
 * @param mean the PCA centre, or null without PCA
 * @param components {@code [k][D]} principal axes as rows, or null without PCA
 */
record FeatureTransform(double[] scale, double[] mean, double[][] components) {

    /**
     * @param features {@code [n][d]} the training features
     * @param d features per row
     * @param standardize whether to divide by the training std
     * @param pcaComponents principal components to keep, 0 for none
     * @param mm where the PCA's Gram or covariance product and eigendecomposition run (not closed)
     * @return the transform
     * @throws IllegalArgumentException when more components are asked for than the data have
     */
    static FeatureTransform estimate(double[][] features, int d, boolean standardize, int pcaComponents,
            MatMul mm) {
        int n = features.length;
        double[] scale = standardize ? featureStd(features, d) : null;
        double[] pcaMean = null;
        double[][] components = null;
        if (pcaComponents > 0) {
            if (pcaComponents > Math.min(n - 1, d)) {
                throw new IllegalArgumentException("pcaComponents = " + pcaComponents + " but " + n + " images of "
                        + d + " features have at most " + Math.min(n - 1, d) + " principal components");
            }
            pcaMean = columnMeans(features, d);
            components = principalComponents(features, pcaMean, scale, pcaComponents, mm);
        }
        return new FeatureTransform(scale, pcaMean, components);
    }

    /** @return the transformed rows (the input itself when there is no transform) */
    double[][] apply(double[][] features) {
        if (mean == null && scale == null) {
            return features;
        }
        return new FittedEncoding(new double[0][], new double[0], new double[0], scale, mean, components, null,
                null).transform(features);
    }

    /** @return the transformed dimension, given {@code d} raw features */
    int dimension(int d) {
        return components != null ? components.length : d;
    }

    private static double[] columnMeans(double[][] a, int d) {
        double[] m = new double[d];
        for (double[] row : a) {
            for (int j = 0; j < d; j++) {
                m[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            m[j] /= a.length;
        }
        return m;
    }

    /** Population standard deviation per feature; 1 where a feature is constant (as scikit-learn). */
    private static double[] featureStd(double[][] a, int d) {
        double[] mean = columnMeans(a, d);
        double[] var = new double[d];
        for (double[] row : a) {
            for (int j = 0; j < d; j++) {
                double e = row[j] - mean[j];
                var[j] += e * e;
            }
        }
        double[] sd = new double[d];
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(var[j] / a.length);
            if (!(sd[j] > 1e-12 * Math.max(1, Math.abs(mean[j])))) {
                sd[j] = 1.0;
            }
        }
        return sd;
    }

    /**
     * The top principal axes of {@code (f − mean) / scale}, as orthonormal rows, largest variance
     * first; each axis's sign makes its largest-magnitude entry positive (deterministic).
     */
    private static double[][] principalComponents(double[][] f, double[] mean, double[] scale, int k,
            MatMul mm) {
        int n = f.length;
        int d = mean.length;
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x.data[i * d + j] = (f[i][j] - mean[j]) / (scale == null ? 1 : scale[j]);
            }
        }
        boolean gramForm = n < d;
        DMatrixRMaj g = gramForm ? mm.mult(x, false, x, true) : mm.mult(x, true, x, false);
        RidgeSpectrum.Eigen e = mm.eigh(g);
        Integer[] order = new Integer[e.values().length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(e.values()[b], e.values()[a]));
        double[][] comps = new double[k][d];
        int m = g.numRows;
        for (int c = 0; c < k; c++) {
            int col = order[c];
            double[] axis = comps[c];
            if (gramForm) {
                // right singular vector v = Xᵀ u / ‖Xᵀ u‖
                for (int i = 0; i < n; i++) {
                    double u = e.vectors().data[i * m + col];
                    for (int j = 0; j < d; j++) {
                        axis[j] += x.data[i * d + j] * u;
                    }
                }
            } else {
                for (int j = 0; j < d; j++) {
                    axis[j] = e.vectors().data[j * m + col];
                }
            }
            double norm = 0;
            int argmax = 0;
            for (int j = 0; j < d; j++) {
                norm += axis[j] * axis[j];
                if (Math.abs(axis[j]) > Math.abs(axis[argmax])) {
                    argmax = j;
                }
            }
            double sign = axis[argmax] < 0 ? -1 : 1;
            norm = Math.sqrt(norm);
            if (!(norm > 0)) {
                throw new IllegalArgumentException("PCA: component " + (c + 1) + " has no variance; ask for fewer "
                        + "components");
            }
            for (int j = 0; j < d; j++) {
                axis[j] *= sign / norm;
            }
        }
        return comps;
    }
}
