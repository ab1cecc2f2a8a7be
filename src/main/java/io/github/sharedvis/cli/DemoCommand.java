package io.github.sharedvis.cli;

import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Fingerprints;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.pipeline.ConfigLoader;
import io.github.sharedvis.pipeline.Pipeline;
import io.github.sharedvis.pipeline.RunConfig;
import io.github.sharedvis.run.PairRow;
import io.github.sharedvis.run.RunFiles;
import io.github.sharedvis.synthetic.Simulation;
import io.github.sharedvis.util.AtomicFiles;
import io.github.sharedvis.util.InputException;
import io.github.sharedvis.util.OutputPruning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
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
 * repository and its registries. The body experiment ({@link DemoSpec#BODY}): generated
 * body-localizer silhouettes, synthetic body-selective neurons reading one layer of the bundled
 * MoveNet network, and an encoding model on another layer. With {@code --faces} the face experiment
 * ({@link DemoSpec#FACES}): drawn adult and child faces, bodies and objects (some face-like),
 * synthetic face-selective neurons reading FaceRes's face features, encoding model on an earlier
 * FaceRes block.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the main job on the embedded default, offline. By default the body",
            "experiment: generated silhouettes of bodies, limbs and objects; synthetic",
            "body-selective neurons on MoveNet " + DemoCommand.NEURON_LAYER + ";",
            "encoding model on MoveNet " + DemoCommand.ENCODING_LAYER + ".",
            "With --faces, the face experiment: drawn adult and child faces, bodies and",
            "objects (half of them face-like); face-selective neurons on FaceRes",
            "feats/Relu; encoding model on FaceRes conv_pw_11. With --data, on your own",
            "stimulus folder."},
        footer = {"", "Examples:", "  sharedvis demo --out demo-out",
            "  sharedvis demo --faces --out demo-faces-out",
            "  sharedvis demo --data ../shared/data/floc --preferred body --out floc-demo",
            "  sharedvis demo --faces --data ../shared/data/floc --per-category 48 --out floc-faces"})
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

    @Option(names = "--faces", description = {"The face experiment instead of the body one (default --out: "
            + "demo-faces-out; preferred: adult,child; 20 images per category)."})
    boolean faces;

    @Option(names = "--data", paramLabel = "DIR|CSV", description = "Your stimulus folder (one sub-folder per category).")
    Path data;

    @Option(names = "--preferred", split = ",", paramLabel = "CATEGORY",
            description = "Preferred category; several (comma-separated) are merged into one named a_b"
                    + " (default: body; with --faces adult,child).")
    List<String> preferred;

    @Option(names = "--per-category", paramLabel = "N", description = {"Generated images per category (default: 30;"
            + " with --faces 20). With --data, use only the first N of each category (default: all)."})
    Integer perCategory;

    @Option(names = "--neurons", defaultValue = "6", description = "Synthetic neurons (default: ${DEFAULT-VALUE}).")
    int neurons;

    @Mixin
    OutputOptions.Quiet quietOption;

    @Override
    public Integer call() throws Exception {
        DemoSpec spec = faces ? DemoSpec.FACES : DemoSpec.BODY;
        Path out = output.orDefault(spec.defaultOut());
        boolean quiet = quietOption.quiet;
        List<String> pref = preferred == null ? spec.preferred() : preferred;
        if (pref.isEmpty() || new HashSet<>(pref).size() != pref.size()) {
            throw new InputException("--preferred needs one or more distinct categories, got " + pref);
        }
        if (perCategory != null && perCategory < 1) {
            throw new InputException("--per-category must be >= 1, got " + perCategory);
        }
        Files.createDirectories(out);
        StimulusSet set = stimuli(spec, out, pref);
        String merged = DemoSpec.mergedName(pref);
        Path rec = out.resolve("recording");
        String recStamp = Fingerprints.of(set.digest(), merged, spec.model(), spec.neuronLayer(), "n=" + neurons);
        Path recMarker = rec.resolve(".stamp");
        if (!Files.isRegularFile(recMarker) || !Files.readString(recMarker).trim().equals(recStamp)) {
            Simulation.Result sim;
            try (Backbone bb = Registry.backbones().open(new BackboneSpec(spec.model(), spec.neuronLayer(),
                    Pooling.AVERAGE, null, "cpu"))) {
                sim = new Simulation(neurons, 10, 20, 0.3, 7).run(set, merged, bb, rec, quiet ? null : System.err);
            }
            for (int j = 0; j < sim.neurons().size(); j++) {
                System.err.printf(Locale.ROOT, "sharedvis: %s: selectivity d' %.2f (%s vs the rest, expected rates)%n",
                        sim.neurons().get(j).id(), sim.dPrime()[j], merged);
            }
            AtomicFiles.writeString(recMarker, recStamp + "\n");
        }
        Path cfgFile = out.resolve("demo.toml");
        writer().write(config(spec, merged), cfgFile);
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
     * The stimuli the neurons see: the generated set (drawn again when its marker differs, stale images
     * removed) or {@code --data}; with several preferred categories, or {@code --per-category} on
     * {@code --data}, a manifest {@code stimuli.csv} in {@code out} with the preferred ones merged and
     * each category cut to its first N.
     */
    StimulusSet stimuli(DemoSpec spec, Path out, List<String> pref) throws IOException {
        StimulusSet set;
        Integer limit = perCategory;
        if (data == null) {
            Path dir = out.resolve("stimuli");
            int n = limit == null ? spec.perCategory() : limit;
            limit = null;
            String stamp = spec.stamp(n);
            Path marker = dir.resolve(".generated");
            if (!Files.isRegularFile(marker) || !Files.readString(marker).trim().equals(stamp)) {
                Set<Path> written = new HashSet<>();
                for (Path p : spec.generate(dir, n)) {
                    written.add(p.normalize());
                }
                OutputPruning.keepOnly(dir, written, p -> p.getFileName().toString().endsWith(".png"));
                AtomicFiles.writeString(marker, stamp + "\n");
            }
            set = StimulusSet.open(dir);
        } else {
            set = StimulusSet.open(data);
        }
        for (String p : pref) {
            set.requireCategory(p);
        }
        String merged = DemoSpec.mergedName(pref);
        if (pref.size() > 1 && set.categories().contains(merged)) {
            throw new InputException((data == null ? "the generated set" : data) + " already has a category '" + merged
                    + "', the name the preferred categories " + pref + " would be merged into; rename that category");
        }
        if (pref.size() == 1 && limit == null) {
            return set;
        }
        Map<String, Integer> taken = new LinkedHashMap<>();
        List<Stimulus> kept = new ArrayList<>();
        for (Stimulus s : set.stimuli()) {
            int k = taken.merge(s.category(), 1, Integer::sum);
            if (limit == null || k <= limit) {
                kept.add(pref.contains(s.category()) ? new Stimulus(s.id(), s.image(), merged) : s);
            }
        }
        Path manifest = out.resolve("stimuli.csv");
        StimulusSet.writeManifest(manifest, kept, false);
        return StimulusSet.fromManifest(manifest, true);
    }

    /**
     * @param preferred the preferred category
     * @return the body demo's configuration as written (paths relative to the output folder)
     */
    static RunConfig config(String preferred) {
        return config(DemoSpec.BODY, preferred);
    }

    /**
     * @param spec the experiment
     * @param preferred the preferred category (merged name)
     * @return the demo's configuration as written (paths relative to the output folder)
     */
    static RunConfig config(DemoSpec spec, String preferred) {
        return RunConfig.defaults()
                .with("data.stimuli", Path.of("recording/manifest.csv"))
                .with("data.responses", Path.of("recording/responses.csv"))
                .with("data.preferred", preferred)
                .with("data.outside_paths", true)
                .with("backbone.model", spec.model())
                .with("backbone.layer", spec.encodingLayer())
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
