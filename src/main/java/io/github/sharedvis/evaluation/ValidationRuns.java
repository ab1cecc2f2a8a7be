package io.github.sharedvis.evaluation;

import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.pipeline.ConfigLoader;
import io.github.sharedvis.pipeline.Pipeline;
import io.github.sharedvis.pipeline.RunConfig;
import io.github.sharedvis.synthetic.Simulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The validation's pipeline runs: one {@code sharedvis run} per preferred category on the simulated
 * recording, configured through a written {@code run.toml} and loaded back, so the benchmark scores
 * exactly what a user's run would produce (features of the encoding layer, the ridge readout on all
 * preferred images, the explain step with the first variant, the report).
 */
final class ValidationRuns {

    private ValidationRuns() {}

    /**
     * One pipeline run: its config explains with the first variant, 3 pairs per neuron for the report.
     *
     * @param s the settings
     * @param dir the run folder
     * @param sim the simulated recording
     * @param category the preferred category
     * @param neurons its neurons' ids
     * @param seed the run's seed
     * @param cache the shared feature cache
     * @param registry the backbones
     * @return the run's configuration as loaded
     * @throws IOException when the run fails to read or write
     */
    static RunConfig run(ValidationSettings s, Path dir, Simulation.Result sim, String category, List<String> neurons,
            long seed, Path cache, Backbones registry) throws IOException {
        Files.createDirectories(dir);
        PlantedFeatureBenchmark.Variant v = s.variants().get(0);
        Path cfgFile = dir.resolve("run.toml");
        configWriter().write(runConfig(sim.manifest(), sim.responses(), category, neurons, s.model(),
                s.encodingLayer(), v, s.igSteps(), seed, cache), cfgFile);
        RunConfig cfg = ConfigLoader.load(cfgFile);
        try (Pipeline p = new Pipeline(cfg, cfgFile, dir, registry, null)) {
            p.run();
        }
        return cfg;
    }

    /**
     * @return a validation run's configuration as written: the first variant's explanation, 3 pairs per
     *     neuron, absolute paths
     */
    static RunConfig runConfig(Path manifest, Path responses, String category, List<String> neurons, String model,
            String encodingLayer, PlantedFeatureBenchmark.Variant v, int igSteps, long seed, Path cache) {
        return RunConfig.defaults()
                .with("data.stimuli", manifest.toAbsolutePath())
                .with("data.responses", responses.toAbsolutePath())
                .with("data.preferred", category)
                .with("data.neurons", List.copyOf(neurons))
                .with("data.outside_paths", true)
                .with("backbone.model", model)
                .with("backbone.layer", encodingLayer)
                .with("backbone.pooling", "average")
                .with("explain.top_k", 3)
                .with("explain.top_m", 3)
                .with("explain.method", v.method().name().toLowerCase(Locale.ROOT))
                .with("explain.weighting", v.weighting().configName())
                .with("explain.reference_point", v.point().configName())
                .with("explain.ig_steps", igSteps)
                .with("display.smoothing_sigma", 2.0)
                .with("run.seed", seed)
                .with("run.cache", cache.toAbsolutePath());
    }

    /** @return how a validation run's config is written: these keys always, others when changed */
    static ConfigLoader.Writer configWriter() {
        return ConfigLoader.writer().header("written by sharedvis validate")
                .changedOnly("data.stimuli", "data.responses", "data.preferred", "data.neurons", "data.outside_paths",
                        "backbone.model", "backbone.layer", "backbone.pooling", "explain.top_k", "explain.top_m",
                        "explain.method", "explain.weighting", "explain.reference_point", "explain.ig_steps",
                        "display.smoothing_sigma", "run.seed", "run.cache");
    }
}
