package io.github.sharedvis.evaluation;

import io.github.sharedvis.attribution.AttributionMethod;
import io.github.sharedvis.attribution.ReferencePoint;
import io.github.sharedvis.attribution.SharedSaliency;
import io.github.sharedvis.attribution.Weighting;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.pipeline.PairExplainer;
import io.github.sharedvis.pipeline.RunConfig;
import io.github.sharedvis.synthetic.SyntheticNeuron;
import io.github.sharedvis.util.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The planted-feature, shared-not-salient, retrieval and deletion benchmarks
 * ({@code docs/method.md}, section 7) on synthetic neurons with known preferences, run on the pipeline's own
 * code path: the readout and features are those a {@code sharedvis run} fitted and wrote (its
 * {@code model/} and {@code features/}), the references come from its {@link PairExplainer#search()},
 * and every pixel map, shared or single-image, is a {@link SharedSaliency} map from
 * {@link PairExplainer#maps}.
 *
 * <p>For each neuron and each patch size, pairs are planted as follows (everything seeded, no map
 * consulted):
 * <ol>
 *   <li>a target: a random image from a category of another domain than the neuron's;</li>
 *   <li>{@code candidates} square patches cut from random preferred images (inside their central 60%,
 *       where objects are) and pasted at random places; the one that raises the synthetic neuron's
 *       <em>true</em> rate most is kept;</li>
 *   <li>for every {@link Variant} (weighting, reference point, method): the source's rank among all
 *       preferred images under that reference point's similarity (retrieval); the ooc map of the
 *       planted image paired with its retrieved reference (mass in the planted region, pointing game,
 *       deletion); and, with the reference forced to the patch's source, the source's map (mass inside
 *       the region the patch was cut from: only a map of what the two images share can concentrate
 *       there);</li>
 *   <li>the single-image baselines on both images: gradient, Integrated Gradients and Grad-CAM of the
 *       predicted response, and a random map.</li>
 * </ol>
 * {@link PatchPlanter} does steps 1-2, {@link PlantedPairScorer} steps 3-4 (with
 * {@link SingleImageBaselines} and {@link DeletionScoring}); the randomisation check of the same examples
 * is {@link ModelRandomisationCheck}. Not thread-safe (one gradient collector per engine).
 */
public final class PlantedFeatureBenchmark {

    /** The single-image baselines, after the variants in every per-method array. */
    public static final List<String> BASELINES = List.of("gradient of r̂", "IG of r̂", "Grad-CAM of r̂", "random map");

    private final int igSteps;
    private final PatchPlanter planter;
    private final PlantedPairScorer scorer;

    private PlantedFeatureBenchmark(Builder b) {
        this.igSteps = b.igSteps;
        this.planter = new PatchPlanter(b.candidates);
        this.scorer = new PlantedPairScorer(b.igSteps, b.pointingSigma, b.smoothSigma,
                b.deletion ? new DeletionScoring(b.fractions, b.blurSigma) : null);
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * One map method under test: the weighting and reference point of the shared weighting and the
     * Jacobian variant.
     *
     * @param weighting the weighting
     * @param point the reference point
     * @param method gradient or Integrated Gradients
     */
    public record Variant(Weighting weighting, ReferencePoint.Kind point, AttributionMethod method) {
        /** @return e.g. {@code paper / none / gradient} */
        public String label() {
            return weighting.configName() + " / " + point.configName() + " / "
                    + (method == AttributionMethod.INTEGRATED_GRADIENTS ? "IG" : method.name().toLowerCase(
                            java.util.Locale.ROOT));
        }

        /**
         * @param base {@code [explain]} settings
         * @param igSteps IG steps
         * @return the settings with this variant's weighting, reference point and method
         */
        public RunConfig.Explain apply(RunConfig.Explain base, int igSteps) {
            return new RunConfig.Explain(base.topK(), base.topM(), base.topQ(),
                    method.name().toLowerCase(java.util.Locale.ROOT), weighting.configName(), point.configName(),
                    method == AttributionMethod.INTEGRATED_GRADIENTS ? igSteps : base.igSteps(), base.igBaseline(),
                    base.smoothgradSamples(), base.smoothgradNoise(), base.batchSize());
        }
    }

    /**
     * What the benchmark needs.
     *
     * @param set the stimuli (the same manifest, in the same order, as the pipeline runs)
     * @param background a label for the stimulus set in the tables (e.g. {@code floc}, {@code silhouettes})
     * @param domains category to domain; out-of-category targets come from other domains
     * @param neurons the synthetic neurons
     * @param neuronBackbone what the neurons read (pooled the way they were fitted)
     * @param encoding the pipeline's encoding backbone (spatially averaged)
     * @param encodingSpatial the same layer unpooled ({@code [N, C·h·w]}, NCHW), for Grad-CAM
     * @param runs preferred category to the pipeline run folder whose readout explains its neurons
     * @param settings the runs' {@code [explain]} settings (variants replace weighting, point, method)
     * @param seed the runs' seed
     */
    public record Inputs(StimulusSet set, String background, Map<String, String> domains, List<SyntheticNeuron> neurons,
            Backbone neuronBackbone, Backbone encoding, Backbone encodingSpatial, Map<String, Path> runs,
            RunConfig.Explain settings, long seed) {}

    /**
     * @param methods the method labels, variants then baselines
     * @param pairs every pair
     * @param examples every pair with its images and maps (for figures and the randomisation check)
     */
    public record Result(List<String> methods, List<PlantedPair> pairs, List<PlantedExample> examples) {}

    /**
     * Opens a pipeline run's fitted readout and features exactly as its explain step does and builds
     * the explainer of one variant (the pipeline-equals-benchmark test uses this too).
     *
     * @param run the run folder
     * @param encoding the run's backbone
     * @param settings {@code [explain]} settings
     * @param seed the run's seed
     * @param preferred indices of the preferred images in the run's stimulus order
     * @return the explainer
     * @throws IOException when the run's files cannot be read
     */
    public static PairExplainer explainer(Path run, Backbone encoding, RunConfig.Explain settings, long seed,
            int[] preferred) throws IOException {
        RunReadout s = RunReadout.open(run, preferred);
        return new PairExplainer(settings, seed, encoding, s.model(), s.z(), preferred);
    }

    /**
     * Runs the benchmark.
     *
     * @param in the inputs
     * @param variants the map methods under test (at least one; the first is the deletion similarity's)
     * @param patchFractions patch areas as fractions of the image (e.g. 0.08, 0.15)
     * @param pairsPerCell planted pairs per neuron and patch size
     * @param seed the planting seed
     * @param progress progress stream or null
     * @return per-pair scores and the examples
     * @throws IOException when an image or a run's files cannot be read
     */
    public Result run(Inputs in, List<Variant> variants, double[] patchFractions, int pairsPerCell, long seed,
            PrintStream progress) throws IOException {
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("name at least one variant");
        }
        Preprocessing pre = in.encoding().preprocessing();
        int h = pre.height();
        int w = pre.width();
        List<Stimulus> all = in.set().stimuli();
        List<String> methods = new ArrayList<>();
        variants.forEach(v -> methods.add(v.label()));
        methods.addAll(BASELINES);
        Map<String, RunReadout> states = new LinkedHashMap<>();
        List<PlantedPair> results = new ArrayList<>();
        List<PlantedExample> examples = new ArrayList<>();
        try (Progress bar = new Progress("planted pairs " + in.background(),
                in.neurons().size() * patchFractions.length * pairsPerCell, progress)) {
            for (int j = 0; j < in.neurons().size(); j++) {
                SyntheticNeuron neuron = in.neurons().get(j);
                String pref = neuron.preferred();
                String domain = in.domains().getOrDefault(pref, pref);
                List<Integer> prefIdx = new ArrayList<>();
                List<Integer> oocIdx = new ArrayList<>();
                for (int i = 0; i < all.size(); i++) {
                    String c = all.get(i).category();
                    if (c.equals(pref)) {
                        prefIdx.add(i);
                    } else if (!in.domains().getOrDefault(c, c).equals(domain)) {
                        oocIdx.add(i);
                    }
                }
                if (prefIdx.size() < 5 || oocIdx.isEmpty()) {
                    throw new IllegalArgumentException("neuron " + neuron.id() + ": needs at least 5 '" + pref
                            + "' images and some images of another domain; got " + prefIdx.size() + " and "
                            + oocIdx.size());
                }
                int[] prefArr = prefIdx.stream().mapToInt(Integer::intValue).toArray();
                Path run = Objects.requireNonNull(in.runs().get(pref), "no pipeline run for category " + pref);
                RunReadout state = states.get(pref);
                if (state == null) {
                    state = RunReadout.open(run, prefArr);
                    states.put(pref, state);
                }
                int row = neuronRow(in, neuron);
                List<PairExplainer> explainers = new ArrayList<>();
                for (Variant v : variants) {
                    explainers.add(new PairExplainer(v.apply(in.settings(), igSteps), in.seed(), in.encoding(),
                            state.model(), state.z(), prefArr));
                }
                for (int p = 0; p < patchFractions.length; p++) {
                    int patch = (int) Math.round(Math.sqrt(patchFractions[p] * h * w));
                    if (patch > Math.min(h, w) * 0.6) {
                        throw new IllegalArgumentException("a patch of " + patchFractions[p] + " of the image is "
                                + "larger than 60% of its side; use a smaller fraction");
                    }
                    for (int q = 0; q < pairsPerCell; q++) {
                        SplittableRandom rnd = new SplittableRandom(mix(seed, j * 131 + p, q));
                        PatchPlanter.Choice chosen = planter.plant(all, pre, in.neuronBackbone(), neuron, prefArr,
                                oocIdx, rnd, patch);
                        PlantedExample ex = scorer.score(in, neuron, row, state, explainers, prefArr, chosen, rnd,
                                patchFractions[p]);
                        results.add(ex.pair());
                        examples.add(ex);
                        bar.step(1);
                    }
                }
            }
        }
        return new Result(List.copyOf(methods), results, examples);
    }

    /** The neuron's row in its run's readout: the runs list their category's neurons in simulation order. */
    private static int neuronRow(Inputs in, SyntheticNeuron neuron) {
        int row = 0;
        for (SyntheticNeuron n : in.neurons()) {
            if (n.id().equals(neuron.id())) {
                return row;
            }
            if (n.preferred().equals(neuron.preferred())) {
                row++;
            }
        }
        throw new IllegalArgumentException("unknown neuron " + neuron.id());
    }

    private static long mix(long seed, int a, int b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 1_000_003L + b;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Options for {@link PlantedFeatureBenchmark}. */
    public static final class Builder {
        private int candidates = 6;
        private int igSteps = 8;
        private double[] fractions = {0, 0.05, 0.15, 0.3, 1};
        private double blurSigma = 8;
        private double pointingSigma = 4;
        private double smoothSigma = 8;
        private boolean deletion = true;

        private Builder() {}

        /** @param k random patch candidates per pair; the one raising the true rate most is kept (default 6) @return this */
        public Builder candidates(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("candidates must be >= 1, got " + k);
            }
            this.candidates = k;
            return this;
        }

        /** @param m Integrated-Gradients steps of the IG variants and the IG baseline (default 8) @return this */
        public Builder igSteps(int m) {
            if (m < 1) {
                throw new IllegalArgumentException("IG steps must be >= 1, got " + m);
            }
            this.igSteps = m;
            return this;
        }

        /** @param f deleted fractions, increasing from 0 to 1 (default 0, .05, .15, .3, 1) @return this */
        public Builder fractions(double... f) {
            if (f.length < 2 || f[0] != 0 || f[f.length - 1] != 1) {
                throw new IllegalArgumentException("deletion fractions must start at 0 and end at 1");
            }
            for (int i = 1; i < f.length; i++) {
                if (!(f[i] > f[i - 1])) {
                    throw new IllegalArgumentException("deletion fractions must increase");
                }
            }
            this.fractions = f.clone();
            return this;
        }

        /**
         * @param on whether to run the deletion curves (one forward pass per method and interior fraction
         *     per pair: the largest cost after the maps; default on)
         * @return this
         */
        public Builder deletion(boolean on) {
            this.deletion = on;
            return this;
        }

        /** @param sigma blur of deleted pixels, model pixels (default 8) @return this */
        public Builder blurSigma(double sigma) {
            this.blurSigma = sigma;
            return this;
        }

        /** @param sigma smoothing before the pointing game's argmax, pixels (default 4) @return this */
        public Builder pointingSigma(double sigma) {
            this.pointingSigma = sigma;
            return this;
        }

        /** @param sigma smoothing of the second mass-in-region score, pixels (default 8) @return this */
        public Builder smoothSigma(double sigma) {
            this.smoothSigma = sigma;
            return this;
        }

        /** @return the benchmark */
        public PlantedFeatureBenchmark build() {
            return new PlantedFeatureBenchmark(this);
        }
    }
}
