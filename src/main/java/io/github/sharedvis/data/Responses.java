package io.github.sharedvis.data;

import io.github.sharedvis.util.InputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recorded responses of neurons to stimuli, trial by trial.
 *
 * <p>{@code trials.get(i, n, r)} is neuron {@code n}'s response to stimulus {@code i} on repeat
 * {@code r}, in float32 (see {@link Trials} for why, and where the values live); every stimulus has
 * the same number of repeat slots, and {@code NaN} marks a missing trial (stimuli shown fewer times,
 * dropped trials). A file without repeats is one repeat.
 *
 * <p>{@code stimulusIds} is {@code null} when the file carries no stimulus ids (a bare {@code .npy}
 * array, an {@code .npz}/{@code .mat}/{@code .h5} without a {@code stimulus_ids} variable): rows
 * are then taken to be in the order of the {@link StimulusSet} they are aligned to
 * ({@link #alignTo}), which must have exactly as many stimuli.
 *
 * @param stimulusIds the stimulus id of each row, unique; or {@code null} for positional rows
 * @param neuronIds the neuron ids (channel names, unit ids), unique
 * @param trials {@code [n_images][n_neurons][n_repeats]} float32, NaN = missing trial
 */
public record Responses(List<String> stimulusIds, List<String> neuronIds, Trials trials) {

    /** Validates the shapes and the uniqueness of the ids. */
    public Responses {
        if (trials == null || neuronIds == null) {
            throw new InputException("responses: trials and neuronIds are required");
        }
        stimulusIds = stimulusIds == null ? null : List.copyOf(stimulusIds);
        neuronIds = List.copyOf(neuronIds);
        if (stimulusIds != null && stimulusIds.size() != trials.images()) {
            throw new InputException("responses: " + stimulusIds.size() + " stimulus ids for "
                    + trials.images() + " rows of responses");
        }
        if (trials.images() > 0 && trials.neurons() != neuronIds.size()) {
            throw new InputException("responses: rows have " + trials.neurons() + " neurons but there are "
                    + neuronIds.size() + " neuron ids");
        }
        requireUnique(stimulusIds, "stimulus");
        requireUnique(neuronIds, "neuron");
    }

    /**
     * Responses from double values (stored in float32; for tests, simulations and small data).
     *
     * @param stimulusIds the row ids or null (positional)
     * @param neuronIds the neuron ids
     * @param trials {@code [n_images][n_neurons][n_repeats]}, NaN = missing trial, not ragged
     */
    public Responses(List<String> stimulusIds, List<String> neuronIds, double[][][] trials) {
        this(stimulusIds, neuronIds, checked(trials, neuronIds));
    }

    private static Trials checked(double[][][] t, List<String> neuronIds) {
        if (t == null || neuronIds == null) {
            throw new InputException("responses: trials and neuronIds are required");
        }
        for (int i = 0; i < t.length; i++) {
            if (t[i].length != neuronIds.size()) {
                throw new InputException("responses: row " + i + " has " + t[i].length
                        + " neurons but there are " + neuronIds.size() + " neuron ids");
            }
        }
        return Trials.of(t);
    }

    private static void requireUnique(List<String> ids, String what) {
        if (ids == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < ids.size(); k++) {
            String id = ids.get(k);
            Ids.check(id, "responses: " + what + " id " + (k + 1));
            if (!seen.add(id)) {
                throw new InputException("responses: duplicate " + what + " id '" + id + "'");
            }
        }
    }

    /**
     * Responses without repeats.
     *
     * @param stimulusIds the row ids or null (positional)
     * @param neuronIds the neuron ids
     * @param values {@code [n_images][n_neurons]}
     * @return responses with one repeat
     */
    public static Responses ofMeans(List<String> stimulusIds, List<String> neuronIds, double[][] values) {
        Trials t = Trials.allocate(values.length, neuronIds.size(), 1, null);
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != neuronIds.size()) {
                throw new InputException("responses: row " + i + " has " + values[i].length
                        + " neurons but there are " + neuronIds.size() + " neuron ids");
            }
            for (int n = 0; n < values[i].length; n++) {
                t.set(i, n, 0, values[i][n]);
            }
        }
        return new Responses(stimulusIds, neuronIds, t);
    }

    /**
     * Writes these responses as a long-format CSV ({@code stimulus_id,neuron,repeat,response}, one row
     * per trial, repeats numbered from 1), which {@link ResponseReader} reads back with the ids kept.
     *
     * @param file where, written atomically
     * @throws IOException when it cannot be written
     */
    public void writeLongCsv(Path file) throws IOException {
        CsvResponses.writeLong(file, this);
    }

    /** @return the number of stimuli (rows) */
    public int nStimuli() {
        return trials.images();
    }

    /** @return the number of neurons */
    public int nNeurons() {
        return neuronIds.size();
    }

    /** @return the number of repeat slots */
    public int nRepeats() {
        return trials.repeats();
    }

    /** @return true when the rows carry no ids and follow the stimulus set's order */
    public boolean positional() {
        return stimulusIds == null;
    }

    /**
     * The mean over the recorded (non-NaN) repeats ({@link Trials#means}: float32; with one repeat the
     * values themselves, no copy).
     *
     * @return {@code [n_images][n_neurons][1]}; NaN where a stimulus has no recorded trial
     */
    public Trials mean() {
        return trials.means();
    }

    /**
     * Selects rows by stimulus id, in the given order.
     *
     * @param ids stimulus ids present in these responses
     * @return the rows of those stimuli
     */
    public Responses select(List<String> ids) {
        if (stimulusIds == null) {
            throw new IllegalStateException("responses without stimulus ids: align them to a stimulus set first");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < stimulusIds.size(); i++) {
            index.put(stimulusIds.get(i), i);
        }
        int[] rows = new int[ids.size()];
        boolean same = rows.length == stimulusIds.size();
        for (int i = 0; i < ids.size(); i++) {
            Integer row = index.get(ids.get(i));
            if (row == null) {
                throw new InputException("responses: no stimulus '" + ids.get(i) + "'");
            }
            rows[i] = row;
            same &= row == i;
        }
        return new Responses(ids, neuronIds, same ? trials : trials.view(rows, null));
    }

    /**
     * Selects and reorders neurons by id.
     *
     * @param ids neuron ids present in these responses
     * @return the responses of those neurons, in the given order
     */
    public Responses selectNeurons(List<String> ids) {
        Map<String, Integer> index = new HashMap<>();
        for (int n = 0; n < neuronIds.size(); n++) {
            index.put(neuronIds.get(n), n);
        }
        int[] cols = new int[ids.size()];
        for (int k = 0; k < cols.length; k++) {
            Integer c = index.get(ids.get(k));
            if (c == null) {
                throw new InputException("responses: no neuron '" + ids.get(k) + "' (neurons: "
                        + head(neuronIds) + ")");
            }
            cols[k] = c;
        }
        return new Responses(stimulusIds, ids, trials.view(null, cols));
    }

    /**
     * Reorders the rows to the stimulus set's order.
     *
     * @param set the stimuli these responses were recorded to
     * @return responses whose rows are the set's stimuli, in set order
     * @throws InputException listing the ids present on one side only, or the row counts when
     *     the rows are positional
     */
    public Responses alignTo(StimulusSet set) {
        List<String> want = set.ids();
        if (stimulusIds == null) {
            if (trials.images() != want.size()) {
                throw new InputException("responses have " + trials.images() + " rows without stimulus ids "
                        + "but the stimulus set has " + want.size() + " images; rows without ids are taken in "
                        + "the set's order, so the counts must match (or add stimulus ids to the file)");
            }
            return new Responses(want, neuronIds, trials);
        }
        Set<String> have = new HashSet<>(stimulusIds);
        Set<String> wantSet = new HashSet<>(want);
        List<String> missing = new ArrayList<>();
        for (String id : want) {
            if (!have.contains(id)) {
                missing.add(id);
            }
        }
        List<String> extra = new ArrayList<>();
        for (String id : stimulusIds) {
            if (!wantSet.contains(id)) {
                extra.add(id);
            }
        }
        if (!missing.isEmpty() || !extra.isEmpty()) {
            StringBuilder msg = new StringBuilder("stimulus ids of the responses and the stimulus set differ: ");
            if (!missing.isEmpty()) {
                msg.append(missing.size()).append(" image(s) without responses ").append(head(missing));
            }
            if (!extra.isEmpty()) {
                msg.append(missing.isEmpty() ? "" : "; ").append(extra.size())
                        .append(" response id(s) not in the stimulus set ").append(head(extra));
            }
            throw new InputException(msg.toString());
        }
        return select(want);
    }

    private static String head(List<String> ids) {
        int n = Math.min(10, ids.size());
        return ids.subList(0, n) + (ids.size() > n ? " and " + (ids.size() - n) + " more" : "");
    }
}
