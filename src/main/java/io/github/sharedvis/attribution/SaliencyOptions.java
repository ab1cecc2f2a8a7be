package io.github.sharedvis.attribution;

/**
 * The options of a {@link SharedSaliency}, as its {@link SharedSaliency.Builder} checked them.
 *
 * @param weighting the shared weighting
 * @param referencePoint the reference point of "shared", or null for {@code c = 0}, {@code s = 1}
 * @param method the attribution method
 * @param steps Integrated-Gradients steps
 * @param baseline the Integrated-Gradients baseline
 * @param samples SmoothGrad samples
 * @param noiseStd an absolute SmoothGrad noise std, or NaN to use {@code noiseLevel}
 * @param noiseLevel the SmoothGrad noise std relative to each image's value range
 * @param seed the SmoothGrad noise seed
 * @param internalBatchSize the maximum number of images per forward/backward pass
 */
record SaliencyOptions(Weighting weighting, ReferencePoint referencePoint, AttributionMethod method, int steps,
        Baseline baseline, int samples, double noiseStd, double noiseLevel, long seed, int internalBatchSize) {}
