package io.github.sharedvis.compare;

import io.github.sharedvis.run.RunTable;

/**
 * One row of {@code compare/agreement-summary.csv}: the agreement of two nodes over every map of every
 * pair (both images).
 *
 * @param layerA the first node, {@code model#node}
 * @param layerB the second node
 * @param maps the number of map pairs compared
 * @param medianSpearman median Spearman rank correlation
 * @param medianTopOverlap median top-10% overlap (chance: 0.1)
 */
public record AgreementSummaryRow(String layerA, String layerB, int maps, double medianSpearman,
        double medianTopOverlap) {

    /** The columns of {@code agreement-summary.csv}, in order. */
    public static final RunTable<AgreementSummaryRow> TABLE = RunTable.of(AgreementSummaryRow.class);
}
