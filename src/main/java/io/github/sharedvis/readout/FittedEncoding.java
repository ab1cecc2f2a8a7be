package io.github.sharedvis.readout;

import io.github.sharedvis.stats.Stats;

/**
 * A fitted encoding model: one linear readout per neuron, {@code r̂_n(x) = coef[n] · z(f(x)) + intercept[n]},
 * with the feature transform {@code z} it was fitted on. Immutable by convention (the arrays are
 * not copied: do not modify them).
 *
 * <p>The transform, exactly what {@code coef} applies to (the pipeline re-implements it in NDArray
 * ops so gradients flow through it):
 * <pre>
 *   z = ((f − pcaMean) / featureScale) · pcaComponentsᵀ
 * </pre>
 * where each part is optional: without PCA {@code pcaMean} and {@code pcaComponents} are null and
 * {@code z = f / featureScale}; without standardisation {@code featureScale} is null (no division).
 * Standardisation divides by the training-set standard deviation (population, ddof = 0; 1 where a
 * feature is constant) WITHOUT centring; {@code pcaMean} is the training mean of the raw features,
 * so {@code (f − pcaMean) / featureScale} is the centred standardised feature the principal
 * components were computed from. Ridge centres internally; the centring lives in {@code intercept}.
 *
 * @param coef {@code [n_neurons][K]} readout weights on z ({@code K = D} without PCA)
 * @param intercept {@code [n_neurons]}
 * @param alpha {@code [n_neurons]} the ridge penalty chosen for each neuron by cross-validation
 * @param featureScale {@code [D]} or null
 * @param pcaMean {@code [D]} or null
 * @param pcaComponents {@code [K][D]} orthonormal rows, or null
 * @param cvPredictions {@code [n_train][n_neurons]} out-of-fold predictions of the training
 *     (preferred-category) images at each neuron's chosen alpha
 * @param cvR {@code [n_neurons]} Pearson r between {@code cvPredictions} and the recorded responses:
 *     the within-category accuracy
 */
public record FittedEncoding(
        double[][] coef,
        double[] intercept,
        double[] alpha,
        double[] featureScale,
        double[] pcaMean,
        double[][] pcaComponents,
        double[][] cvPredictions,
        double[] cvR) {

    /** @return the number of neurons */
    public int nNeurons() {
        return coef.length;
    }

    /** @return D, the number of raw features the model takes */
    public int nFeatures() {
        if (pcaComponents != null) {
            return pcaComponents[0].length;
        }
        if (featureScale != null) {
            return featureScale.length;
        }
        return coef.length == 0 ? 0 : coef[0].length;
    }

    /**
     * Maps raw features to what {@code coef} applies to (see the class comment).
     *
     * @param features {@code [n][D]}
     * @return {@code [n][K]}
     */
    public double[][] transform(double[][] features) {
        double[][] out = new double[features.length][];
        for (int i = 0; i < features.length; i++) {
            out[i] = transform(features[i], i);
        }
        return out;
    }

    /**
     * {@link #transform(double[][])} of one row: the same arithmetic, so the same bits.
     *
     * @param features {@code [D]} raw features of one image
     * @return {@code [K]}, a new array
     */
    public double[] transform(double[] features) {
        return transform(features, 0);
    }

    private double[] transform(double[] f, int row) {
        int d = nFeatures();
        if (f.length != d) {
            throw new IllegalArgumentException("features row " + row + " has " + f.length + " values, the model "
                    + "was fitted on " + d);
        }
        double[] x = f.clone();
        if (pcaMean != null) {
            for (int k = 0; k < d; k++) {
                x[k] -= pcaMean[k];
            }
        }
        if (featureScale != null) {
            for (int k = 0; k < d; k++) {
                x[k] /= featureScale[k];
            }
        }
        if (pcaComponents != null) {
            double[] z = new double[pcaComponents.length];
            for (int c = 0; c < z.length; c++) {
                double s = 0;
                double[] comp = pcaComponents[c];
                for (int k = 0; k < d; k++) {
                    s += x[k] * comp[k];
                }
                z[c] = s;
            }
            x = z;
        }
        return x;
    }

    /**
     * One neuron's predicted response from transformed features: one entry of {@link #predict}, the same
     * arithmetic, so the same bits.
     *
     * @param z {@code [K]} transformed features of one image ({@link #transform(double[])})
     * @param neuron the neuron's row in {@code coef}
     * @return {@code coef[neuron] · z + intercept[neuron]}
     */
    public double predictTransformed(double[] z, int neuron) {
        double s = intercept[neuron];
        double[] w = coef[neuron];
        for (int k = 0; k < w.length; k++) {
            s += w[k] * z[k];
        }
        return s;
    }

    /**
     * Predicted responses.
     *
     * @param features {@code [n][D]} raw features
     * @return {@code [n][n_neurons]}
     */
    public double[][] predict(double[][] features) {
        double[][] z = transform(features);
        double[][] out = new double[z.length][coef.length];
        for (int i = 0; i < z.length; i++) {
            for (int n = 0; n < coef.length; n++) {
                out[i][n] = predictTransformed(z[i], n);
            }
        }
        return out;
    }

    /**
     * Pearson r between predicted and recorded responses, per neuron.
     *
     * @param features {@code [n][D]}
     * @param responses {@code [n][n_neurons]}
     * @return {@code [n_neurons]}
     */
    public double[] score(double[][] features, double[][] responses) {
        return columnPearson(predict(features), responses);
    }

    static double[] columnPearson(double[][] a, double[][] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " predictions for " + b.length + " response rows");
        }
        int nn = a.length == 0 ? 0 : a[0].length;
        double[] out = new double[nn];
        double[] x = new double[a.length];
        double[] y = new double[a.length];
        for (int n = 0; n < nn; n++) {
            for (int i = 0; i < a.length; i++) {
                x[i] = a[i][n];
                y[i] = b[i][n];
            }
            out[n] = Stats.pearson(x, y);
        }
        return out;
    }
}
