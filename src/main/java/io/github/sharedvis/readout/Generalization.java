package io.github.sharedvis.readout;

import io.github.sharedvis.stats.Stats;
import java.util.function.IntFunction;

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

    /**
     * {@link #of} with the ooc features read a row at a time, for feature matrices too large to hold:
     * the predictions are made for a block of neurons at a time over all ooc images (each block reads
     * and transforms every row again), so at most {@code 8 × n_ooc × block} bytes of predictions and
     * one transformed row are held. The arithmetic per prediction and per correlation is
     * {@link FittedEncoding#predict}'s and {@link #of}'s, so the scores have the same bits.
     *
     * @param model the model fitted on the preferred-category images
     * @param featureRow row {@code i} of the ooc features {@code [D]}, {@code 0 <= i < responsesOoc.length}
     *     (e.g. widened from a memory-mapped float32 matrix)
     * @param responsesOoc {@code [n_ooc][n_neurons]} recorded (mean) responses
     * @param blockBytes the budget of one block of predictions, bytes; costs one pass over the rows per
     *     {@code blockBytes / (8 × n_ooc)} neurons (at least one neuron per pass)
     * @return r and p per neuron
     */
    public static Generalization streamed(FittedEncoding model, IntFunction<double[]> featureRow,
            double[][] responsesOoc, long blockBytes) {
        return streamed(model, featureRow, Targets.of(responsesOoc), blockBytes);
    }

    /**
     * {@link #streamed(FittedEncoding, IntFunction, double[][], long)} with the recorded responses also
     * read a block of neurons at a time (the same blocks as the predictions: {@code 8 × n_ooc × block}
     * bytes of them more), the same bits.
     *
     * @param model the model fitted on the preferred-category images
     * @param featureRow row {@code i} of the ooc features {@code [D]}
     * @param responsesOoc {@code [n_ooc][n_neurons]} recorded (mean) responses
     * @param blockBytes the budget of one block of predictions, bytes
     * @return r and p per neuron
     */
    public static Generalization streamed(FittedEncoding model, IntFunction<double[]> featureRow,
            Targets responsesOoc, long blockBytes) {
        int n = responsesOoc.rows();
        int q = model.nNeurons();
        int block = (int) Math.max(1, Math.min(q, blockBytes / (8L * Math.max(1, n))));
        double[] r = new double[q];
        double[] p = new double[q];
        double[][] pred = new double[block][n];
        double[] y = new double[n];
        for (int j0 = 0; j0 < q; j0 += block) {
            int j1 = Math.min(q, j0 + block);
            for (int i = 0; i < n; i++) {
                double[] z = model.transform(featureRow.apply(i));
                for (int j = j0; j < j1; j++) {
                    pred[j - j0][i] = model.predictTransformed(z, j);
                }
            }
            double[][] yb = responsesOoc.block(j0, j1);
            for (int j = j0; j < j1; j++) {
                for (int i = 0; i < n; i++) {
                    y[i] = yb[i][j - j0];
                }
                r[j] = Stats.pearson(pred[j - j0], y);
                p[j] = Stats.pearsonP(r[j], n);
            }
        }
        return new Generalization(r, p);
    }
}
