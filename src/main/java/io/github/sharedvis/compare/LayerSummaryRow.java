package io.github.sharedvis.compare;

import io.github.sharedvis.run.RunTable;

/**
 * One row of {@code compare/compare-summary.csv}: the population at one node.
 *
 * @param model the model string
 * @param layer the node's full name
 * @param label the short label
 * @param neurons the number of neurons
 * @param medianRWithinCv median over neurons of r_within_cv (NaN scores left out)
 * @param medianROoc median of r_ooc
 * @param medianR2WithinNorm median of r_within_cv² / reliability
 * @param medianR2OocNorm median of r_ooc² / reliability
 * @param bestWithin how many neurons have their highest r_within_cv here
 * @param bestOoc how many neurons have their highest r_ooc here
 */
public record LayerSummaryRow(String model, String layer, String label, int neurons, double medianRWithinCv,
        double medianROoc, double medianR2WithinNorm, double medianR2OocNorm, int bestWithin, int bestOoc) {

    /** The columns of {@code compare-summary.csv}, in order. */
    public static final RunTable<LayerSummaryRow> TABLE = RunTable.of(LayerSummaryRow.class);
}
