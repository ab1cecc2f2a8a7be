package io.github.sharedvis.run;

import java.nio.file.Path;

/**
 * Where every output of a run lives inside the output folder (documented in the README and
 * {@code docs/outputs.md}).
 *
 * @param root the output folder
 */
public record RunLayout(Path root) {

    /** @return {@code summary.csv}: one row per neuron */
    public Path summary() {
        return root.resolve("summary.csv");
    }

    /** @return {@code pairs.csv}: one row per explained pair */
    public Path pairs() {
        return root.resolve("pairs.csv");
    }

    /** @return {@code run.json}: config, versions, input hashes, timings */
    public Path runJson() {
        return root.resolve("run.json");
    }

    /** @return {@code features/}: the encoding backbone's features of every stimulus */
    public Path features() {
        return root.resolve("features");
    }

    /** @return {@code features/features.npy}: float32 {@code [n, D]}, rows in stimulus order */
    public Path featuresFile() {
        return features().resolve("features.npy");
    }

    /** @return {@code features/stimulus_ids.txt}: the stimulus id of each feature row, one per line */
    public Path stimulusIdsFile() {
        return features().resolve("stimulus_ids.txt");
    }

    /** @return {@code report/index.html}: the report's first page */
    public Path reportIndex() {
        return root.resolve("report").resolve("index.html");
    }

    /** @return {@code model/}: the fitted readouts as .npy arrays */
    public Path model() {
        return root.resolve("model");
    }

    /** @return {@code maps/}: raw maps of every pair */
    public Path maps() {
        return root.resolve("maps");
    }

    /** @return {@code images/}: the stimuli as the network saw them (model geometry) */
    public Path images() {
        return root.resolve("images");
    }

    /** @return {@code .state/}: step stamps that make re-runs skip finished work */
    public Path state() {
        return root.resolve(".state");
    }

    /**
     * @return {@code .state/file-digests.tsv}: the digests of the run's input files, reused while a
     *     file's size, times and inode are unchanged ({@code util.FileDigests})
     */
    public Path fileDigests() {
        return state().resolve("file-digests.tsv");
    }
}
