package io.github.sharedvis.evaluation;

/**
 * One planted pair's scores, a row of {@code planted.csv}. Per-method arrays hold the
 * {@link PlantedFeatureBenchmark.Variant}s in order, then {@link PlantedFeatureBenchmark#BASELINES}
 * ({@code [variants + baselines]}); per-variant arrays hold the variants only ({@code [variants]}).
 *
 * @param neuron neuron id
 * @param background the stimulus set's label
 * @param patchFraction the patch's area over the image's
 * @param target out-of-category stimulus id
 * @param targetCategory its category
 * @param source preferred stimulus id the patch was cut from
 * @param region where the patch is in the planted image
 * @param sourceRegion where it was cut from in the source
 * @param rateBefore the synthetic neuron's true rate to the target
 * @param rateAfter its true rate to the planted image
 * @param predictedBefore the readout's prediction for the target
 * @param predictedAfter its prediction for the planted image
 * @param nPreferred how many preferred images the reference search ranks
 * @param sourceRank 1-based rank of the source among them, per variant
 * @param similarity sim(planted, retrieved reference) per variant
 * @param oocMass positive map mass inside the planted region, per method
 * @param oocMassSmoothed the same after smoothing with a Gaussian of {@code smoothSigma} pixels
 * @param oocHit pointing game on the planted image (0/1), per method
 * @param referenceMass with the reference forced to the source: mass of the source's map inside
 *     the source region, per method
 * @param referenceHit pointing game on the source, per method
 * @param aucSimilarity deletion AUC of the first variant's similarity to its reference, per method (NaN when off)
 * @param aucResponse deletion AUC of (r̂(x_t) − r̂(x_0)) / sd of r̂ over the preferred images, per method
 */
public record PlantedPair(String neuron, String background, double patchFraction, String target,
        String targetCategory, String source, Region region, Region sourceRegion, double rateBefore,
        double rateAfter, double predictedBefore, double predictedAfter, int nPreferred, int[] sourceRank,
        double[] similarity, double[] oocMass, double[] oocMassSmoothed, int[] oocHit, double[] referenceMass,
        int[] referenceHit, double[] aucSimilarity, double[] aucResponse) {}
