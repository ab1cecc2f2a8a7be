package io.github.sharedvis.data;

import io.github.sharedvis.util.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads recorded responses from the files labs write, into {@link Responses}.
 *
 * <p>Formats, chosen by extension (unknown extensions by content):
 * <ul>
 *   <li>{@code .npy}: a float array {@code [n_images, n_neurons]} or
 *       {@code [n_images, n_neurons, n_repeats]}, NaN = missing trial; no ids, so rows are in the
 *       stimulus set's order and neurons are named {@code n0..n{k-1}};</li>
 *   <li>{@code .npz}: the array (see {@link ResponseOptions#variable()}) plus optional string or integer
 *       vectors {@code stimulus_ids} and {@code neuron_ids};</li>
 *   <li>{@code .csv}/{@code .tsv}, wide: a stimulus id column ({@code stimulus_id}, else the first
 *       column) and one column per neuron (the header names the neurons); a stimulus on several rows
 *       gets one repeat per row, in row order. Long: columns {@code stimulus_id, neuron, response} and
 *       optionally {@code repeat} (a stimulus's repeat labels, sorted, give its repeat slots; without the
 *       column the rows of a stimulus and neuron are its repeats in order); chosen when the header has
 *       {@code neuron} and {@code response}.
 *       Empty cells, {@code NaN} and {@code NA} are missing trials;</li>
 *   <li>{@code .mat} v5 (MFL) and v7.3 (HDF5, jHDF): the array with MATLAB's indexing
 *       {@code responses(image, neuron, repeat)}, ids as cell arrays of strings, char matrices or
 *       numeric vectors;</li>
 *   <li>{@code .h5}/{@code .hdf5}: the dataset (C order, as h5py writes it) plus optional id datasets;</li>
 *   <li>{@code .nwb} (NWB 2.x): spike times of the Units table ({@code /units/spike_times} with
 *       {@code spike_times_index}, unit ids from {@code /units/id}) counted in
 *       {@code [onset + windowStart, onset + windowEnd)} after each presentation of a trials or
 *       intervals table ({@code start_time} and a stimulus id column); presentations of one stimulus
 *       become its repeats in time order, stimuli shown fewer times are padded with NaN.</li>
 * </ul>
 * Each format has its reader ({@code NpyResponses}, {@code NpzResponses}, {@code CsvResponses},
 * {@code MatResponses}, {@code Hdf5Responses}, {@code NwbResponses}, behind {@code ResponseFormat});
 * this class picks one from its list of them and checks what it read.
 * Errors are {@link InputException}s (bad content) or {@link IOException}s (unreadable
 * file) naming the file, the variable or column, and the fix.
 */
public final class ResponseReader {

    /**
     * Every format, in the order a file without a known extension is tried by content: NWB before
     * plain HDF5 (an NWB file is HDF5), HDF5 before MATLAB v5 (a v7.3 {@code .mat} is HDF5 behind a
     * "MATLAB" text header, and is read as plain HDF5 when its extension is not {@code .mat}).
     */
    private static final List<ResponseFormat> FORMATS = List.of(new NwbResponses(), new Hdf5Responses(),
            new NpyResponses(), new NpzResponses(), new MatResponses(), new CsvResponses());

    private ResponseReader() {}

    /**
     * Reads responses with the default options.
     *
     * @param file the file
     * @return the responses
     * @throws IOException when the file cannot be read
     */
    public static Responses read(Path file) throws IOException {
        return read(file, ResponseOptions.defaults());
    }

    /**
     * Reads responses.
     *
     * @param file the file
     * @param opts where the responses are in it
     * @return the responses
     * @throws IOException when the file cannot be read
     * @throws InputException when its content is not responses as described above
     */
    public static Responses read(Path file, ResponseOptions opts) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InputException(PathProblems.describe(file, "response file"));
        }
        Responses r;
        try {
            r = readAny(file, opts);
        } catch (RuntimeException e) {
            throw ParseErrors.translate(file, "response file", e);
        }
        requireFinite(r, file);
        return r;
    }

    /** Infinite values are never a recording: name the first one (NaN is a missing trial). */
    private static void requireFinite(Responses r, Path file) {
        Trials t = r.trials();
        for (int i = 0; i < t.images(); i++) {
            for (int n = 0; n < t.neurons(); n++) {
                for (int k = 0; k < t.repeats(); k++) {
                    if (Float.isInfinite(t.get(i, n, k))) {
                        String stim = r.stimulusIds() == null ? "row " + (i + 1) + " (stimulus " + (i + 1)
                                + " of the stimulus set)" : "stimulus '" + r.stimulusIds().get(i) + "'";
                        throw new InputException(file + ": " + stim + ", neuron '" + r.neuronIds().get(n)
                                + "', repeat " + (k + 1) + " is " + t.get(i, n, k) + " (in float32; beyond ±3.4e38 is infinite); responses must be finite "
                                + "numbers (write NaN for a missing trial)");
                    }
                }
            }
        }
    }

    private static Responses readAny(Path file, ResponseOptions opts) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        for (ResponseFormat f : FORMATS) {
            if (f.extensions().contains(ext)) {
                return f.read(file, opts);
            }
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8);
        }
        for (ResponseFormat f : FORMATS) {
            if (f.recognises(file, head)) {
                return f.read(file, opts);
            }
        }
        throw new InputException(file + ": unknown response format '." + ext + "'; use .npy, .npz, "
                + ".csv, .tsv, .mat, .h5, .hdf5 or .nwb");
    }
}
