package io.github.sharedvis.readout;

import io.github.sharedvis.stats.Stats;

/**
 * How well readouts fitted on preferred-category images predict the responses to out-of-category
 * (ooc) images: the paper's generalization test (Fig. 3a).
 *
 * @param r {@code [n_neurons]} Pearson r between predicted and recorded ooc responses
 * @param p {@code [n_neurons]} two-sided p-value of r (t-test, {@code n_ooc − 2} degrees of freedom)
 */
public record Generalization(double[] r, double[] p) {

    /**
     * Scores a fitted model on ooc images.
     *
     * @param model the model fitted on the preferred-category images
     * @param featuresOoc {@code [n_ooc][D]}
     * @param responsesOoc {@code [n_ooc][n_neurons]} recorded (mean) responses
     * @return r and p per neuron
     */
    public static Generalization of(FittedEncoding model, double[][] featuresOoc, double[][] responsesOoc) {
        double[] r = model.score(featuresOoc, responsesOoc);
        double[] p = new double[r.length];
        for (int n = 0; n < r.length; n++) {
            p[n] = Stats.pearsonP(r[n], responsesOoc.length);
        }
        return new Generalization(r, p);
    }
}
