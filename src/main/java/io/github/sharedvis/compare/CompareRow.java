package io.github.sharedvis.compare;

import io.github.sharedvis.run.RunTable;

/**
 * One row of {@code compare/compare.csv}: the encoding-model scores of one neuron with the readout
 * fitted on one node of one network (the columns of {@code summary.csv}'s scores, computed by the same
 * code, plus which node is the neuron's best).
 *
 * @param model the model string
 * @param layer the node's full name
 * @param label the short label figures use
 * @param neuron the neuron id
 * @param runLayer 1 for the config's own {@code [backbone] model} and {@code layer} (its scores are
 *     {@code summary.csv}'s), else 0
 * @param dims the number of features D the readout read at this node (after pooling)
 * @param alpha the ridge penalty chosen by cross-validation
 * @param rWithinCv Pearson r of cross-validated predictions within the preferred category
 * @param rOoc Pearson r of predictions on the ooc images
 * @param pOoc p-value of rOoc
 * @param reliability split-half reliability (Spearman-Brown corrected; the ceiling), NaN without repeats
 * @param r2WithinNorm rWithinCv² / reliability
 * @param r2OocNorm rOoc² / reliability
 * @param bestWithin 1 on the node with the neuron's highest r_within_cv over all compared nodes, else 0
 * @param bestOoc 1 on the node with the neuron's highest r_ooc, else 0
 */
public record CompareRow(String model, String layer, String label, String neuron, int runLayer, int dims,
        double alpha, double rWithinCv, double rOoc, double pOoc, double reliability, double r2WithinNorm,
        double r2OocNorm, int bestWithin, int bestOoc) {

    /** The columns of {@code compare.csv}, in order. */
    public static final RunTable<CompareRow> TABLE = RunTable.of(CompareRow.class);
}
