package io.github.sharedvis.run;

import java.util.List;

/**
 * One row of {@code pairs.csv}: an explained ooc image of a neuron and its reference image (docs/method.md §3–4).
 * Paths are relative to the run directory; see {@link RunFiles#resolve}.
 *
 * @param neuron the neuron id
 * @param rank 1 for the neuron's strongest ooc image, 2 for the next, ...
 * @param oocId stimulus id of the ooc image
 * @param oocCategory its category
 * @param oocImage model-geometry RGB PNG of the ooc image (H × W), relative path
 * @param referenceId stimulus id of the reference (preferred-category) image
 * @param referenceCategory its category
 * @param referenceImage model-geometry RGB PNG of the reference image, relative path
 * @param similarity neuron-specific similarity sim_n(ooc, reference)
 * @param oocRecorded recorded response to the ooc image
 * @param oocPredicted predicted response to the ooc image
 * @param referenceRecorded recorded response to the reference image
 * @param referencePredicted predicted response to the reference image
 * @param mapOoc raw saliency of the ooc image, .npy float32 [3, H, W], relative path ("" = none)
 * @param mapReference raw saliency of the reference image, relative path ("" = none)
 * @param referenceCandidates the top-m candidate references with their similarities, best first (the
 *     first is the reference)
 */
public record PairRow(String neuron, int rank, String oocId, String oocCategory, @RelativePath String oocImage,
        String referenceId, String referenceCategory, @RelativePath String referenceImage, double similarity,
        double oocRecorded, double oocPredicted, double referenceRecorded, double referencePredicted,
        @RelativePath(required = false) String mapOoc, @RelativePath(required = false) String mapReference,
        List<ReferenceCandidate> referenceCandidates) {

    /** The columns of {@code pairs.csv}, in order. */
    public static final RunTable<PairRow> TABLE = RunTable.of(PairRow.class);

    /**
     * Copies the candidate list, so a row is immutable.
     *
     * @throws IllegalArgumentException when the rank is below 1
     */
    public PairRow {
        if (rank < 1) {
            throw new IllegalArgumentException("column rank must be >= 1 (1 = the neuron's strongest ooc image), got "
                    + rank);
        }
        referenceCandidates = List.copyOf(referenceCandidates);
    }
}
