/**
 * Parallel backpropagation ({@code docs/method.md}, section 4; Lappe et al., "Parallel
 * Backpropagation for Shared-Feature Visualization", NeurIPS 2024, arXiv 2405.09827): one shared
 * output weighting {@code v} for a pair of images and one vector-Jacobian product per image, batched
 * over pairs and neurons. {@link io.github.sharedvis.attribution.SharedSaliency} is the entry point.
 *
 * <p>May depend on: {@code backbone} (the feature function and its gradients), {@code util}.
 */
package io.github.sharedvis.attribution;
