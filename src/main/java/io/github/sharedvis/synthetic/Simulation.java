package io.github.sharedvis.synthetic;

import io.github.sharedvis.util.InputException;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.FeatureExtractor;
import io.github.sharedvis.data.Responses;
import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.util.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Simulates a recording of category-selective model neurons to a stimulus set and writes it in the
 * formats {@code sharedvis run} reads: {@code manifest.csv} (image, category, stimulus_id) and
 * {@code responses.csv} (long format: stimulus_id, neuron, repeat, response; spike counts), plus
 * {@code neurons.json} with the ground truth (which network/layer, weights' norm, rates).
 *
 * @param neuronsPerCategory model neurons to build
 * @param repeats presentations per image
 * @param maxRate the 95th-percentile expected spike count
 * @param featureFraction fraction of features each neuron reads
 * @param seed random seed
 */
public record Simulation(int neuronsPerCategory, int repeats, double maxRate, double featureFraction, long seed) {

    /**
     * What a simulation wrote.
     *
     * @param manifest the stimulus manifest
     * @param responses the long-format response file
     * @param truth {@code neurons.json}, the ground truth
     * @param neurons the neurons, category by category
     * @param rates expected spike counts {@code [n][neurons]}
     * @param dPrime each neuron's selectivity d' on the expected rates ({@link Selectivity}) {@code [neurons]}
     */
    public record Result(Path manifest, Path responses, Path truth, List<SyntheticNeuron> neurons, double[][] rates,
            double[] dPrime) {}

    /**
     * @param set the stimuli
     * @param preferred the neurons' preferred category
     * @param neuronBackbone the network (and layer) the neurons read: by default a different one than
     *     the encoding model's, so the readout is not trivially exact
     * @param outDir where to write
     * @param progress progress bar stream or null
     * @return the files and the neurons
     * @throws IOException on I/O failure
     */
    public Result run(StimulusSet set, String preferred, Backbone neuronBackbone, Path outDir, PrintStream progress)
            throws IOException {
        return run(set, List.of(preferred), neuronBackbone, outDir, progress);
    }

    /**
     * Simulates one group of neurons per preferred category (named {@code <category>-1},
     * {@code <category>-2}, ...), all recorded into one response file. The features are extracted
     * once; the first category's neurons are the same as a single-category run with the same seed.
     *
     * @param set the stimuli
     * @param preferred the preferred categories, at least one, no duplicates
     * @param neuronBackbone the network (and layer) the neurons read
     * @param outDir where to write
     * @param progress progress bar stream or null
     * @return the files and the neurons, category by category
     * @throws IOException on I/O failure
     */
    public Result run(StimulusSet set, List<String> preferred, Backbone neuronBackbone, Path outDir,
            PrintStream progress) throws IOException {
        return run(set, preferred, neuronBackbone, outDir, progress, null);
    }

    /**
     * As {@link #run(StimulusSet, List, Backbone, Path, PrintStream)}, with the neurons' features taken
     * from (and added to) a feature cache, so that simulations with other seeds on the same stimuli
     * extract them once.
     *
     * @param set the stimuli
     * @param preferred the preferred categories, at least one, no duplicates
     * @param neuronBackbone the network (and layer) the neurons read
     * @param outDir where to write
     * @param progress progress bar stream or null
     * @param cache the feature cache folder, or null for none
     * @return the files and the neurons, category by category
     * @throws IOException on I/O failure
     */
    public Result run(StimulusSet set, List<String> preferred, Backbone neuronBackbone, Path outDir,
            PrintStream progress, Path cache) throws IOException {
        if (preferred.isEmpty() || preferred.stream().distinct().count() != preferred.size()) {
            throw new InputException("preferred categories must be a non-empty list without duplicates, got "
                    + preferred);
        }
        for (String p : preferred) {
            set.requireCategory(p);
        }
        List<Path> images = set.stimuli().stream().map(Stimulus::image).toList();
        FeatureExtractor.Builder fx = FeatureExtractor.builder(neuronBackbone).progress(progress);
        if (cache != null) {
            fx.cacheDir(cache);
        }
        float[][] f = fx.build().extract(images);
        List<String> cats = set.stimuli().stream().map(Stimulus::category).toList();
        List<SyntheticNeuron> neurons = new java.util.ArrayList<>();
        for (int c = 0; c < preferred.size(); c++) {
            // a different feature subset per category, reproducible from the seed
            neurons.addAll(SyntheticNeurons.builder().count(neuronsPerCategory).maxRate(maxRate)
                    .featureFraction(featureFraction).seed(seed + 7919L * c).build().fit(f, cats, preferred.get(c)));
        }
        double[][] rates = SyntheticNeurons.rates(neurons, f);
        double[] dPrime = new double[neurons.size()];
        for (int j = 0; j < neurons.size(); j++) {
            double[] col = new double[rates.length];
            for (int i = 0; i < rates.length; i++) {
                col[i] = rates[i][j];
            }
            dPrime[j] = Selectivity.dPrime(col, cats, neurons.get(j).preferred());
        }
        double[][][] counts = PoissonRecording.record(rates, repeats, seed + 1);
        Path manifest = outDir.resolve("manifest.csv");
        StimulusSet.writeManifest(manifest, set.stimuli(), true);
        // long CSV keeps the neuron ids (an .npy would number them)
        Path responses = outDir.resolve("responses.csv");
        new Responses(set.ids(), neurons.stream().map(SyntheticNeuron::id).toList(), counts).writeLongCsv(responses);
        Map<String, Object> truth = new LinkedHashMap<>();
        truth.put("backbone", neuronBackbone.name());
        truth.put("layer", neuronBackbone.layer());
        truth.put("preferred", preferred.size() == 1 ? preferred.get(0) : preferred);
        truth.put("repeats", repeats);
        truth.put("seed", seed);
        truth.put("d_prime", "selectivity d' of the expected rates, preferred images vs all others");
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (int j = 0; j < neurons.size(); j++) {
            SyntheticNeuron nn = neurons.get(j);
            rows.add(io.github.sharedvis.util.OrderedMaps.of("id", nn.id(), "preferred", nn.preferred(),
                    "threshold", nn.threshold(), "gain", nn.gain(), "baseline", nn.baseline(), "d_prime", dPrime[j]));
        }
        truth.put("neurons", rows);
        Path truthFile = outDir.resolve("neurons.json");
        AtomicFiles.writeString(truthFile,
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(truth) + "\n");
        return new Result(manifest, responses, truthFile, neurons, rates, dPrime);
    }

}
