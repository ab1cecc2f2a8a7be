/**
 * Whether the maps are right: the planted-feature benchmark with simulated neurons of known ground
 * truth, its single-image baselines (gradient, Grad-CAM), scores (mass in the planted region,
 * deletion, retrieval), the cascading-randomisation sanity check, and the development/held-out
 * validation that runs the shipped pipeline ({@code docs/validation.md}).
 *
 * <p>May depend on: {@code attribution}, {@code backbone}, {@code backbone.tfjs}, {@code data},
 * {@code pairing}, {@code pipeline}, {@code readout}, {@code report}, {@code run}, {@code stats},
 * {@code synthetic}, {@code util}.
 */
package io.github.sharedvis.evaluation;
