/**
 * {@code sharedvis compare}: which layer, which network. Features of several nodes of one or more
 * networks (one forward pass per image batch and network), the run's readout fitted per node exactly
 * as the fit step fits it ({@code pipeline.ReadoutFit}), the table and figures of r within and r ooc
 * per neuron and node, and the agreement of the maps of the same (ooc, reference) pairs computed at
 * different nodes (Spearman rank correlation, top-10% pixel overlap). See {@code docs/compare.md}.
 *
 * <p>May depend on: {@code attribution} (channel reduction of raw maps), {@code backbone},
 * {@code data}, {@code pipeline}, {@code readout}, {@code report} (canvases, colour map, heat maps),
 * {@code run} (tables), {@code stats}, {@code util}.
 */
package io.github.sharedvis.compare;
