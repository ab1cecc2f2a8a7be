package io.github.sharedvis.run;

/**
 * One row of {@code summary.csv}: the encoding-model scores of one neuron (docs/method.md §2). Numbers are
 * NaN where the pipeline could not compute them (e.g. reliability without repeats).
 *
 * @param neuron the neuron id as written by the pipeline (any text)
 * @param nPreferred number of preferred-category images the readout was fitted on
 * @param nOoc number of out-of-category images it was evaluated on
 * @param alpha ridge penalty chosen by cross-validation
 * @param rWithinCv Pearson r of cross-validated predictions within the preferred category
 * @param rOoc Pearson r of predictions on the ooc images (generalization, the paper's Fig. 3a)
 * @param pOoc p-value of rOoc
 * @param reliability split-half reliability (Spearman–Brown corrected); NaN without repeats
 * @param r2WithinNorm rWithinCv² / reliability
 * @param r2OocNorm rOoc² / reliability
 * @param meanPreferred mean recorded response to preferred-category images
 * @param meanOoc mean recorded response to ooc images
 */
public record NeuronRow(String neuron, int nPreferred, int nOoc, double alpha, double rWithinCv, double rOoc,
        double pOoc, double reliability, double r2WithinNorm, double r2OocNorm, double meanPreferred,
        double meanOoc) {

    /** @throws IllegalArgumentException when the neuron id is empty */
    public NeuronRow {
        if (neuron.isEmpty()) {
            throw new IllegalArgumentException("column neuron is empty; every row needs a neuron id");
        }
    }

    /** The columns of {@code summary.csv}, in order. */
    public static final RunTable<NeuronRow> TABLE = RunTable.of(NeuronRow.class);
}
