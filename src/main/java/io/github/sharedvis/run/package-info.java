/**
 * The run directory's file contract ({@code docs/outputs.md}): where each file lives
 * ({@link io.github.sharedvis.run.RunLayout}), one record per table row whose components are the
 * columns ({@link io.github.sharedvis.run.NeuronRow}, {@link io.github.sharedvis.run.PairRow},
 * read and written by {@link io.github.sharedvis.run.RunTable} with Commons CSV), the fitted model's
 * files and {@code run.json}. The pipeline writes through it; the report and the validation read
 * through it.
 *
 * <p>May depend on: {@code data} (NumPy files), {@code readout} (the fitted model it stores),
 * {@code util}.
 */
package io.github.sharedvis.run;
