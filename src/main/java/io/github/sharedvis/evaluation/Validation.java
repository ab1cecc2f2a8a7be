package io.github.sharedvis.evaluation;

import io.github.sharedvis.attribution.AttributionMethod;
import io.github.sharedvis.attribution.ReferencePoint;
import io.github.sharedvis.attribution.SaliencyMaps;
import io.github.sharedvis.attribution.Weighting;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.backbone.tfjs.TfjsBackbone;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.pipeline.ConfigLoader;
import io.github.sharedvis.pipeline.Pipeline;
import io.github.sharedvis.pipeline.RunConfig;
import io.github.sharedvis.run.NeuronRow;
import io.github.sharedvis.run.RunFiles;
import io.github.sharedvis.synthetic.SilhouetteStimuli;
import io.github.sharedvis.synthetic.Simulation;
import io.github.sharedvis.synthetic.SyntheticNeuron;
import io.github.sharedvis.util.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The validation of {@code docs/method.md} sections 6 and 7 as one job, on the pipeline's own code path.
 * For every seed:
 * <ol>
 *   <li>synthetic neurons ({@code neuronsPerCategory} per category, readouts of {@code neuronLayer},
 *       Poisson spike counts; {@link Simulation}) on two stimulus sets, the factor "background": fLoc
 *       (textured backgrounds; all images of each category up to {@code perCategory}) and generated
 *       silhouettes on uniform backgrounds;</li>
 *   <li>one {@link Pipeline} run per preferred category (features of {@code encodingLayer}, the ridge
 *       readout on all preferred images, the explain step with the first variant, the report);</li>
 *   <li>the {@link PlantedFeatureBenchmark} for every neuron and patch size, every variant and the
 *       single-image baselines, reading the runs' own readouts and features;</li>
 *   <li>for the first seed, the model-randomisation sanity check (Adebayo et al., NeurIPS 2018).</li>
 * </ol>
 * Writes {@code validation.md} (tables with 95% bootstrap intervals over pairs), {@code planted.csv}
 * (every pair and score), {@code randomisation.csv}, {@code planted_examples.png} and, for a split
 * that chooses, {@code selection.md}: the variant that wins the pre-declared criterion
 * ({@link #criterion}).
 */
public final class Validation {

    /** The default neurons: the paper's six categories (bodies, faces, cars, instruments, houses, words). */
    public static final List<String> NEURON_CATEGORIES = List.of("body", "adult", "car", "instrument", "house", "word");
    /** The silhouette set's neuron categories (the paper's six that it has). */
    public static final List<String> SILHOUETTE_CATEGORIES = List.of("body", "car");

    /** The encoding model's default layer (MoveNet's MobileNetV2, stride 16). */
    public static final String ENCODING_LAYER = "block_12_expand_relu/Relu6";
    /** The synthetic neurons' default layer (stride 32, a different and deeper layer). */
    public static final String NEURON_LAYER = "out_relu/Relu6";

    /** The named protocol splits. */
    public enum Split {
        /** Development: seeds 0-2, MoveNet Lightning, every candidate variant; chooses the default. */
        DEV("movenet-lightning", List.of(0L, 1L, 2L), 1, 2),
        /** Held out: other seeds, MoveNet Thunder for neurons and readout, the frozen default. */
        HELDOUT("movenet-thunder", List.of(100L, 101L, 102L), 2, 3);

        private final String model;
        private final List<Long> seeds;
        private final int pairsPerCell;
        private final int silhouettePairsPerCell;

        Split(String model, List<Long> seeds, int pairsPerCell, int silhouettePairsPerCell) {
            this.model = model;
            this.seeds = seeds;
            this.pairsPerCell = pairsPerCell;
            this.silhouettePairsPerCell = silhouettePairsPerCell;
        }

        /** @return the split's network */
        public String model() {
            return model;
        }

        /** @return the split's seeds */
        public List<Long> seeds() {
            return seeds;
        }
    }

    /**
     * The development grid: the weightings {@code paper}, {@code both_above} and {@code signed}
     * relative to every reference point, plain gradient (11 variants). {@code both_above} at
     * {@code none} equals {@code paper} on non-negative features and is left out; {@code excitatory}
     * ({@code paper} restricted to {@code w > 0}) was in a first 8-pair smoke run of the grid on seed 0
     * and is left out for time (each variant costs four backward passes per pair).
     *
     * @return the variants, the paper's literal reading first
     */
    public static List<PlantedFeatureBenchmark.Variant> developmentGrid() {
        List<PlantedFeatureBenchmark.Variant> out = new ArrayList<>();
        for (ReferencePoint.Kind k : ReferencePoint.Kind.values()) {
            for (Weighting w : List.of(Weighting.PAPER, Weighting.BOTH_ABOVE, Weighting.SIGNED)) {
                if (w == Weighting.BOTH_ABOVE && k == ReferencePoint.Kind.NONE) {
                    continue;
                }
                out.add(new PlantedFeatureBenchmark.Variant(w, k, AttributionMethod.GRADIENT));
            }
        }
        return out;
    }

    /**
     * The held-out variants: the frozen default ({@link ConfigLoader#DEFAULT_WEIGHTING},
     * {@link ConfigLoader#DEFAULT_REFERENCE_POINT}, gradient) and the paper's literal reading. The
     * method is the plain gradient throughout: Integrated Gradients costs {@code steps} times as much per
     * map and did not fit the protocol's time; IG of r̂ is reported as a baseline.
     *
     * @return the variants, the default first
     */
    public static List<PlantedFeatureBenchmark.Variant> heldOutVariants() {
        List<PlantedFeatureBenchmark.Variant> out = new ArrayList<>();
        out.add(new PlantedFeatureBenchmark.Variant(ConfigLoader.DEFAULT_WEIGHTING, ConfigLoader.DEFAULT_REFERENCE_POINT,
                AttributionMethod.GRADIENT));
        PlantedFeatureBenchmark.Variant literal = new PlantedFeatureBenchmark.Variant(Weighting.PAPER,
                ReferencePoint.Kind.NONE, AttributionMethod.GRADIENT);
        if (!out.contains(literal)) {
            out.add(literal);
        }
        return out;
    }

    private final Path data;
    private final Path out;
    private final String label;
    private final String model;
    private final String encodingLayer;
    private final String neuronLayer;
    private final int perCategory;
    private final int neuronsPerCategory;
    private final List<String> neuronCategories;
    private final boolean silhouettes;
    private final int silhouettesPerCategory;
    private final double[] patchFractions;
    private final int pairsPerCell;
    private final int silhouettePairsPerCell;
    private final List<Long> seeds;
    private final List<PlantedFeatureBenchmark.Variant> variants;
    private final boolean choose;
    private final PlantedFeatureBenchmark benchmark;
    private final int igSteps;
    private final int cascadeSteps;
    private final int resamples;
    private final PrintStream progress;

    private Validation(Builder b) {
        this.data = b.data;
        this.out = b.out;
        this.label = b.label;
        this.model = b.model;
        this.encodingLayer = b.encodingLayer;
        this.neuronLayer = b.neuronLayer;
        this.perCategory = b.perCategory;
        this.neuronsPerCategory = b.neuronsPerCategory;
        this.neuronCategories = List.copyOf(b.neuronCategories);
        this.silhouettes = b.silhouettes;
        this.silhouettesPerCategory = b.silhouettesPerCategory;
        this.patchFractions = b.patchFractions.clone();
        this.pairsPerCell = b.pairsPerCell;
        this.silhouettePairsPerCell = b.silhouettePairsPerCell;
        this.seeds = List.copyOf(b.seeds);
        this.variants = List.copyOf(b.variants);
        this.choose = b.choose;
        this.igSteps = b.igSteps;
        this.benchmark = PlantedFeatureBenchmark.builder().igSteps(b.igSteps).deletion(b.deletion).build();
        this.cascadeSteps = b.cascadeSteps;
        this.resamples = b.resamples;
        this.progress = b.progress;
    }

    /**
     * @param data the fLoc folder (with {@code labels.csv}: image, category, domain)
     * @param out the output folder
     * @return a builder (defaults: the development split's network and seeds, the development grid)
     */
    public static Builder builder(Path data, Path out) {
        return new Builder(data, out);
    }

    /** One stimulus set of the background factor. */
    private record Arm(String background, StimulusSet set, Map<String, String> domains, List<String> categories,
            int pairsPerCell) {}

    /**
     * Runs everything.
     *
     * @param registry the backbones
     * @return the path of {@code validation.md}
     * @throws IOException on unreadable inputs or unwritable outputs
     */
    public Path run(Backbones registry) throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(out);
        List<Arm> arms = new ArrayList<>();
        Map<String, String> flocDomains = new LinkedHashMap<>();
        Path manifest = flocSubset(flocDomains);
        arms.add(new Arm("floc", StimulusSet.open(manifest, true), flocDomains, neuronCategories, pairsPerCell));
        if (silhouettes) {
            Path dir = out.resolve("silhouettes");
            new SilhouetteStimuli(256, 1).write(dir, silhouettesPerCategory);
            Map<String, String> d = new LinkedHashMap<>();
            for (String c : SilhouetteStimuli.CATEGORIES) {
                d.put(c, c.equals("limb") ? "body" : c);
            }
            arms.add(new Arm("silhouettes", StimulusSet.open(dir), d, SILHOUETTE_CATEGORIES, silhouettePairsPerCell));
        }
        Path cache = out.resolve("cache");
        Map<String, Double> seconds = new LinkedHashMap<>();
        List<PlantedFeatureBenchmark.PairResult> pairs = new ArrayList<>();
        List<String> seedOfPair = new ArrayList<>();
        List<NeuronRow> neuronRows = new ArrayList<>();
        List<double[]> randomisation = new ArrayList<>();
        List<String> randomisationSteps = new ArrayList<>();
        List<PlantedFeatureBenchmark.Example> figureExamples = new ArrayList<>();
        List<String> methods = null;
        try (Backbone nb = registry.open(new BackboneSpec(model, neuronLayer, Pooling.AVERAGE, null, "cpu"));
                Backbone enc = registry.open(new BackboneSpec(model, encodingLayer, Pooling.AVERAGE, null, "cpu"));
                Backbone spatial = registry.open(new BackboneSpec(model, encodingLayer, Pooling.NONE, null, "cpu"))) {
            for (long seed : seeds) {
                for (Arm arm : arms) {
                    Path base = out.resolve("seed-" + seed).resolve(arm.background());
                    long t = System.nanoTime();
                    Simulation.Result sim = new Simulation(neuronsPerCategory, 10, 20, 0.3, seed)
                            .run(arm.set(), arm.categories(), nb, base.resolve("recording"), progress, cache);
                    add(seconds, "simulate", t);
                    t = System.nanoTime();
                    Map<String, Path> runs = new LinkedHashMap<>();
                    RunConfig.Explain settings = null;
                    for (String cat : arm.categories()) {
                        List<String> ids = sim.neurons().stream().filter(n -> n.preferred().equals(cat))
                                .map(SyntheticNeuron::id).toList();
                        Path run = base.resolve("runs").resolve(cat);
                        // the benchmark uses the [explain] settings exactly as the runs parsed them
                        settings = pipeline(run, sim, cat, ids, seed, cache, registry).explain();
                        runs.put(cat, run);
                        neuronRows.addAll(RunFiles.read(run).neurons());
                    }
                    add(seconds, "pipeline runs", t);
                    t = System.nanoTime();
                    PlantedFeatureBenchmark.Inputs in = new PlantedFeatureBenchmark.Inputs(arm.set(), arm.background(),
                            arm.domains(), sim.neurons(), nb, enc, spatial, runs, settings, seed);
                    PlantedFeatureBenchmark.Result r = benchmark.run(in, variants, patchFractions, arm.pairsPerCell(),
                            seed, progress);
                    add(seconds, "planted benchmark", t);
                    methods = r.methods();
                    pairs.addAll(r.pairs());
                    r.pairs().forEach(p -> seedOfPair.add(Long.toString(seed)));
                    if (seed == seeds.get(0)) {
                        figureExamples.addAll(firstPerNeuron(r.examples()));
                    }
                    if (seed == seeds.get(0) && arm.background().equals("floc") && enc instanceof TfjsBackbone tf
                            && cascadeSteps > 0) {
                        t = System.nanoTime();
                        randomisationSteps.clear();
                        randomisation.addAll(randomise(in, r, tf, randomisationSteps, seed));
                        add(seconds, "randomisation check", t);
                    }
                }
            }
        }
        writePairs(methods, pairs, seedOfPair);
        writeRandomisation(randomisationSteps, randomisation);
        writeExamples(methods, figureExamples);
        seconds.put("total", (System.nanoTime() - t0) / 1e9);
        String md = report(methods, pairs, neuronRows, randomisationSteps, randomisation, seconds);
        Path file = out.resolve("validation.md");
        AtomicFiles.writeString(file, md);
        return file;
    }

    /** The first example of each neuron (the first patch size): the figure's rows and the randomisation pairs. */
    private static List<PlantedFeatureBenchmark.Example> firstPerNeuron(List<PlantedFeatureBenchmark.Example> all) {
        List<PlantedFeatureBenchmark.Example> out = new ArrayList<>();
        String last = "";
        for (PlantedFeatureBenchmark.Example e : all) {
            if (!e.pair().neuron().equals(last)) {
                out.add(e);
                last = e.pair().neuron();
            }
        }
        return out;
    }

    private static void add(Map<String, Double> seconds, String key, long t) {
        seconds.merge(key, (System.nanoTime() - t) / 1e9, Double::sum);
    }

    /** The cascade (top 1, then evenly more, down to all weight layers) and the random readout. */
    private List<double[]> randomise(PlantedFeatureBenchmark.Inputs in, PlantedFeatureBenchmark.Result r,
            TfjsBackbone enc, List<String> steps, long seed) throws IOException {
        int layers = enc.weightLayers().size();
        List<Integer> ks = new ArrayList<>();
        for (int s = 1; s <= cascadeSteps; s++) {
            int k = s == 1 ? 1 : (int) Math.round((double) layers * s / cascadeSteps);
            if (!ks.contains(k)) {
                ks.add(k);
            }
        }
        List<TfjsBackbone> copies = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        try {
            for (int k : ks) {
                copies.add(enc.randomised(k, seed + 17));
                steps.add("top " + k + " of " + layers + " layers");
            }
            steps.add("random readout");
            rows.addAll(benchmark.randomisation(in, variants.get(0), firstPerNeuron(r.examples()), copies, seed + 23));
        } finally {
            copies.forEach(TfjsBackbone::close);
        }
        return rows;
    }

    // ------------------------------------------------------------------ stimuli

    /** Writes {@code stimuli.csv}: up to {@code perCategory} images per fLoc category (no scrambled), seeded. */
    private Path flocSubset(Map<String, String> domains) throws IOException {
        Path labels = data.resolve("labels.csv");
        if (!Files.isRegularFile(labels)) {
            throw new IOException(labels + " not found; --data must be the fLoc folder of ../shared/data (with "
                    + "labels.csv: image,category,domain)");
        }
        Map<String, List<String>> byCat = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(labels)) {
            String header = r.readLine();
            if (header == null || !header.trim().equals("image,category,domain")) {
                throw new IOException(labels + ": expected the header image,category,domain, got " + header);
            }
            String line;
            int no = 1;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                if (f.length != 3) {
                    throw new IOException(labels + ":" + no + ": expected 3 fields (image,category,domain), got '"
                            + line + "'");
                }
                if (f[1].equals("scrambled")) {
                    continue;
                }
                byCat.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f[0]);
                domains.put(f[1], f[2]);
            }
        }
        for (String c : neuronCategories) {
            if (!byCat.containsKey(c)) {
                throw new IllegalArgumentException("neuron category '" + c + "' is not in " + labels + "; known: "
                        + byCat.keySet());
            }
        }
        StringBuilder sb = new StringBuilder("image,category,stimulus_id\n");
        Random rnd = new Random(0);
        for (Map.Entry<String, List<String>> e : byCat.entrySet()) {
            List<String> imgs = new ArrayList<>(e.getValue());
            Collections.sort(imgs);
            Collections.shuffle(imgs, rnd);
            for (String img : imgs.subList(0, Math.min(perCategory, imgs.size()))) {
                Path p = data.resolve(img).toAbsolutePath().normalize();
                String id = p.getFileName().toString().replaceFirst("\\.[^.]+$", "");
                sb.append(p).append(',').append(e.getKey()).append(',').append(id).append('\n');
            }
        }
        Path manifest = out.resolve("stimuli.csv");
        AtomicFiles.writeString(manifest, sb.toString());
        return manifest;
    }

    // ------------------------------------------------------------------ pipeline

    /**
     * One pipeline run: its config explains with the first variant, 3 pairs per neuron for the report.
     *
     * @return the run's configuration as loaded
     */
    private RunConfig pipeline(Path dir, Simulation.Result sim, String category, List<String> neurons, long seed,
            Path cache, Backbones registry) throws IOException {
        Files.createDirectories(dir);
        PlantedFeatureBenchmark.Variant v = variants.get(0);
        Path cfgFile = dir.resolve("run.toml");
        configWriter().write(runConfig(sim.manifest(), sim.responses(), category, neurons, model, encodingLayer, v,
                igSteps, seed, cache), cfgFile);
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

    // ------------------------------------------------------------------ outputs

    /**
     * The display maximum of a pair: the 99.5th percentile of the two maps' values (not the maximum, so
     * a few hot pixels of a gradient map do not wash out the rest); both maps share it.
     */
    static float displayMax(float[] a, float[] b) {
        float[] all = new float[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        java.util.Arrays.sort(all);
        float q = all[(int) Math.floor(0.995 * (all.length - 1))];
        return q > 0 ? q : SaliencyMaps.jointMax(a, b);
    }

    private void writePairs(List<String> methods, List<PlantedFeatureBenchmark.PairResult> pairs, List<String> seedOf)
            throws IOException {
        StringBuilder sb = new StringBuilder("seed,neuron,background,patch_fraction,target,target_category,source,x,y,"
                + "size,source_x,source_y,rate_before,rate_after,predicted_before,predicted_after,n_preferred");
        int nv = variants.size();
        for (int v = 0; v < nv; v++) {
            sb.append(",source_rank_").append(v + 1).append(",similarity_").append(v + 1);
        }
        for (int m = 0; m < methods.size(); m++) {
            String k = "m" + (m + 1);
            sb.append(',').append(k).append("_ooc_mass,").append(k).append("_ooc_mass_smoothed,").append(k)
                    .append("_ooc_hit,").append(k).append("_reference_mass,").append(k).append("_reference_hit,")
                    .append(k).append("_auc_similarity,").append(k).append("_auc_response");
        }
        sb.append('\n');
        for (int i = 0; i < pairs.size(); i++) {
            PlantedFeatureBenchmark.PairResult p = pairs.get(i);
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%.4f,%s,%s,%s,%d,%d,%d,%d,%d,%.6g,%.6g,%.6g,%.6g,%d",
                    seedOf.get(i), csv(p.neuron()), p.background(), p.patchFraction(), csv(p.target()),
                    csv(p.targetCategory()), csv(p.source()), p.region().x(), p.region().y(), p.region().width(),
                    p.sourceRegion().x(), p.sourceRegion().y(), p.rateBefore(), p.rateAfter(), p.predictedBefore(),
                    p.predictedAfter(), p.nPreferred()));
            for (int v = 0; v < nv; v++) {
                sb.append(String.format(Locale.ROOT, ",%d,%.6g", p.sourceRank()[v], p.similarity()[v]));
            }
            for (int m = 0; m < methods.size(); m++) {
                sb.append(String.format(Locale.ROOT, ",%.6g,%.6g,%d,%.6g,%d,%.6g,%.6g", p.oocMass()[m],
                        p.oocMassSmoothed()[m], p.oocHit()[m], p.referenceMass()[m], p.referenceHit()[m],
                        p.aucSimilarity()[m], p.aucResponse()[m]));
            }
            sb.append('\n');
        }
        StringBuilder legend = new StringBuilder("method,label\n");
        for (int m = 0; m < methods.size(); m++) {
            legend.append("m").append(m + 1).append(',').append(csv(methods.get(m))).append('\n');
        }
        AtomicFiles.writeString(out.resolve("planted.csv"), sb.toString());
        AtomicFiles.writeString(out.resolve("planted_methods.csv"), legend.toString());
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private void writeRandomisation(List<String> steps, List<double[]> rows) throws IOException {
        StringBuilder sb = new StringBuilder("pair");
        steps.forEach(s -> sb.append(',').append(csv(s)));
        sb.append('\n');
        for (int i = 0; i < rows.size(); i++) {
            sb.append(i + 1);
            for (double v : rows.get(i)) {
                sb.append(String.format(Locale.ROOT, ",%.6g", v));
            }
            sb.append('\n');
        }
        AtomicFiles.writeString(out.resolve("randomisation.csv"), sb.toString());
    }

    private void writeExamples(List<String> methods, List<PlantedFeatureBenchmark.Example> examples) throws IOException {
        if (examples.isEmpty()) {
            return;
        }
        int nv = variants.size();
        int grad = nv;
        int cam = nv + 2;
        List<String> cols = List.of("planted", "shared (1st)", "grad r̂", "Grad-CAM r̂", "source", "shared (1st)",
                "grad r̂", "Grad-CAM r̂");
        List<String> rows = new ArrayList<>();
        List<List<FigureGrid.Cell>> cells = new ArrayList<>();
        for (PlantedFeatureBenchmark.Example e : examples) {
            PlantedFeatureBenchmark.PairResult p = e.pair();
            rows.add(String.format(Locale.ROOT, "%s (%s)\nrate %.1f -> %.1f\nsource rank %d/%d", p.neuron(),
                    p.background(), p.rateBefore(), p.rateAfter(), p.sourceRank()[0], p.nPreferred()));
            int h = e.planted().getHeight();
            int w = e.planted().getWidth();
            List<FigureGrid.Cell> row = new ArrayList<>();
            row.add(new FigureGrid.Cell(e.planted(), p.region()));
            for (int m : new int[] {0, grad, cam}) {
                float[] s = SaliencyMaps.gaussianSmooth(e.oocMaps()[m], h, w, 2);
                row.add(new FigureGrid.Cell(FigureGrid.overlay(e.planted(), s, displayMax(s, s)), p.region()));
            }
            row.add(new FigureGrid.Cell(e.source(), p.sourceRegion()));
            for (int m : new int[] {0, grad, cam}) {
                float[] s = SaliencyMaps.gaussianSmooth(e.referenceMaps()[m], h, w, 2);
                row.add(new FigureGrid.Cell(FigureGrid.overlay(e.source(), s, displayMax(s, s)), p.sourceRegion()));
            }
            cells.add(row);
        }
        BufferedImage img = FigureGrid.draw(cols, rows, cells, 72, "Planted patches (box) with the ooc maps; the "
                + "patch's source (box: where it was cut) with its maps; 1st = " + methods.get(0));
        AtomicFiles.write(out.resolve("planted_examples.png"), o -> ImageIO.write(img, "png", o));
    }

    // ------------------------------------------------------------------ tables

    /**
     * The pre-declared selection criterion of the development split, fixed before any run: the product of
     * two ratios of means over all pairs, (a) the ooc map's mass in the planted region over the best
     * single-image pixel-gradient baseline's (gradient or IG of r̂), and (b) the forced-source reference
     * map's mass in the source region over the best single-image baseline's (gradient, IG or Grad-CAM of
     * r̂). Both must rise for a variant to win; the retrieval and deletion scores are reported, not used.
     *
     * @param methods the method labels (variants then {@link PlantedFeatureBenchmark#BASELINES})
     * @param pairs the pairs
     * @param variant the variant's index
     * @return the criterion
     */
    public static double criterion(List<String> methods, List<PlantedFeatureBenchmark.PairResult> pairs, int variant) {
        int nv = methods.size() - PlantedFeatureBenchmark.BASELINES.size();
        double ooc = mean(pairs, p -> p.oocMass()[variant]);
        double ref = mean(pairs, p -> p.referenceMass()[variant]);
        double bestOoc = Math.max(mean(pairs, p -> p.oocMass()[nv]), mean(pairs, p -> p.oocMass()[nv + 1]));
        double bestRef = Math.max(Math.max(mean(pairs, p -> p.referenceMass()[nv]),
                mean(pairs, p -> p.referenceMass()[nv + 1])), mean(pairs, p -> p.referenceMass()[nv + 2]));
        return ooc / bestOoc * (ref / bestRef);
    }

    private static double mean(List<PlantedFeatureBenchmark.PairResult> pairs,
            ToDoubleFunction<PlantedFeatureBenchmark.PairResult> f) {
        return pairs.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private Bootstrap.Interval ci(List<PlantedFeatureBenchmark.PairResult> pairs,
            ToDoubleFunction<PlantedFeatureBenchmark.PairResult> f, long s) {
        double[] v = pairs.stream().mapToDouble(f).filter(Double::isFinite).toArray();
        return v.length == 0 ? new Bootstrap.Interval(Double.NaN, Double.NaN, Double.NaN)
                : Bootstrap.mean(v, resamples, 0.95, s);
    }

    private static String fmt(Bootstrap.Interval i) {
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", i.estimate(), i.low(), i.high());
    }

    private String report(List<String> methods, List<PlantedFeatureBenchmark.PairResult> pairs,
            List<NeuronRow> neurons, List<String> randSteps, List<double[]> rand, Map<String, Double> seconds)
            throws IOException {
        int nv = variants.size();
        int nm = methods.size();
        StringBuilder md = new StringBuilder();
        md.append("# Validation results: ").append(label).append("\n\n");
        md.append(String.format(Locale.ROOT, "Network `%s`: encoding layer `%s`, synthetic neurons read `%s`. Seeds %s. "
                + "fLoc: up to %d images per category (scrambled excluded); %s. %d neurons per category. Patch sizes %s "
                + "of the image. %d pairs over %d neurons. %d variants under test (listed below).%n%n", model,
                encodingLayer, neuronLayer, seeds, perCategory, silhouettes ? "silhouettes on uniform backgrounds, "
                        + silhouettesPerCategory + " per category" : "no silhouettes", neuronsPerCategory,
                java.util.Arrays.toString(patchFractions), pairs.size(), pairs.stream().map(p -> p.neuron() + p.background())
                        .distinct().count(), nv));
        md.append("## Encoding models\n\n");
        double[] rw = neurons.stream().mapToDouble(NeuronRow::rWithinCv).toArray();
        double[] ro = neurons.stream().mapToDouble(NeuronRow::rOoc).toArray();
        double[] rel = neurons.stream().mapToDouble(NeuronRow::reliability).toArray();
        md.append(String.format(Locale.ROOT, "%d neuron readouts (over seeds and backgrounds): r within (CV) median %.3f "
                + "(range %.3f..%.3f), r ooc median %.3f (range %.3f..%.3f), split-half reliability median %.3f.%n%n",
                neurons.size(), median(rw), min(rw), max(rw), median(ro), min(ro), max(ro), median(rel)));
        long rose = pairs.stream().filter(p -> p.rateAfter() > p.rateBefore()).count();
        md.append(String.format(Locale.ROOT, "The patch raised the true rate in %d of %d pairs, by %s spikes; the "
                + "readout's prediction by %s.%n%n", rose, pairs.size(), fmt(ci(pairs, p -> p.rateAfter() - p.rateBefore(),
                        1)), fmt(ci(pairs, p -> p.predictedAfter() - p.predictedBefore(), 2))));

        md.append("## Maps (all pairs)\n\n95% percentile bootstrap intervals over pairs (").append(resamples)
                .append(" resamples). ooc = the planted image paired with its retrieved reference; reference = the patch's "
                        + "source paired with the planted image (forced), mass inside the region the patch was cut from.\n\n");
        md.append("| map | ooc mass in region | ooc pointing | reference mass in source region | reference pointing "
                + "| deletion AUC, response | deletion AUC, similarity |\n|---|---|---|---|---|---|---|\n");
        for (int m = 0; m < nm; m++) {
            int k = m;
            md.append("| ").append(methods.get(m)).append(" | ").append(fmt(ci(pairs, p -> p.oocMass()[k], 10 + k)))
                    .append(" | ").append(fmt(ci(pairs, p -> p.oocHit()[k], 200 + k))).append(" | ")
                    .append(fmt(ci(pairs, p -> p.referenceMass()[k], 400 + k))).append(" | ")
                    .append(fmt(ci(pairs, p -> p.referenceHit()[k], 600 + k))).append(" | ")
                    .append(fmt(ci(pairs, p -> p.aucResponse()[k], 800 + k))).append(" | ")
                    .append(fmt(ci(pairs, p -> p.aucSimilarity()[k], 1000 + k))).append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "%nArea fractions: the patch covers %s of the image.%n%n",
                java.util.Arrays.toString(patchFractions)));

        md.append("## Against the best single-image baseline (paired bootstrap ratio of means)\n\n");
        md.append("| variant | ooc mass / best pixel baseline (%s) | ooc mass / Grad-CAM | reference mass / best baseline (%s) "
                .formatted(bestLabel(methods, pairs, true, false), bestLabel(methods, pairs, false, true))
                + "| source in top 1 | source in top 5 (chance) | criterion |\n|---|---|---|---|---|---|---|\n");
        int bestPix = best(pairs, nv, true, false);
        int bestRef = best(pairs, nv, false, true);
        for (int v = 0; v < nv; v++) {
            int k = v;
            double[] a = pairs.stream().mapToDouble(p -> p.oocMass()[k]).toArray();
            double[] b = pairs.stream().mapToDouble(p -> p.oocMass()[bestPix]).toArray();
            double[] cam = pairs.stream().mapToDouble(p -> p.oocMass()[nv + 2]).toArray();
            double[] ra = pairs.stream().mapToDouble(p -> p.referenceMass()[k]).toArray();
            double[] rb = pairs.stream().mapToDouble(p -> p.referenceMass()[bestRef]).toArray();
            Bootstrap.Interval top1 = ci(pairs, p -> p.sourceRank()[k] <= 1 ? 1 : 0, 1200 + k);
            Bootstrap.Interval top5 = ci(pairs, p -> p.sourceRank()[k] <= 5 ? 1 : 0, 1400 + k);
            double chance5 = pairs.stream().mapToDouble(p -> Math.min(1, 5.0 / p.nPreferred())).average().orElse(1);
            md.append("| ").append(methods.get(v)).append(" | ")
                    .append(fmt(Bootstrap.ratio(a, b, resamples, 0.95, 1600 + k))).append(" | ")
                    .append(fmt(Bootstrap.ratio(a, cam, resamples, 0.95, 1800 + k))).append(" | ")
                    .append(fmt(Bootstrap.ratio(ra, rb, resamples, 0.95, 2000 + k))).append(" | ")
                    .append(fmt(top1)).append(" | ")
                    .append(fmt(top5)).append(String.format(Locale.ROOT, " (%.3f, %.1fx) | %.3f |%n", chance5,
                            top5.estimate() / chance5, criterion(methods, pairs, v)));
        }
        md.append("\n## By factor (background x patch size): mass in region\n\n| cell | pairs |");
        List<Integer> shown = new ArrayList<>(List.of(0));
        for (int m = nv; m < nm - 1; m++) {
            shown.add(m);
        }
        for (int m : shown) {
            md.append(" ooc: ").append(methods.get(m)).append(" |");
        }
        for (int m : shown) {
            md.append(" reference: ").append(methods.get(m)).append(" |");
        }
        md.append("\n|---|---|").append("---|".repeat(2 * shown.size())).append('\n');
        for (String bg : pairs.stream().map(PlantedFeatureBenchmark.PairResult::background).distinct().toList()) {
            for (double f : patchFractions) {
                List<PlantedFeatureBenchmark.PairResult> cell = pairs.stream()
                        .filter(p -> p.background().equals(bg) && p.patchFraction() == f).toList();
                md.append(String.format(Locale.ROOT, "| %s, %.0f%% | %d |", bg, 100 * f, cell.size()));
                for (int m : shown) {
                    md.append(' ').append(fmt(ci(cell, p -> p.oocMass()[m], 3000 + m))).append(" |");
                }
                for (int m : shown) {
                    md.append(' ').append(fmt(ci(cell, p -> p.referenceMass()[m], 3200 + m))).append(" |");
                }
                md.append('\n');
            }
        }
        if (!rand.isEmpty()) {
            md.append("\n## Model randomisation (Adebayo et al., NeurIPS 2018)\n\nSpearman rho between the trained ooc map of ")
                    .append(methods.get(0)).append(" and the same map after re-initialising the network's weight layers "
                            + "cascading from the top (Gaussian with each tensor's mean and std), and with the trained "
                            + "network and a random readout; one planted pair per neuron of the first seed (")
                    .append(rand.size()).append(" pairs).\n\n| randomised | rho |\n|---|---|\n");
            for (int s = 0; s < randSteps.size(); s++) {
                int k = s;
                double[] v = rand.stream().mapToDouble(r -> r[k]).filter(Double::isFinite).toArray();
                md.append("| ").append(randSteps.get(s)).append(" | ").append(fmt(Bootstrap.mean(v, resamples, 0.95,
                        4000 + s))).append(" |\n");
            }
        }
        if (choose) {
            int win = 0;
            for (int v = 1; v < nv; v++) {
                if (criterion(methods, pairs, v) > criterion(methods, pairs, win)) {
                    win = v;
                }
            }
            String sel = String.format(Locale.ROOT, "# Selection (%s)%n%nCriterion (declared before the run): ooc mass / "
                    + "best pixel baseline x reference mass / best single-image baseline, ratios of means over %d pairs."
                    + "%n%nVariants tried: %d. Winner: **%s**, criterion %.3f (the paper's literal reading %s: %.3f).%n",
                    label, pairs.size(), nv, methods.get(win), criterion(methods, pairs, win), methods.get(0),
                    criterion(methods, pairs, 0));
            AtomicFiles.writeString(out.resolve("selection.md"), sel);
            md.append("\n## Selection\n\n").append(sel.substring(sel.indexOf('\n') + 2));
        }
        md.append("\n## Time\n\n| step | seconds |\n|---|---|\n");
        seconds.forEach((k, v) -> md.append(String.format(Locale.ROOT, "| %s | %.1f |%n", k, v)));
        return md.toString();
    }

    /** The baseline with the highest mean ooc (pixel) or reference (any) mass. */
    private static int best(List<PlantedFeatureBenchmark.PairResult> pairs, int nv, boolean ooc, boolean withCam) {
        int last = withCam ? nv + 2 : nv + 1;
        int best = nv;
        for (int m = nv; m <= last; m++) {
            int k = m;
            int b = best;
            ToDoubleFunction<PlantedFeatureBenchmark.PairResult> f = ooc ? p -> p.oocMass()[k] : p -> p.referenceMass()[k];
            ToDoubleFunction<PlantedFeatureBenchmark.PairResult> g = ooc ? p -> p.oocMass()[b] : p -> p.referenceMass()[b];
            if (mean(pairs, f) > mean(pairs, g)) {
                best = m;
            }
        }
        return best;
    }

    private static String bestLabel(List<String> methods, List<PlantedFeatureBenchmark.PairResult> pairs, boolean ooc,
            boolean withCam) {
        int nv = methods.size() - PlantedFeatureBenchmark.BASELINES.size();
        return methods.get(best(pairs, nv, ooc, withCam));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }

    /** Options for {@link Validation}. */
    public static final class Builder {
        private final Path data;
        private final Path out;
        private String label = "custom";
        private String model = Split.DEV.model();
        private String encodingLayer = ENCODING_LAYER;
        private String neuronLayer = NEURON_LAYER;
        private int perCategory = 144;
        private int neuronsPerCategory = 2;
        private List<String> neuronCategories = NEURON_CATEGORIES;
        private boolean silhouettes = true;
        private int silhouettesPerCategory = 40;
        private double[] patchFractions = {0.08, 0.15};
        private int pairsPerCell = 2;
        private int silhouettePairsPerCell = 3;
        private List<Long> seeds = Split.DEV.seeds();
        private List<PlantedFeatureBenchmark.Variant> variants = developmentGrid();
        private boolean choose = false;
        private boolean deletion = true;
        private int igSteps = 8;
        private int cascadeSteps = 4;
        private int resamples = 2000;
        private PrintStream progress;

        private Builder(Path data, Path out) {
            this.data = data;
            this.out = out;
        }

        /**
         * Sets the network, seeds, variants and whether to choose, as the protocol names them.
         *
         * @param s the split
         * @return this
         */
        public Builder split(Split s) {
            this.label = s.name().toLowerCase(Locale.ROOT);
            this.model = s.model();
            this.seeds = s.seeds();
            this.variants = s == Split.DEV ? developmentGrid() : heldOutVariants();
            this.choose = s == Split.DEV;
            this.pairsPerCell = s.pairsPerCell;
            this.silhouettePairsPerCell = s.silhouettePairsPerCell;
            return this;
        }

        /** @param m bundled model or model file for neurons and readout @return this */
        public Builder model(String m) {
            this.model = m;
            return this;
        }

        /** @param l the encoding model's node @return this */
        public Builder encodingLayer(String l) {
            this.encodingLayer = l;
            return this;
        }

        /** @param l the synthetic neurons' node @return this */
        public Builder neuronLayer(String l) {
            this.neuronLayer = l;
            return this;
        }

        /** @param n fLoc images per category, at least 10 (default 144: all) @return this */
        public Builder perCategory(int n) {
            if (n < 10) {
                throw new IllegalArgumentException("at least 10 images per category, got " + n);
            }
            this.perCategory = n;
            return this;
        }

        /** @param n synthetic neurons per category, at least 1 (default 2) @return this */
        public Builder neuronsPerCategory(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("at least 1 neuron per category, got " + n);
            }
            this.neuronsPerCategory = n;
            return this;
        }

        /** @param c fLoc neuron categories @return this */
        public Builder neuronCategories(List<String> c) {
            if (c.isEmpty()) {
                throw new IllegalArgumentException("name at least one neuron category");
            }
            this.neuronCategories = List.copyOf(c);
            return this;
        }

        /** @param on whether to add the uniform-background silhouettes (default on) @return this */
        public Builder silhouettes(boolean on) {
            this.silhouettes = on;
            return this;
        }

        /** @param f patch areas as fractions of the image, each in (0, 0.36] @return this */
        public Builder patchFractions(double... f) {
            if (f.length == 0) {
                throw new IllegalArgumentException("name at least one patch size");
            }
            for (double x : f) {
                if (!(x > 0 && x <= 0.36)) {
                    throw new IllegalArgumentException("a patch fraction must be in (0, 0.36], got " + x);
                }
            }
            this.patchFractions = f.clone();
            return this;
        }

        /** @param n planted pairs per fLoc neuron and patch size (default 2) @return this */
        public Builder pairsPerCell(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("pairs per cell must be >= 1, got " + n);
            }
            this.pairsPerCell = n;
            return this;
        }

        /** @param n planted pairs per silhouette neuron and patch size (default 3) @return this */
        public Builder silhouettePairsPerCell(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("pairs per cell must be >= 1, got " + n);
            }
            this.silhouettePairsPerCell = n;
            return this;
        }

        /** @param s seeds: each draws its own neurons, recordings and plantings @return this */
        public Builder seeds(List<Long> s) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("name at least one seed");
            }
            this.seeds = List.copyOf(s);
            return this;
        }

        /** @param v the variants under test; the first explains the pipeline runs @return this */
        public Builder variants(List<PlantedFeatureBenchmark.Variant> v) {
            if (v.isEmpty()) {
                throw new IllegalArgumentException("name at least one variant");
            }
            this.variants = List.copyOf(v);
            return this;
        }

        /** @param on whether to write selection.md with the criterion's winner @return this */
        public Builder choose(boolean on) {
            this.choose = on;
            return this;
        }

        /** @param on whether to run the deletion curves @return this */
        public Builder deletion(boolean on) {
            this.deletion = on;
            return this;
        }

        /** @param m IG steps of the IG variants and baseline (default 8) @return this */
        public Builder igSteps(int m) {
            if (m < 1) {
                throw new IllegalArgumentException("IG steps must be >= 1, got " + m);
            }
            this.igSteps = m;
            return this;
        }

        /** @param n cascade steps of the randomisation check, 0 = off (default 4) @return this */
        public Builder cascadeSteps(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("cascade steps must be >= 0, got " + n);
            }
            this.cascadeSteps = n;
            return this;
        }

        /** @param n bootstrap resamples, at least 1000 @return this */
        public Builder resamples(int n) {
            if (n < 1000) {
                throw new IllegalArgumentException("at least 1000 bootstrap resamples for stable 95% intervals, got " + n);
            }
            this.resamples = n;
            return this;
        }

        /** @param p progress stream or null @return this */
        public Builder progress(PrintStream p) {
            this.progress = p;
            return this;
        }

        /** @return the validation */
        public Validation build() {
            return new Validation(this);
        }
    }
}
