package io.github.sharedvis.cli;

import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.backbone.Fingerprints;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.pipeline.ConfigLoader;
import io.github.sharedvis.pipeline.Pipeline;
import io.github.sharedvis.pipeline.RunConfig;
import io.github.sharedvis.run.PairRow;
import io.github.sharedvis.run.RunFiles;
import io.github.sharedvis.synthetic.SilhouetteStimuli;
import io.github.sharedvis.synthetic.Simulation;
import io.github.sharedvis.util.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sharedvis demo}: the main job on an embedded default that needs nothing outside the
 * repository and its registries: generated body-localizer silhouettes, synthetic body-selective
 * neurons reading one layer of the bundled MoveNet network, and an encoding model on another layer.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the main job on the embedded default, offline: generated silhouettes of bodies,",
            "limbs and objects; synthetic body-selective neurons (MoveNet " + DemoCommand.NEURON_LAYER + ");",
            "encoding model on MoveNet " + DemoCommand.ENCODING_LAYER + ". With --data, on your own stimulus folder."},
        footer = {"", "Examples:", "  sharedvis demo --out demo-out",
            "  sharedvis demo --data ../shared/data/floc --preferred body --out floc-demo"})
final class DemoCommand implements Callable<Integer> {

    static final String MODEL = "movenet-thunder";
    /** Body-part keypoint features of MoveNet's heat-map head: what the synthetic neurons read. */
    static final String NEURON_LAYER = "kpt_heatmap_0/re_lu_4/Relu";
    /** The MobileNetV2 backbone's last block: what the encoding model reads (a different layer). */
    static final String ENCODING_LAYER = "out_relu/Relu6";

    /** Where the demo writes when {@code --out} is not given. */
    static final String DEFAULT_OUT = "demo-out";

    /** @return the help's defaults (installed by {@link Main}): the output folder */
    static ResourceBundle helpDefaults() {
        return HelpDefaults.of(OutputOptions.Out.helpDefault(DEFAULT_OUT));
    }

    @Mixin
    OutputOptions.Out output;

    @Option(names = "--data", paramLabel = "DIR|CSV", description = "Your stimulus folder (one sub-folder per category).")
    Path data;

    @Option(names = "--preferred", defaultValue = "body", description = "Preferred category (default: ${DEFAULT-VALUE}).")
    String preferred;

    @Option(names = "--per-category", defaultValue = "30", description = "Generated images per category (default: ${DEFAULT-VALUE}).")
    int perCategory;

    @Option(names = "--neurons", defaultValue = "6", description = "Synthetic neurons (default: ${DEFAULT-VALUE}).")
    int neurons;

    @Mixin
    OutputOptions.Quiet quietOption;

    @Override
    public Integer call() throws Exception {
        Path out = output.orDefault(DEFAULT_OUT);
        boolean quiet = quietOption.quiet;
        Files.createDirectories(out);
        Path stimuli = data;
        if (stimuli == null) {
            stimuli = out.resolve("stimuli");
            String stamp = "silhouettes v3 size=256 seed=1 n=" + perCategory;
            Path marker = out.resolve("stimuli/.generated");
            if (!Files.isRegularFile(marker) || !Files.readString(marker).trim().equals(stamp)) {
                new SilhouetteStimuli(256, 1).write(stimuli, perCategory);
                AtomicFiles.writeString(marker, stamp + "\n");
            }
        }
        StimulusSet set = StimulusSet.open(stimuli).requireCategory(preferred);
        Path rec = out.resolve("recording");
        String recStamp = Fingerprints.of(set.digest(), preferred, MODEL, NEURON_LAYER, "n=" + neurons);
        Path recMarker = rec.resolve(".stamp");
        if (!Files.isRegularFile(recMarker) || !Files.readString(recMarker).trim().equals(recStamp)) {
            try (Backbone bb = Registry.backbones().open(new BackboneSpec(MODEL, NEURON_LAYER, Pooling.AVERAGE,
                    null, "cpu"))) {
                new Simulation(neurons, 10, 20, 0.3, 7).run(set, preferred, bb, rec, quiet ? null : System.err);
            }
            AtomicFiles.writeString(recMarker, recStamp + "\n");
        }
        Path cfgFile = out.resolve("demo.toml");
        writer().write(config(preferred), cfgFile);
        RunConfig cfg = ConfigLoader.load(cfgFile);
        try (Pipeline p = new Pipeline(cfg, cfgFile, out, Registry.backbones(), quiet ? null : System.err)) {
            p.run();
        }
        // Whether the "most similar preferred image" depends on the object, as it should.
        Map<String, Set<String>> refs = new TreeMap<>();
        for (PairRow row : RunFiles.read(out).pairs()) {
            refs.computeIfAbsent(row.neuron(), k -> new TreeSet<>()).add(row.referenceId());
        }
        refs.forEach((n, r) -> System.err.printf(Locale.ROOT, "sharedvis: %s: %d distinct references for %d objects%n",
                n, r.size(), cfg.explain().topK()));
        System.err.println("sharedvis: demo finished; open " + out.resolve("report/index.html").toAbsolutePath());
        return 0;
    }

    /**
     * @param preferred the preferred category
     * @return the demo's configuration as written (paths relative to the output folder)
     */
    static RunConfig config(String preferred) {
        return RunConfig.defaults()
                .with("data.stimuli", Path.of("recording/manifest.csv"))
                .with("data.responses", Path.of("recording/responses.csv"))
                .with("data.preferred", preferred)
                .with("data.outside_paths", true)
                .with("backbone.model", MODEL)
                .with("backbone.layer", ENCODING_LAYER)
                .with("readout.standardize", true)
                .with("explain.top_k", 3)
                .with("explain.top_m", 3)
                .with("explain.method", "gradient")
                .with("display.smoothing_sigma", 4.0);
    }

    /** @return how the demo writes its config: the changed keys, and the choices it shows though default */
    static ConfigLoader.Writer writer() {
        return ConfigLoader.writer().header("written by sharedvis demo")
                .changedOnly("backbone.model", "backbone.pooling", "explain.top_m", "explain.method",
                        "explain.weighting", "explain.reference_point")
                .comment("data.outside_paths", "the simulated manifest points at ../stimuli");
    }
}
