/**
 * Encoding models (method section 2): per-neuron ridge readouts of network features fitted on the
 * preferred-category images ({@link io.github.sharedvis.readout.EncodingModel},
 * {@link io.github.sharedvis.readout.FittedEncoding}), their generalization to out-of-category images
 * ({@link io.github.sharedvis.readout.Generalization}) and the per-neuron report the population
 * figures read ({@link io.github.sharedvis.readout.NeuronScore}).
 *
 * <p>May depend on: {@code stats} (correlations), {@code util}.
 */
package io.github.sharedvis.readout;
