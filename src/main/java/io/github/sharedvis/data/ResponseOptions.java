package io.github.sharedvis.data;

import io.github.sharedvis.util.InputException;
import java.nio.file.Path;

/**
 * How {@link ResponseReader} finds the responses in a file. Build from {@link #defaults()} and the
 * {@code with...} methods.
 *
 * @param variable the responses' variable: the {@code .npz} member, {@code .mat} variable or HDF5
 *     dataset path; {@code null} = {@code responses} if present, else the only numeric array of two or
 *     three dimensions
 * @param stimulusIdsVariable the variable holding the stimulus id of each row (strings or integers;
 *     optional in the file: without it rows are positional, see {@link Responses})
 * @param neuronIdsVariable the variable holding the neuron ids (optional: default {@code n0..n{k-1}})
 * @param windowStart NWB: start of the counting window after each stimulus onset, in seconds
 * @param windowEnd NWB: end of the counting window after onset, in seconds (exclusive)
 * @param rates NWB: divide spike counts by the window length (spikes/s) instead of counts
 * @param stimulusIdColumn the stimulus id column: of the NWB trials/intervals table, and of CSV files
 * @param intervalsTable NWB: path of the presentations table (e.g. {@code intervals/trials});
 *     {@code null} = {@code intervals/trials} if it has the stimulus id column, else the first table
 *     under {@code intervals/} that has it
 * @param scratch a folder where a large store of the responses ({@link Trials}, 64 MB or more) is
 *     kept in a memory-mapped, already-unlinked file instead of on the heap; {@code null} = the heap
 */
public record ResponseOptions(
        String variable,
        String stimulusIdsVariable,
        String neuronIdsVariable,
        double windowStart,
        double windowEnd,
        boolean rates,
        String stimulusIdColumn,
        String intervalsTable,
        Path scratch) {

    /** Validates the window. */
    public ResponseOptions {
        if (!(windowEnd > windowStart)) {
            throw new InputException("response window: end (" + windowEnd + " s) must be after start ("
                    + windowStart + " s)");
        }
        if (stimulusIdColumn == null || stimulusIdColumn.isEmpty()) {
            throw new InputException("stimulus id column name must not be empty");
        }
    }

    /**
     * The defaults: automatic variable, ids in {@code stimulus_ids} / {@code neuron_ids}, spike counts
     * in 50 to 250 ms after onset (a common window for macaque IT), stimulus id column
     * {@code stimulus_id}, automatic intervals table.
     *
     * @return the defaults
     */
    public static ResponseOptions defaults() {
        return new ResponseOptions(null, "stimulus_ids", "neuron_ids", 0.05, 0.25, false, "stimulus_id", null, null);
    }

    /** @param v the responses variable @return a copy with it */
    public ResponseOptions withVariable(String v) {
        return new ResponseOptions(v, stimulusIdsVariable, neuronIdsVariable, windowStart, windowEnd, rates,
                stimulusIdColumn, intervalsTable, scratch);
    }

    /** @param stimulusIds the stimulus ids variable @param neuronIds the neuron ids variable @return a copy */
    public ResponseOptions withIdVariables(String stimulusIds, String neuronIds) {
        return new ResponseOptions(variable, stimulusIds, neuronIds, windowStart, windowEnd, rates,
                stimulusIdColumn, intervalsTable, scratch);
    }

    /** @param start seconds after onset @param end seconds after onset @return a copy with the window */
    public ResponseOptions withWindow(double start, double end) {
        return new ResponseOptions(variable, stimulusIdsVariable, neuronIdsVariable, start, end, rates,
                stimulusIdColumn, intervalsTable, scratch);
    }

    /** @param r true for spikes/s, false for counts @return a copy */
    public ResponseOptions withRates(boolean r) {
        return new ResponseOptions(variable, stimulusIdsVariable, neuronIdsVariable, windowStart, windowEnd, r,
                stimulusIdColumn, intervalsTable, scratch);
    }

    /** @param column the stimulus id column @return a copy */
    public ResponseOptions withStimulusIdColumn(String column) {
        return new ResponseOptions(variable, stimulusIdsVariable, neuronIdsVariable, windowStart, windowEnd, rates,
                column, intervalsTable, scratch);
    }

    /** @param table the NWB intervals table path @return a copy */
    public ResponseOptions withIntervalsTable(String table) {
        return new ResponseOptions(variable, stimulusIdsVariable, neuronIdsVariable, windowStart, windowEnd, rates,
                stimulusIdColumn, table, scratch);
    }

    /**
     * @param dir where a store of the responses of 64 MB or more goes: a memory-mapped scratch file,
     *     unlinked at once (costs {@code 4 n q r} bytes of disk there while the process runs, saves as
     *     much heap); {@code null} = on the heap
     * @return a copy
     */
    public ResponseOptions withScratch(Path dir) {
        return new ResponseOptions(variable, stimulusIdsVariable, neuronIdsVariable, windowStart, windowEnd, rates,
                stimulusIdColumn, intervalsTable, dir);
    }
}
