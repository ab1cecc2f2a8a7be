/**
 * The visual outputs of a run, drawn from its files alone: population figures (after Fig. 3),
 * per-neuron pair panels, the static HTML report, and the display of raw maps (channel reduction,
 * smoothing, colour map, overlay). Raster and SVG from one drawing code.
 *
 * <p>May depend on: {@code attribution} (channel reduction of raw maps), {@code data} (NumPy files),
 * {@code run}, {@code util}.
 */
package io.github.sharedvis.report;
