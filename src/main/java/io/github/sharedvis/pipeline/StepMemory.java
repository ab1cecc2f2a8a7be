package io.github.sharedvis.pipeline;

import io.github.sharedvis.data.Trials;
import io.github.sharedvis.readout.EncodingModel;

/**
 * The heap each step of a run needs, in bytes: the one home of the formulas that
 * {@code docs/cluster.md} ("Memory per step") explains, that {@code sharedvis plan} asks the
 * scheduler for, and that {@code benchmarks/scale.sh} compares with the measured live heap. Counts the
 * large arrays only (not the JVM, the engine's native memory, or the pages of memory-mapped files,
 * which the OS can drop: {@code features/features.npy} and a file-backed response store).
 *
 * <ul>
 *   <li>responses ({@link Trials}): {@code 4 n q r} bytes, plus {@code 4 n q} for the means when
 *       {@code r > 1}; on the heap only when {@link #fileBacked} is false (a run keeps a store of
 *       {@link Trials#MAP_BYTES} or more in a scratch file in its folder);</li>
 *   <li>extract: {@code 4 n D} (the extractor's rows);</li>
 *   <li>fit: {@code 8 P D} (preferred rows) {@code + 8 P K} (the readout's matrix; {@code + 8 P K} with
 *       standardisation or PCA) + the decompositions ({@code 24 P²} when {@code P <= K}: Gram matrix,
 *       eigenvectors, workspace, and with k folds and more than one block of neurons
 *       {@code 8 P² n_alphas / k} for the folds' kept {@code G_BB}; else {@code (8 (folds + 1) + 16) K² + 8 P K}: the folds' and the final
 *       spectra, the folds' projections) {@code + 8 P q} (cross-validated predictions) {@code + 8 K q}
 *       (coefficients) + one block of neurons ({@link EncodingModel#DEFAULT_BLOCK_BYTES}) + two blocks of
 *       ooc scores ({@link ReadoutFit#OOC_BLOCK_BYTES}: predictions and responses) {@code + 2048 n} (mean
 *       responses, 256 neurons at a time);</li>
 *   <li>explain: {@code 4 P K} (preferred rows, float32) {@code + 24 K q} (the readout while read:
 *       bytes, flat doubles, rows; {@code 8 K q} after) {@code + 1024 × 8 K} (kept rows) + the pooled
 *       group's images ({@link ExplainStep#POOL_IMAGES} {@code × 12 H W}) + the maps waiting to be written
 *       ({@link ExplainStep#PENDING_WRITES} {@code × 12 H W}).</li>
 * </ul>
 *
 * @param n stimuli
 * @param preferred P, the preferred-category stimuli
 * @param features D, the features per stimulus
 * @param dims K, the readout's dimensions (D, or the PCA components)
 * @param neurons q
 * @param repeats r, the repeat slots
 * @param folds cross-validation folds (5 for leave-one-out's estimate too)
 * @param alphas the penalties of the grid
 * @param transform whether the readout standardises or projects the features
 * @param mapPixels H × W of the explanation maps
 * @param fileBacked whether the responses live in a scratch file (a run's default when they are at
 *     least {@link Trials#MAP_BYTES})
 */
public record StepMemory(long n, long preferred, long features, long dims, long neurons, long repeats, long folds,
        long alphas, boolean transform, long mapPixels, boolean fileBacked) {

    /**
     * A run's estimate: the responses file-backed when they reach {@link Trials#MAP_BYTES}.
     *
     * @param n stimuli
     * @param preferred preferred stimuli
     * @param features D
     * @param neurons q
     * @param repeats r
     * @param alphas the penalties of the grid
     * @return the estimate, no transform, K = D, 5 folds, 224 × 224 maps
     */
    public static StepMemory of(long n, long preferred, long features, long neurons, long repeats, long alphas) {
        long resp = 4 * n * neurons * repeats;
        return new StepMemory(n, preferred, features, features, neurons, repeats, 5, alphas, false, 224 * 224,
                resp >= Trials.MAP_BYTES);
    }

    /** @return bytes of the response store and its means, wherever they live */
    public long responses() {
        return 4 * n * neurons * repeats + (repeats > 1 ? 4 * n * neurons : 0);
    }

    private long heapResponses() {
        return fileBacked ? 0 : responses();
    }

    /** @return heap bytes of the extract step */
    public long extract() {
        return 4 * n * features;
    }

    /** @return heap bytes of the fit step */
    public long fit() {
        long p = preferred;
        long k = dims;
        boolean several = neurons > EncodingModel.builder().alphas(grid()).build().neuronBlock((int) p, (int) neurons);
        long solver = p <= k ? 24 * p * p + (several ? 8 * p * p * alphas / folds : 0)
                : (8 * (folds + 1) + 16) * k * k + 8 * p * k;
        return heapResponses() + 8 * p * features + 8 * p * k * (transform ? 2 : 1) + solver + 8 * p * neurons
                + 8 * k * neurons + EncodingModel.DEFAULT_BLOCK_BYTES + 2 * ReadoutFit.OOC_BLOCK_BYTES + 2048 * n;
    }

    private double[] grid() {
        double[] a = new double[(int) Math.max(1, alphas)];
        java.util.Arrays.fill(a, 1);
        return a;
    }

    /** @return heap bytes of the explain step */
    public long explain() {
        return heapResponses() + 4 * preferred * dims + 24 * dims * neurons + 1024 * 8 * dims
                + (long) (ExplainStep.POOL_IMAGES + ExplainStep.PENDING_WRITES) * 12 * mapPixels;
    }
}
