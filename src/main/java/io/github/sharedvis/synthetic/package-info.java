/**
 * Simulated neurons with known ground truth: generated stimuli (body-localizer silhouettes, a
 * face-localizer set with face-like objects), neurons that read a chosen subset of a backbone's
 * features, their selectivity (d'), Poisson recordings of them, and the simulation that writes a stimulus
 * manifest and a response file as a lab would.
 *
 * <p>May depend on: {@code backbone}, {@code data}, {@code util}.
 */
package io.github.sharedvis.synthetic;
