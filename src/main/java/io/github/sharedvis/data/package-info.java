/**
 * Neural data in: stimulus sets ({@link io.github.sharedvis.data.StimulusSet}: a folder of category
 * sub-folders or a CSV manifest), recorded responses ({@link io.github.sharedvis.data.Responses},
 * {@code [image][neuron][repeat]} with NaN for missing trials, held in the compact float32 store
 * {@link io.github.sharedvis.data.Trials}: on the heap or memory-mapped from a scratch file) read by
 * {@link io.github.sharedvis.data.ResponseReader} from NumPy, CSV, MATLAB v5/v7.3, HDF5 and NWB 2.x
 * (one reader per format behind {@code ResponseFormat}; NWB spike times are counted by
 * {@link io.github.sharedvis.data.SpikeCounts}), their reliability ({@link io.github.sharedvis.data.Reliability}), and NumPy array files
 * ({@link io.github.sharedvis.data.Npy}, {@link io.github.sharedvis.data.Npz}).
 *
 * <p>May depend on: {@code stats} (correlations), {@code util}.
 */
package io.github.sharedvis.data;
