package io.github.sharedvis.pipeline;

import io.github.sharedvis.data.ResponseOptions;
import io.github.sharedvis.data.ResponseReader;
import io.github.sharedvis.data.Responses;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.data.Trials;
import io.github.sharedvis.run.Csv;
import io.github.sharedvis.util.FileDigests;
import io.github.sharedvis.util.FileNames;
import io.github.sharedvis.util.InputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A run's loaded, validated inputs: the stimulus set, the responses aligned to it, and the split
 * into preferred and out-of-category images.
 *
 * @param set the stimuli
 * @param responses the responses, one row per stimulus of {@code set}
 * @param means mean response per stimulus and neuron {@code [n][neurons][1]}, float32 ({@link Trials#means}:
 *     with one repeat the responses' own store); read with {@link #mean(int, int)}
 * @param preferred indices of the preferred-category stimuli
 * @param ooc indices of the other stimuli
 * @param stimuliDigest digest of the stimulus set (images and labels)
 * @param responsesDigest digest of the response file
 * @param neuronNames file-name stems of the neurons
 * @param stimulusNames file-name stems of the stimuli
 */
public record RunInputs(StimulusSet set, Responses responses, Trials means, int[] preferred, int[] ooc,
        String stimuliDigest, String responsesDigest, FileNames neuronNames, FileNames stimulusNames) {

    /**
     * The inputs of a run's config, opened and validated as the run opens them (for commands that
     * read a run's inputs without running it, such as {@code sharedvis compare}).
     *
     * @param config the run configuration
     * @param configFile the file it came from (for messages), or null
     * @param warn receives each warning (e.g. a neuron with constant responses)
     * @return the inputs
     * @throws IOException when a file is unreadable or the inputs cannot serve the method
     */
    public static RunInputs open(RunConfig config, Path configFile, Consumer<String> warn) throws IOException {
        return open(config, configFile, null, warn);
    }

    /**
     * {@link #open(RunConfig, Path, Consumer)} with large responses in a scratch file.
     *
     * @param config the run configuration
     * @param configFile the file it came from (for messages), or null
     * @param scratch where responses of 64 MB or more are kept memory-mapped instead of on the heap
     *     ({@link ResponseOptions#withScratch}), or null
     * @param warn receives each warning
     * @return the inputs
     * @throws IOException when a file is unreadable or the inputs cannot serve the method
     */
    public static RunInputs open(RunConfig config, Path configFile, Path scratch, Consumer<String> warn)
            throws IOException {
        String source = configFile == null ? "config" : configFile.toString();
        StimulusSet set = openStimuli(config, source);
        return load(config, set, set.digest(FileDigests.none()), responsesDigest(config, source, FileDigests.none()),
                source, scratch, warn);
    }

    /**
     * @param rows stimulus indices
     * @return their mean responses {@code [rows.length][neurons]} as readout targets, widened to double
     *     a block of neurons at a time (no {@code [rows.length][neurons]} double copy)
     */
    public io.github.sharedvis.readout.Targets targets(int[] rows) {
        int[] idx = rows.clone();
        return new io.github.sharedvis.readout.Targets() {
            @Override
            public int rows() {
                return idx.length;
            }

            @Override
            public int columns() {
                return means.neurons();
            }

            @Override
            public double[][] block(int j0, int j1) {
                return RunInputs.rows(means, idx, j0, j1);
            }
        };
    }

    /**
     * @param i stimulus
     * @param j neuron
     * @return the mean response (float32, widened)
     */
    public double mean(int i, int j) {
        return means.value(i, j);
    }

    /**
     * @param config the run configuration
     * @param source the config file's name, for messages
     * @param scratch where large responses are memory-mapped ({@link ResponseOptions#withScratch}), or null
     * @param warn receives each warning (e.g. a neuron with constant responses)
     * @return the inputs
     * @throws IOException when a file is unreadable or the inputs cannot serve the method
     */
    static RunInputs load(RunConfig config, StimulusSet set, String stimuliDigest, String responsesDigest, String source,
            Path scratch, Consumer<String> warn) throws IOException {
        RunConfig.Data d = config.data();
        require(d.responses(), source, "[data] responses", "a response file (.npy, .npz, .csv, .mat, .h5, .nwb)");
        ResponseOptions opts = ResponseOptions.defaults().withWindow(d.windowStart(), d.windowEnd())
                .withRates(d.rates()).withStimulusIdColumn(d.stimulusIdColumn()).withScratch(scratch);
        if (d.variable() != null) {
            opts = opts.withVariable(d.variable());
        }
        Responses r = ResponseReader.read(d.responses(), opts).alignTo(set);
        if (!d.neurons().isEmpty()) {
            r = selectNeurons(r, d.neurons());
        }
        Trials means = r.mean();
        requireARecordingPerStimulus(d.responses(), r, means);
        List<Integer> pref = new ArrayList<>();
        List<Integer> ooc = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            (set.stimuli().get(i).category().equals(d.preferred()) ? pref : ooc).add(i);
        }
        if (ooc.isEmpty()) {
            throw new IOException(d.stimuli() + ": every stimulus is in the preferred category '" + d.preferred()
                    + "'; the method explains responses to other categories, add some");
        }
        if (!config.readout().leaveOneOut() && pref.size() < config.readout().folds()) {
            throw new IOException(d.stimuli() + ": " + pref.size() + " preferred images are fewer than the "
                    + config.readout().folds() + " cross-validation folds; add images or lower [readout] folds");
        }
        warnConstant(r.neuronIds(), means, pref, d.preferred() + " (preferred)", "r_within_cv", warn);
        warnConstant(r.neuronIds(), means, ooc, "out-of-category", "r_ooc", warn);
        return new RunInputs(set, r, means, pref.stream().mapToInt(Integer::intValue).toArray(),
                ooc.stream().mapToInt(Integer::intValue).toArray(), stimuliDigest,
                responsesDigest, new FileNames(r.neuronIds()), new FileNames(set.ids()));
    }

    /**
     * @param config the run configuration
     * @param source the config file's name, for messages
     * @return the stimulus set of {@code [data] stimuli}, checked to hold the preferred category
     * @throws IOException when it cannot be read
     */
    static StimulusSet openStimuli(RunConfig config, String source) throws IOException {
        RunConfig.Data d = config.data();
        require(d.stimuli(), source, "[data] stimuli", "a folder with one sub-folder per category, or a CSV manifest");
        require(d.responses(), source, "[data] responses", "a response file (.npy, .npz, .csv, .mat, .h5, .nwb)");
        if (d.preferred() == null) {
            throw new ConfigException(source + ": [data] preferred is required: the neurons' preferred category");
        }
        return StimulusSet.open(d.stimuli(), d.outsidePaths()).requireCategory(d.preferred());
    }

    /**
     * @param config the run configuration
     * @param source the config file's name, for messages
     * @param digests where the file's digest comes from (the run's memo)
     * @return the digest of the response file's bytes
     * @throws IOException when it cannot be read
     */
    static String responsesDigest(RunConfig config, String source, FileDigests digests) throws IOException {
        Path f = config.data().responses();
        require(f, source, "[data] responses", "a response file (.npy, .npz, .csv, .mat, .h5, .nwb)");
        if (!java.nio.file.Files.isRegularFile(f) || !java.nio.file.Files.isReadable(f)) {
            // the reader's own message for a missing file, before the digest would fail with a bare one
            throw new io.github.sharedvis.util.InputException(io.github.sharedvis.data.PathProblems.describe(f,
                    "response file"));
        }
        return digests.digest(f);
    }

    private static void require(Path p, String source, String key, String what) {
        if (p == null) {
            throw new ConfigException(source + ": " + key + " is required: " + what);
        }
    }

    /**
     * A stimulus without a single valid trial for a neuron stops the run, listing every such pair: the
     * readouts of all neurons are fitted jointly on one set of preferred images with one
     * cross-validation split (so their scores compare), and the explain step ranks recorded responses;
     * silently dropping a stimulus for one neuron would change both for that neuron alone. The fix is
     * the user's choice: drop the stimulus, or the neuron ({@code [data] neurons}).
     */
    private static void requireARecordingPerStimulus(Path file, Responses r, Trials means) {
        List<String> missing = new ArrayList<>();
        Map<String, Integer> perNeuron = new LinkedHashMap<>();
        for (int i = 0; i < means.images(); i++) {
            for (int j = 0; j < means.neurons(); j++) {
                if (Double.isNaN(means.value(i, j))) {
                    missing.add("'" + r.stimulusIds().get(i) + "' for neuron '" + r.neuronIds().get(j) + "'");
                    perNeuron.merge(r.neuronIds().get(j), 1, Integer::sum);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new InputException(file + ": " + missing.size() + " stimulus/neuron pair"
                    + (missing.size() == 1 ? " has" : "s have") + " no valid trial (all NaN): "
                    + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                    + (missing.size() > 5 ? ", ..." : "") + " (per neuron: " + perNeuron + "). Every neuron needs a "
                    + "recorded response to every stimulus; drop those stimuli from the stimulus set, or those "
                    + "neurons with [data] neurons");
        }
    }

    /**
     * A neuron whose mean responses to a group of images are all equal has an undefined correlation
     * there: its score is NaN, which is reported as a warning (on the progress stream and in
     * run.json) rather than left unexplained.
     */
    private static void warnConstant(List<String> neurons, Trials means, List<Integer> rows, String group,
            String score, Consumer<String> warn) {
        for (int j = 0; j < neurons.size(); j++) {
            double first = means.value(rows.get(0), j);
            boolean constant = true;
            for (int i : rows) {
                constant &= means.value(i, j) == first;
            }
            if (constant) {
                warn.accept("neuron '" + neurons.get(j) + "' responds identically (" + Csv.number(first) + ") to every "
                        + group + " image, so its " + score + " is NaN (a correlation with a constant is undefined)");
            }
        }
    }

    private static Responses selectNeurons(Responses r, List<String> wanted) {
        List<String> missing = new ArrayList<>();
        int[] idx = new int[wanted.size()];
        for (int k = 0; k < wanted.size(); k++) {
            idx[k] = r.neuronIds().indexOf(wanted.get(k));
            if (idx[k] < 0) {
                missing.add(wanted.get(k));
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigException("[data] neurons lists ids the responses do not have: " + missing
                    + "; known ids start with " + r.neuronIds().subList(0, Math.min(10, r.neuronIds().size())));
        }
        return r.selectNeurons(List.copyOf(wanted));
    }

    /**
     * @param m a matrix
     * @param idx row indices
     * @return those rows (shared, not copied)
     */
    static double[][] rows(double[][] m, int[] idx) {
        double[][] r = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            r[i] = m[idx[i]];
        }
        return r;
    }

    /**
     * @param m a store of means {@code [n][q][1]}
     * @param idx row indices
     * @param j0 first neuron
     * @param j1 end of the neurons (exclusive)
     * @return those rows and neurons, widened to double {@code [idx.length][j1 - j0]} (a copy)
     */
    static double[][] rows(Trials m, int[] idx, int j0, int j1) {
        double[][] r = new double[idx.length][j1 - j0];
        for (int i = 0; i < idx.length; i++) {
            for (int j = j0; j < j1; j++) {
                r[i][j - j0] = m.value(idx[i], j);
            }
        }
        return r;
    }

    /**
     * @param m a store of means {@code [n][q][1]}
     * @param idx row indices
     * @return those rows, every neuron, widened to double {@code [idx.length][q]} (a copy)
     */
    static double[][] rows(Trials m, int[] idx) {
        return rows(m, idx, 0, m.neurons());
    }

}
