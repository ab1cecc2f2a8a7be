package io.github.sharedvis.pipeline;

import io.github.sharedvis.data.Reliability;
import io.github.sharedvis.readout.EncodingModel;
import io.github.sharedvis.readout.FittedEncoding;
import io.github.sharedvis.readout.Generalization;
import io.github.sharedvis.readout.NeuronScore;
import io.github.sharedvis.readout.Targets;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The one home of how a run fits its readouts and scores its neurons ({@code docs/method.md} §2):
 * the ridge readout on the preferred images with {@code [readout]} alphas, cross-validation (k folds
 * or leave-one-out), standardisation, PCA and the run's seed, then the neurons' scores (cross-validated r within, r ooc, split-half
 * reliability over 100 random splits with the same seed). The fit step and {@code sharedvis compare}
 * (which fits one readout per layer) both call {@link #fit}, so their scores for the same features
 * are the same numbers.
 *
 * @param model the readouts, fitted on the preferred images
 * @param scores one score per neuron, in the response file's order
 */
public record ReadoutFit(FittedEncoding model, List<NeuronScore> scores) {

    /**
     * Predictions of the ooc images held at once for their scores (64 MB: 8 bytes × n_ooc × a block of
     * neurons; each further block of neurons reads the ooc rows of the features once more).
     */
    public static final long OOC_BLOCK_BYTES = 64L << 20;

    /** Random split-halves the reliability is the median over. */
    static final int RELIABILITY_SPLITS = 100;

    /**
     * @param config the run configuration ({@code [readout]} and {@code [run] seed} are read)
     * @param in the run's inputs
     * @param x features of every stimulus {@code [n, D]}, in stimulus order
     * @return the fitted readouts and the scores
     */
    public static ReadoutFit fit(RunConfig config, RunInputs in, double[][] x) {
        return fit(config, in, x, reliability(config, in));
    }

    /**
     * {@link #fit(RunConfig, RunInputs, double[][])} with the reliability already computed (it depends
     * on the responses and the seed, not on the features: computed once for many feature sets).
     *
     * @param config the run configuration
     * @param in the run's inputs
     * @param x features of every stimulus {@code [n, D]}
     * @param reliability {@link #reliability}'s result
     * @return the fitted readouts and the scores
     */
    public static ReadoutFit fit(RunConfig config, RunInputs in, double[][] x, double[] reliability) {
        return fit(config, in, i -> x[i], reliability);
    }

    /**
     * The fit from features read a row at a time (the fit step's memory-mapped float32 features):
     * only the preferred rows are held as doubles ({@code [n_pref, D]}, the readout's one copy), and
     * the ooc images are scored in blocks of neurons ({@link Generalization#streamed}, the bits of the
     * whole-matrix scores), and the responses are widened from the float32 means a block of neurons at
     * a time ({@link RunInputs#targets}; the readout solves neurons in the same kind of blocks), so no
     * {@code [n, D]}, {@code [n_pref, neurons]} or {@code [n_ooc, neurons]} double array of inputs exists.
     *
     * @param config the run configuration
     * @param in the run's inputs
     * @param row features of stimulus i {@code [D]} (a fresh array per call)
     * @param reliability {@link #reliability}'s result
     * @return the fitted readouts and the scores
     */
    public static ReadoutFit fit(RunConfig config, RunInputs in, IntFunction<double[]> row, double[] reliability) {
        RunConfig.Readout ro = config.readout();
        int[] pref = in.preferred();
        double[][] xPref = new double[pref.length][];
        for (int p = 0; p < pref.length; p++) {
            xPref[p] = row.apply(pref[p]);
        }
        Targets yPref = in.targets(pref);
        EncodingModel.Builder spec = EncodingModel.builder().alphas(ro.alphas()).folds(ro.folds())
                .standardize(ro.standardize()).pcaComponents(ro.pca()).seed(config.run().seed());
        FittedEncoding model = (ro.leaveOneOut() ? spec.leaveOneOut() : spec).build().fit(xPref, yPref);
        xPref = null; // collectable before the ooc scores
        int[] ooc = in.ooc();
        Targets yOoc = in.targets(ooc);
        Generalization g = Generalization.streamed(model, i -> row.apply(ooc[i]), yOoc, OOC_BLOCK_BYTES);
        List<NeuronScore> scores = NeuronScore.of(in.responses().neuronIds(), model, yPref, g, yOoc, reliability);
        return new ReadoutFit(model, scores);
    }

    /**
     * @param config the run configuration
     * @param in the run's inputs
     * @return the split-half reliability per neuron (Spearman-Brown corrected), or null without repeats
     */
    public static double[] reliability(RunConfig config, RunInputs in) {
        return in.responses().nRepeats() >= 2
                ? Reliability.splitHalf(in.responses(), RELIABILITY_SPLITS, config.run().seed()) : null;
    }
}
