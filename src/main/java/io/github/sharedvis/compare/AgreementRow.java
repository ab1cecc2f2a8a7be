package io.github.sharedvis.compare;

import io.github.sharedvis.run.RunTable;

/**
 * One row of {@code compare/agreement.csv}: how alike the maps of one image of one (ooc, reference)
 * pair are when computed at two nodes ({@link MapAgreement}).
 *
 * @param neuron the neuron id
 * @param rank the pair's rank (1 = the neuron's strongest ooc image), as in the run's pairs.csv
 * @param oocId the ooc image's stimulus id
 * @param referenceId the reference image's stimulus id
 * @param image {@code ooc} or {@code reference}: which image of the pair the two maps are of
 * @param layerA the first node, {@code model#node}
 * @param layerB the second node
 * @param spearman Spearman rank correlation of the two pixel maps on the common grid
 * @param topOverlap the fraction of layer A's top-10% pixels that are among layer B's top 10%
 *     (chance: 0.1)
 */
public record AgreementRow(String neuron, int rank, String oocId, String referenceId, String image, String layerA,
        String layerB, double spearman, double topOverlap) {

    /** The columns of {@code agreement.csv}, in order. */
    public static final RunTable<AgreementRow> TABLE = RunTable.of(AgreementRow.class);
}
