package io.github.sharedvis.readout;

import java.util.ArrayList;
import java.util.List;

/**
 * One neuron's encoding-model report: everything the population figures (Fig. 3a/3b) need.
 *
 * <p>Normalised scores are {@code r² / reliability}, the fraction of the explainable variance the
 * model explains; they are reported beside the raw r, unclipped (they can exceed 1 or be NaN when
 * the reliability is small, non-positive or unknown); clip with {@link #clipForDisplay} only for display.
 *
 * @param neuron the neuron id
 * @param nPreferred the number of preferred-category images the model was fitted on
 * @param nOoc the number of out-of-category images it was tested on
 * @param alpha the chosen ridge penalty
 * @param rWithin within-category accuracy: r of cross-validated predictions (preferred images)
 * @param rOoc generalization: r of the full model's predictions on the ooc images
 * @param pOoc two-sided p-value of {@code rOoc}
 * @param reliability the neuron's reliability (split-half Spearman-Brown or between sessions); NaN if unknown
 * @param rWithinNormalised {@code rWithin² / reliability}
 * @param rOocNormalised {@code rOoc² / reliability}
 * @param meanPreferred the mean recorded response to the preferred-category images
 * @param meanOoc the mean recorded response to the ooc images
 */
public record NeuronScore(
        String neuron,
        int nPreferred,
        int nOoc,
        double alpha,
        double rWithin,
        double rOoc,
        double pOoc,
        double reliability,
        double rWithinNormalised,
        double rOocNormalised,
        double meanPreferred,
        double meanOoc) {

    /**
     * Builds the scores of all neurons.
     *
     * @param neuronIds {@code [n_neurons]} ids
     * @param model the model fitted on the preferred images
     * @param responsesPreferred {@code [n_pref][n_neurons]} recorded responses the model was fitted on
     * @param featuresOoc {@code [n_ooc][D]}
     * @param responsesOoc {@code [n_ooc][n_neurons]}
     * @param reliability {@code [n_neurons]}, or null when unknown
     * @return one score per neuron, in neuron order
     */
    public static List<NeuronScore> of(List<String> neuronIds, FittedEncoding model, double[][] responsesPreferred,
            double[][] featuresOoc, double[][] responsesOoc, double[] reliability) {
        return of(neuronIds, model, responsesPreferred, Generalization.of(model, featuresOoc, responsesOoc),
                responsesOoc, reliability);
    }

    /**
     * {@link #of(List, FittedEncoding, double[][], double[][], double[][], double[])} with the ooc scores
     * already computed (e.g. by {@link Generalization#streamed}).
     *
     * @param neuronIds {@code [n_neurons]} ids
     * @param model the model fitted on the preferred images
     * @param responsesPreferred {@code [n_pref][n_neurons]} recorded responses the model was fitted on
     * @param g the model's generalization to the ooc images
     * @param responsesOoc {@code [n_ooc][n_neurons]}
     * @param reliability {@code [n_neurons]}, or null when unknown
     * @return one score per neuron, in neuron order
     */
    public static List<NeuronScore> of(List<String> neuronIds, FittedEncoding model, double[][] responsesPreferred,
            Generalization g, double[][] responsesOoc, double[] reliability) {
        return of(neuronIds, model, Targets.of(responsesPreferred), g, Targets.of(responsesOoc), reliability);
    }

    /**
     * {@link #of(List, FittedEncoding, double[][], Generalization, double[][], double[])} with the
     * responses read a block of neurons at a time (for the mean responses), the same numbers.
     *
     * @param neuronIds {@code [n_neurons]} ids
     * @param model the model fitted on the preferred images
     * @param responsesPreferred {@code [n_pref][n_neurons]} recorded responses the model was fitted on
     * @param g the model's generalization to the ooc images
     * @param responsesOoc {@code [n_ooc][n_neurons]}
     * @param reliability {@code [n_neurons]}, or null when unknown
     * @return one score per neuron, in neuron order
     */
    public static List<NeuronScore> of(List<String> neuronIds, FittedEncoding model, Targets responsesPreferred,
            Generalization g, Targets responsesOoc, double[] reliability) {
        int nn = model.nNeurons();
        if (neuronIds.size() != nn) {
            throw new IllegalArgumentException(neuronIds.size() + " neuron ids for a model of " + nn + " neurons");
        }
        if (reliability != null && reliability.length != nn) {
            throw new IllegalArgumentException(reliability.length + " reliabilities for " + nn + " neurons");
        }
        double[] meanPref = columnMeans(responsesPreferred);
        double[] meanOoc = columnMeans(responsesOoc);
        List<NeuronScore> out = new ArrayList<>(nn);
        for (int n = 0; n < nn; n++) {
            double rel = reliability == null ? Double.NaN : reliability[n];
            double rw = model.cvR()[n];
            out.add(new NeuronScore(neuronIds.get(n), responsesPreferred.rows(), responsesOoc.rows(), model.alpha()[n],
                    rw, g.r()[n], g.p()[n], rel, normalised(rw, rel), normalised(g.r()[n], rel),
                    meanPref[n], meanOoc[n]));
        }
        return out;
    }

    /**
     * @param r a correlation
     * @param reliability the noise ceiling
     * @return {@code r² / reliability}; NaN when the reliability is not positive or unknown
     */
    public static double normalised(double r, double reliability) {
        return reliability > 0 ? r * r / reliability : Double.NaN;
    }

    /** @param v a normalised score @return v clipped to [0, 1] (NaN stays NaN), for display only */
    public static double clipForDisplay(double v) {
        return Double.isNaN(v) ? v : Math.max(0, Math.min(1, v));
    }

    /** Mean of each column over its non-NaN rows, 256 neurons at a time. */
    private static double[] columnMeans(Targets y) {
        int q = y.columns();
        double[] out = new double[q];
        for (int j0 = 0; j0 < q; j0 += 256) {
            int j1 = Math.min(q, j0 + 256);
            double[][] b = y.block(j0, j1);
            for (int j = j0; j < j1; j++) {
                double s = 0;
                int k = 0;
                for (double[] row : b) {
                    if (!Double.isNaN(row[j - j0])) {
                        s += row[j - j0];
                        k++;
                    }
                }
                out[j] = k == 0 ? Double.NaN : s / k;
            }
        }
        return out;
    }
}
