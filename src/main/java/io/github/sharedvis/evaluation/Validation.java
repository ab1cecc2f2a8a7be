package io.github.sharedvis.evaluation;

import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.backbone.tfjs.TfjsBackbone;
import io.github.sharedvis.pipeline.RunConfig;
import io.github.sharedvis.run.NeuronRow;
import io.github.sharedvis.run.RunFiles;
import io.github.sharedvis.synthetic.Simulation;
import io.github.sharedvis.synthetic.SyntheticNeuron;
import io.github.sharedvis.util.InputException;
import io.github.sharedvis.util.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The validation of {@code docs/method.md} sections 6 and 7 as one job, on the pipeline's own code path.
 * For every seed:
 * <ol>
 *   <li>synthetic neurons ({@code neuronsPerCategory} per category, readouts of {@code neuronLayer},
 *       Poisson spike counts; {@link Simulation}) on two stimulus sets, the factor "background": fLoc
 *       (textured backgrounds; all images of each category up to {@code perCategory}) and generated
 *       silhouettes on uniform backgrounds;</li>
 *   <li>one {@link io.github.sharedvis.pipeline.Pipeline} run per preferred category (features of {@code encodingLayer}, the ridge
 *       readout on all preferred images, the explain step with the first variant, the report);</li>
 *   <li>the {@link PlantedFeatureBenchmark} for every neuron and patch size, every variant and the
 *       single-image baselines, reading the runs' own readouts and features;</li>
 *   <li>for the first seed, the model-randomisation sanity check (Adebayo et al., NeurIPS 2018).</li>
 * </ol>
 * Writes {@code validation.md} (tables with 95% bootstrap intervals over pairs), {@code planted.csv}
 * (every pair and score), {@code randomisation.csv}, {@code planted_examples.png} and, for a split
 * that chooses, {@code selection.md}: the variant that wins the pre-declared criterion
 * ({@link SelectionCriterion}).
 *
 * <p>The steps live in {@link ValidationStimuli}, {@link ValidationRuns}, {@link PlantedFeatureBenchmark},
 * {@link ModelRandomisationCheck}, {@link ValidationTables}, {@link PlantedExamplesFigure} and
 * {@link ValidationReport}; this class holds the options and walks the seeds.
 */
public final class Validation {

    /** The default neurons: the paper's six categories (bodies, faces, cars, instruments, houses, words). */
    public static final List<String> NEURON_CATEGORIES = List.of("body", "adult", "car", "instrument", "house", "word");
    /** The encoding model's default layer (MoveNet's MobileNetV2, stride 16). */
    public static final String ENCODING_LAYER = "block_12_expand_relu/Relu6";
    /** The synthetic neurons' default layer (stride 32, a different and deeper layer). */
    public static final String NEURON_LAYER = "out_relu/Relu6";
    /** Builder defaults, public so that the command's help names the values the code uses. */
    public static final int DEFAULT_PER_CATEGORY = 144, DEFAULT_NEURONS_PER_CATEGORY = 2, DEFAULT_PAIRS_PER_CELL = 2,
            DEFAULT_SILHOUETTE_PAIRS_PER_CELL = 3, DEFAULT_IG_STEPS = 8, DEFAULT_CASCADE_STEPS = 4,
            DEFAULT_RESAMPLES = 2000;
    /** Patch areas as fractions of the image, by default. */
    public static final List<Double> DEFAULT_PATCH_FRACTIONS = List.of(0.08, 0.15);

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

        /** @return the variants the split tests ({@link ValidationVariants}) */
        public List<PlantedFeatureBenchmark.Variant> variants() {
            return this == DEV ? ValidationVariants.developmentGrid() : ValidationVariants.heldOutVariants();
        }

        /** @return whether the split chooses the default (writes {@code selection.md}) */
        public boolean chooses() {
            return this == DEV;
        }
    }

    private final ValidationSettings s;
    private final PlantedFeatureBenchmark benchmark;
    private final PrintStream progress;

    private Validation(ValidationSettings s, PrintStream progress) {
        this.s = s;
        this.benchmark = PlantedFeatureBenchmark.builder().igSteps(s.igSteps()).deletion(s.deletion()).build();
        this.progress = progress;
    }

    /**
     * @param data the fLoc folder (with {@code labels.csv}: image, category, domain)
     * @param out the output folder
     * @return a builder (defaults: the development split's network and seeds, the development grid)
     */
    public static Builder builder(Path data, Path out) {
        return new Builder(data, out);
    }

    /**
     * Runs everything.
     *
     * @param registry the backbones
     * @return the path of {@code validation.md}
     * @throws IOException on unreadable inputs or unwritable outputs
     */
    public Path run(Backbones registry) throws IOException {
        long t0 = System.nanoTime();
        Path out = s.out();
        Files.createDirectories(out);
        List<ValidationStimuli.Arm> arms = ValidationStimuli.arms(s);
        Path cache = out.resolve("cache");
        Map<String, Double> seconds = new LinkedHashMap<>();
        List<PlantedPair> pairs = new ArrayList<>();
        List<String> seedOfPair = new ArrayList<>();
        List<NeuronRow> neuronRows = new ArrayList<>();
        List<double[]> randomisation = new ArrayList<>();
        List<String> randomisationSteps = new ArrayList<>();
        List<PlantedExample> figureExamples = new ArrayList<>();
        List<String> methods = null;
        List<Long> seeds = s.seeds();
        String model = s.model();
        try (Backbone nb = registry.open(new BackboneSpec(model, s.neuronLayer(), Pooling.AVERAGE, null, "cpu"));
                Backbone enc = registry.open(new BackboneSpec(model, s.encodingLayer(), Pooling.AVERAGE, null, "cpu"));
                Backbone spatial = registry.open(new BackboneSpec(model, s.encodingLayer(), Pooling.NONE, null,
                        "cpu"))) {
            for (long seed : seeds) {
                for (ValidationStimuli.Arm arm : arms) {
                    Path base = out.resolve("seed-" + seed).resolve(arm.background());
                    long t = System.nanoTime();
                    Simulation.Result sim = new Simulation(s.neuronsPerCategory(), 10, 20, 0.3, seed)
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
                        settings = ValidationRuns.run(s, run, sim, cat, ids, seed, cache, registry).explain();
                        runs.put(cat, run);
                        neuronRows.addAll(RunFiles.read(run).neurons());
                    }
                    add(seconds, "pipeline runs", t);
                    t = System.nanoTime();
                    PlantedFeatureBenchmark.Inputs in = new PlantedFeatureBenchmark.Inputs(arm.set(), arm.background(),
                            arm.domains(), sim.neurons(), nb, enc, spatial, runs, settings, seed);
                    PlantedFeatureBenchmark.Result r = benchmark.run(in, s.variants(), s.patchFractions(),
                            arm.pairsPerCell(), seed, progress);
                    add(seconds, "planted benchmark", t);
                    methods = r.methods();
                    pairs.addAll(r.pairs());
                    r.pairs().forEach(p -> seedOfPair.add(Long.toString(seed)));
                    if (seed == seeds.get(0)) {
                        figureExamples.addAll(firstPerNeuron(r.examples()));
                    }
                    if (seed == seeds.get(0) && arm.background().equals("floc") && enc instanceof TfjsBackbone tf
                            && s.cascadeSteps() > 0) {
                        t = System.nanoTime();
                        ModelRandomisationCheck.Result check = new ModelRandomisationCheck(s.cascadeSteps(),
                                s.igSteps()).run(in, s.variants().get(0), firstPerNeuron(r.examples()), tf, seed);
                        randomisationSteps.clear();
                        randomisationSteps.addAll(check.steps());
                        randomisation.addAll(check.rho());
                        add(seconds, "randomisation check", t);
                    }
                }
            }
        }
        int nv = s.variants().size();
        ValidationTables.writePairs(out, nv, methods, pairs, seedOfPair);
        ValidationTables.writeRandomisation(out, randomisationSteps, randomisation);
        PlantedExamplesFigure.write(out.resolve("planted_examples.png"), nv, methods, figureExamples);
        seconds.put("total", (System.nanoTime() - t0) / 1e9);
        String md = new ValidationReport(s).markdown(methods, pairs, neuronRows, randomisationSteps, randomisation,
                seconds);
        Path file = out.resolve("validation.md");
        AtomicFiles.writeString(file, md);
        return file;
    }

    /** The first example of each neuron (the first patch size): the figure's rows and the randomisation pairs. */
    private static List<PlantedExample> firstPerNeuron(List<PlantedExample> all) {
        List<PlantedExample> out = new ArrayList<>();
        String last = "";
        for (PlantedExample e : all) {
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

    /** Options for {@link Validation}. */
    public static final class Builder {
        private final Path data;
        private final Path out;
        private String label = "custom";
        private String model = Split.DEV.model();
        private String encodingLayer = ENCODING_LAYER;
        private String neuronLayer = NEURON_LAYER;
        private int perCategory = DEFAULT_PER_CATEGORY;
        private int neuronsPerCategory = DEFAULT_NEURONS_PER_CATEGORY;
        private List<String> neuronCategories = NEURON_CATEGORIES;
        private boolean silhouettes = true;
        private int silhouettesPerCategory = 40;
        private double[] patchFractions = DEFAULT_PATCH_FRACTIONS.stream().mapToDouble(Double::doubleValue).toArray();
        private int pairsPerCell = DEFAULT_PAIRS_PER_CELL;
        private int silhouettePairsPerCell = DEFAULT_SILHOUETTE_PAIRS_PER_CELL;
        private List<Long> seeds = Split.DEV.seeds();
        private List<PlantedFeatureBenchmark.Variant> variants = ValidationVariants.developmentGrid();
        private boolean choose = false;
        private boolean deletion = true;
        private int igSteps = DEFAULT_IG_STEPS;
        private int cascadeSteps = DEFAULT_CASCADE_STEPS;
        private int resamples = DEFAULT_RESAMPLES;
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
            this.variants = s.variants();
            this.choose = s.chooses();
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
                throw new InputException("at least 10 images per category, got " + n);
            }
            this.perCategory = n;
            return this;
        }

        /** @param n synthetic neurons per category, at least 1 (default 2) @return this */
        public Builder neuronsPerCategory(int n) {
            if (n < 1) {
                throw new InputException("at least 1 neuron per category, got " + n);
            }
            this.neuronsPerCategory = n;
            return this;
        }

        /** @param c fLoc neuron categories @return this */
        public Builder neuronCategories(List<String> c) {
            if (c.isEmpty()) {
                throw new InputException("name at least one neuron category");
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
                throw new InputException("name at least one patch size");
            }
            for (double x : f) {
                if (!(x > 0 && x <= 0.36)) {
                    throw new InputException("a patch fraction must be in (0, 0.36], got " + x);
                }
            }
            this.patchFractions = f.clone();
            return this;
        }

        /** @param n planted pairs per fLoc neuron and patch size (default 2) @return this */
        public Builder pairsPerCell(int n) {
            if (n < 1) {
                throw new InputException("pairs per cell must be >= 1, got " + n);
            }
            this.pairsPerCell = n;
            return this;
        }

        /** @param n planted pairs per silhouette neuron and patch size (default 3) @return this */
        public Builder silhouettePairsPerCell(int n) {
            if (n < 1) {
                throw new InputException("pairs per cell must be >= 1, got " + n);
            }
            this.silhouettePairsPerCell = n;
            return this;
        }

        /** @param s seeds: each draws its own neurons, recordings and plantings @return this */
        public Builder seeds(List<Long> s) {
            if (s.isEmpty()) {
                throw new InputException("name at least one seed");
            }
            this.seeds = List.copyOf(s);
            return this;
        }

        /** @param v the variants under test; the first explains the pipeline runs @return this */
        public Builder variants(List<PlantedFeatureBenchmark.Variant> v) {
            if (v.isEmpty()) {
                throw new InputException("name at least one variant");
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
                throw new InputException("IG steps must be >= 1, got " + m);
            }
            this.igSteps = m;
            return this;
        }

        /** @param n cascade steps of the randomisation check, 0 = off (default 4) @return this */
        public Builder cascadeSteps(int n) {
            if (n < 0) {
                throw new InputException("cascade steps must be >= 0, got " + n);
            }
            this.cascadeSteps = n;
            return this;
        }

        /** @param n bootstrap resamples, at least 1000 @return this */
        public Builder resamples(int n) {
            if (n < 1000) {
                throw new InputException("at least 1000 bootstrap resamples for stable 95% intervals, got " + n);
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
            return new Validation(new ValidationSettings(data, out, label, model, encodingLayer, neuronLayer,
                    perCategory, neuronsPerCategory, neuronCategories, silhouettes, silhouettesPerCategory,
                    patchFractions, pairsPerCell, silhouettePairsPerCell, seeds, variants, choose, deletion, igSteps,
                    cascadeSteps, resamples), progress);
        }
    }
}
