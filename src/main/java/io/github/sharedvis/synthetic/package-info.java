/**
 * Simulated neurons with known ground truth: silhouette stimuli, neurons that read a chosen subset of
 * a backbone's features, Poisson recordings of them, and the simulation that writes a stimulus
 * manifest and a response file as a lab would.
 *
 * <p>May depend on: {@code backbone}, {@code data}, {@code util}.
 */
package io.github.sharedvis.synthetic;
