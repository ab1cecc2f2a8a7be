package io.github.sharedvis.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.attribution.AttributionMethod;
import io.github.sharedvis.attribution.ChannelReduction;
import io.github.sharedvis.attribution.ReferencePoint;
import io.github.sharedvis.attribution.SaliencyMaps;
import io.github.sharedvis.attribution.SharedSaliency;
import io.github.sharedvis.attribution.Weighting;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.FeatureFunction;
import io.github.sharedvis.backbone.Gradients;
import io.github.sharedvis.backbone.ImageDecoder;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.data.Npy;
import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.pairing.Candidate;
import io.github.sharedvis.pairing.NeuronSimilarity;
import io.github.sharedvis.run.ModelFiles;
import io.github.sharedvis.pipeline.PairExplainer;
import io.github.sharedvis.pipeline.RunConfig;
import io.github.sharedvis.run.RunLayout;
import io.github.sharedvis.readout.FittedEncoding;
import io.github.sharedvis.synthetic.SyntheticNeuron;
import io.github.sharedvis.util.Floats;
import io.github.sharedvis.util.Progress;
import java.awt.image.BufferedImage;
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
 * The planted-feature, shared-not-salient, retrieval, deletion and randomisation benchmarks
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
 * Not thread-safe (one gradient collector per engine).
 */
public final class PlantedFeatureBenchmark {

    /** The single-image baselines, after the variants in every per-method array. */
    public static final List<String> BASELINES = List.of("gradient of r̂", "IG of r̂", "Grad-CAM of r̂", "random map");

    private final int candidates;
    private final int igSteps;
    private final double[] fractions;
    private final double blurSigma;
    private final double pointingSigma;
    private final double smoothSigma;
    private final boolean deletion;

    private PlantedFeatureBenchmark(Builder b) {
        this.candidates = b.candidates;
        this.igSteps = b.igSteps;
        this.fractions = b.fractions.clone();
        this.blurSigma = b.blurSigma;
        this.pointingSigma = b.pointingSigma;
        this.smoothSigma = b.smoothSigma;
        this.deletion = b.deletion;
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
     * One planted pair's scores. Per-method arrays hold the variants in order, then {@link #BASELINES}.
     *
     * @param neuron neuron id
     * @param background the stimulus set's label
     * @param patchFraction the patch's area over the image's
     * @param target out-of-category stimulus id
     * @param targetCategory its category
     * @param source preferred stimulus id the patch was cut from
     * @param region where the patch is in the planted image
     * @param sourceRegion where it was cut from in the source
     * @param rateBefore the synthetic neuron's true rate to the target
     * @param rateAfter its true rate to the planted image
     * @param predictedBefore the readout's prediction for the target
     * @param predictedAfter its prediction for the planted image
     * @param nPreferred how many preferred images the reference search ranks
     * @param sourceRank 1-based rank of the source among them, per variant
     * @param similarity sim(planted, retrieved reference) per variant
     * @param oocMass positive map mass inside the planted region, per method
     * @param oocMassSmoothed the same after smoothing with a Gaussian of {@code smoothSigma} pixels
     * @param oocHit pointing game on the planted image (0/1), per method
     * @param referenceMass with the reference forced to the source: mass of the source's map inside
     *     the source region, per method
     * @param referenceHit pointing game on the source, per method
     * @param aucSimilarity deletion AUC of the first variant's similarity to its reference, per method (NaN when off)
     * @param aucResponse deletion AUC of (r̂(x_t) − r̂(x_0)) / sd of r̂ over the preferred images, per method
     */
    public record PairResult(String neuron, String background, double patchFraction, String target,
            String targetCategory, String source, Region region, Region sourceRegion, double rateBefore,
            double rateAfter, double predictedBefore, double predictedAfter, int nPreferred, int[] sourceRank,
            double[] similarity, double[] oocMass, double[] oocMassSmoothed, int[] oocHit, double[] referenceMass,
            int[] referenceHit, double[] aucSimilarity, double[] aucResponse) {}

    /**
     * A pair kept for figures and the randomisation check.
     *
     * @param pair the scores
     * @param neuronRow the neuron's row in its run's readout
     * @param category the neuron's preferred category (its run)
     * @param planted the planted image (model geometry)
     * @param source the source image (model geometry)
     * @param reference the first variant's retrieved reference (model geometry)
     * @param oocMaps reduced ooc maps {@code [H·W]} per method
     * @param referenceMaps reduced forced-source maps {@code [H·W]} per method
     */
    public record Example(PairResult pair, int neuronRow, String category, BufferedImage planted,
            BufferedImage source, BufferedImage reference, float[][] oocMaps, float[][] referenceMaps) {}

    /**
     * @param methods the method labels, variants then baselines
     * @param pairs every pair
     * @param examples every pair with its images and maps (for figures and the randomisation check)
     */
    public record Result(List<String> methods, List<PairResult> pairs, List<Example> examples) {}

    /** One pipeline run's readout and features, as the explain step reads them. */
    /**
     * @param z the readout's features of every stimulus {@code [n][K]}
     * @param zf the same in float, as the search and the readout read them
     * @param zPreferred {@code zf} of the preferred images, in their order
     */
    private record RunState(FittedEncoding model, double[][] z, float[][] zf, float[][] zPreferred,
            double[] predictionScale) {}

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
        RunState s = open(run, preferred);
        return new PairExplainer(settings, seed, encoding, s.model(), s.z(), preferred);
    }

    private static RunState open(Path run, int[] preferred) throws IOException {
        RunLayout layout = new RunLayout(run);
        FittedEncoding model = ModelFiles.read(layout.model());
        Npy.Array a = Npy.read(layout.features().resolve("features.npy"));
        int n = (int) a.shape()[0];
        int d = (int) a.shape()[1];
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a.data(), i * d, x[i], 0, d);
        }
        double[][] pred = model.predict(x);
        double[] scale = new double[model.nNeurons()];
        for (int j = 0; j < scale.length; j++) {
            double mean = 0;
            for (int p : preferred) {
                mean += pred[p][j] / preferred.length;
            }
            double var = 0;
            for (int p : preferred) {
                var += (pred[p][j] - mean) * (pred[p][j] - mean) / preferred.length;
            }
            scale[j] = var > 0 ? Math.sqrt(var) : 1;
        }
        double[][] z = model.transform(x);
        float[][] zf = Floats.of(z);
        float[][] zPreferred = new float[preferred.length][];
        for (int i = 0; i < preferred.length; i++) {
            zPreferred[i] = zf[preferred[i]];
        }
        return new RunState(model, z, zf, zPreferred, scale);
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
        Map<String, RunState> states = new LinkedHashMap<>();
        List<PairResult> results = new ArrayList<>();
        List<Example> examples = new ArrayList<>();
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
                RunState state = states.get(pref);
                if (state == null) {
                    state = open(run, prefArr);
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
                        Example ex = pair(in, neuron, row, state, explainers, variants, methods, prefArr, oocIdx, rnd,
                                patch, patchFractions[p]);
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

    private Example pair(Inputs in, SyntheticNeuron neuron, int row, RunState state, List<PairExplainer> explainers,
            List<Variant> variants, List<String> methods, int[] prefIdx, List<Integer> oocIdx, SplittableRandom rnd,
            int patch, double fraction) throws IOException {
        List<Stimulus> all = in.set().stimuli();
        PairExplainer first = explainers.get(0);
        Preprocessing pre = in.encoding().preprocessing();
        Preprocessing npre = in.neuronBackbone().preprocessing();
        int h = pre.height();
        int w = pre.width();
        int targetIndex = oocIdx.get(rnd.nextInt(oocIdx.size()));
        Stimulus target = all.get(targetIndex);
        BufferedImage targetImg = pre.geometry(ImageDecoder.read(target.image()));
        List<Planting.Planted> cands = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        for (int c = 0; c < candidates; c++) {
            int s = prefIdx[rnd.nextInt(prefIdx.length)];
            BufferedImage src = pre.geometry(ImageDecoder.read(all.get(s).image()));
            int lo = (int) Math.round(0.2 * w);
            int hiX = (int) Math.round(0.8 * w) - patch;
            int hiY = (int) Math.round(0.8 * h) - patch;
            Region from = new Region(lo + rnd.nextInt(Math.max(1, hiX - lo + 1)),
                    lo + rnd.nextInt(Math.max(1, hiY - lo + 1)), patch, patch);
            cands.add(Planting.paste(targetImg, src, from, rnd.nextInt(w - patch + 1), rnd.nextInt(h - patch + 1)));
            sources.add(s);
        }
        double[] rates = neuronRates(in.neuronBackbone(), npre, neuron, targetImg, cands);
        int best = 0;
        for (int c = 1; c < candidates; c++) {
            if (rates[c + 1] > rates[best + 1]) {
                best = c;
            }
        }
        Planting.Planted planted = cands.get(best);
        int sourceIndex = sources.get(best);
        int sourcePos = java.util.Arrays.binarySearch(prefIdx, sourceIndex);
        BufferedImage sourceImg = pre.geometry(ImageDecoder.read(all.get(sourceIndex).image()));
        float[] x = pre.toTensor(planted.image());
        float[] xs = pre.toTensor(sourceImg);
        FittedEncoding model = state.model();
        float[] zx = features(first.features(), x, pre);
        double[] wRow = model.coef()[row];
        int nm = methods.size();
        int nv = variants.size();
        float[][] oocMaps = new float[nm][];
        float[][] refMaps = new float[nm][];
        int[] rank = new int[nv];
        double[] sim = new double[nv];
        int[] refOf = new int[nv];
        int plane = x.length;
        Map<Integer, float[]> refInputs = new java.util.HashMap<>();
        for (int v = 0; v < nv; v++) {
            PairExplainer e = explainers.get(v);
            List<Candidate> ranked = io.github.sharedvis.pairing.ReferenceSearch.builder().topM(prefIdx.length)
                    .referencePoint(e.referencePoint()).build().search(zx, state.zPreferred(), null, wRow);
            for (int r = 0; r < ranked.size(); r++) {
                if (ranked.get(r).index() == sourcePos) {
                    rank[v] = r + 1;
                }
            }
            sim[v] = ranked.get(0).similarity();
            refOf[v] = prefIdx[ranked.get(0).index()];
            float[] ref = refInputs.get(refOf[v]);
            if (ref == null) {
                ref = pre.toTensor(pre.geometry(ImageDecoder.read(all.get(refOf[v]).image())));
                refInputs.put(refOf[v], ref);
            }
            float[] a = concat(x, x);
            float[] b = concat(ref, xs);
            float[][] maps = e.maps(e.saliency(), a, b, row);
            oocMaps[v] = reduce(maps[0], 0, plane, h, w);
            refMaps[v] = reduce(maps[1], plane, plane, h, w);
        }
        // Single-image baselines on the planted image and on the source: v = w (READOUT).
        SharedSaliency grad = first.saliencyBuilder().weighting(Weighting.READOUT).method(AttributionMethod.GRADIENT)
                .build();
        SharedSaliency ig = first.saliencyBuilder().weighting(Weighting.READOUT)
                .method(AttributionMethod.INTEGRATED_GRADIENTS).steps(igSteps).build();
        float[][] g = first.maps(grad, x, xs, row);
        float[][] gi = first.maps(ig, x, xs, row);
        oocMaps[nv] = reduce(g[0], 0, plane, h, w);
        refMaps[nv] = reduce(g[1], 0, plane, h, w);
        oocMaps[nv + 1] = reduce(gi[0], 0, plane, h, w);
        refMaps[nv + 1] = reduce(gi[1], 0, plane, h, w);
        float[][] act = forward(in.encodingSpatial(), concat(x, xs), 2, pre);
        double[] wCam = gradCamWeights(model, row);
        int side = (int) Math.round(Math.sqrt(act[0].length / (double) wCam.length));
        if (side * side * wCam.length != act[0].length) {
            throw new IllegalArgumentException(in.encodingSpatial().name() + ": unpooled features of "
                    + act[0].length + " values are not [C=" + wCam.length + ", h, w] with h = w");
        }
        oocMaps[nv + 2] = GradCam.map(act[0], wCam, side, side, h, w);
        refMaps[nv + 2] = GradCam.map(act[1], wCam, side, side, h, w);
        oocMaps[nv + 3] = randomMap(rnd, h * w);
        refMaps[nv + 3] = randomMap(rnd, h * w);

        boolean[] mask = planted.mask();
        boolean[] sourceMask = planted.source().mask(w, h);
        double[] mass = new double[nm];
        double[] massSmoothed = new double[nm];
        int[] hit = new int[nm];
        double[] refMass = new double[nm];
        int[] refHit = new int[nm];
        for (int m = 0; m < nm; m++) {
            mass[m] = MapScores.massInRegion(oocMaps[m], mask);
            massSmoothed[m] = MapScores.massInRegion(SaliencyMaps.gaussianSmooth(oocMaps[m], h, w, smoothSigma), mask);
            hit[m] = MapScores.pointingHit(oocMaps[m], h, w, mask, pointingSigma);
            refMass[m] = MapScores.massInRegion(refMaps[m], sourceMask);
            refHit[m] = MapScores.pointingHit(refMaps[m], h, w, sourceMask, pointingSigma);
        }
        double p0 = predict(model, row, zx);
        double[] aucSim = new double[nm];
        double[] aucResp = new double[nm];
        java.util.Arrays.fill(aucSim, Double.NaN);
        java.util.Arrays.fill(aucResp, Double.NaN);
        if (deletion) {
            deletionCurves(first, x, oocMaps, zx, state.zf()[refOf[0]], model, row,
                    state.predictionScale()[row], rnd.nextLong(), pre, aucSim, aucResp);
        }
        PairResult r = new PairResult(neuron.id(), in.background(), fraction, target.id(), target.category(),
                all.get(sourceIndex).id(), planted.region(), planted.source(), rates[0], rates[best + 1],
                predict(model, row, state.zf()[targetIndex]), p0, prefIdx.length, rank, sim, mass,
                massSmoothed, hit, refMass, refHit, aucSim, aucResp);
        BufferedImage refImg = pre.geometry(ImageDecoder.read(all.get(refOf[0]).image()));
        return new Example(r, row, neuron.preferred(), planted.image(), sourceImg, refImg, oocMaps, refMaps);
    }

    /** Deletion of the planted image's pixels in each map's order; AUCs of similarity and response. */
    private void deletionCurves(PairExplainer first, float[] x, float[][] maps, float[] zx, float[] zRef,
            FittedEncoding model, int row, double scale, long tieSeed, Preprocessing pre, double[] aucSim,
            double[] aucResp) {
        int h = pre.height();
        int w = pre.width();
        int plane = x.length;
        int methods = maps.length;
        float[] blurred = Deletion.blur(x, h, w, blurSigma);
        List<Double> interior = new ArrayList<>();
        for (double f : fractions) {
            if (f > 0 && f < 1) {
                interior.add(f);
            }
        }
        int per = interior.size();
        float[] batch = new float[(methods * per + 1) * plane];
        for (int m = 0; m < methods; m++) {
            int[] order = Deletion.order(maps[m], tieSeed);
            for (int t = 0; t < per; t++) {
                System.arraycopy(Deletion.delete(x, blurred, order, interior.get(t)), 0, batch, (m * per + t) * plane,
                        plane);
            }
        }
        System.arraycopy(blurred, 0, batch, methods * per * plane, plane);
        float[][] fd = forward(first.features(), batch, methods * per + 1, pre);
        double[] wRow = model.coef()[row];
        ReferencePoint point = first.referencePoint();
        double p0 = predict(model, row, zx);
        double s0 = NeuronSimilarity.similarity(new float[][] {zx}, new float[][] {zRef}, wRow, point)[0][0];
        float[] fEnd = fd[methods * per];
        for (int m = 0; m < methods; m++) {
            double[] xs = new double[per + 2];
            double[] ys = new double[per + 2];
            double[] yr = new double[per + 2];
            ys[0] = s0;
            for (int t = 0; t < per; t++) {
                float[] ft = fd[m * per + t];
                xs[t + 1] = interior.get(t);
                ys[t + 1] = NeuronSimilarity.similarity(new float[][] {ft}, new float[][] {zRef}, wRow, point)[0][0];
                yr[t + 1] = (predict(model, row, ft) - p0) / scale;
            }
            xs[per + 1] = 1;
            ys[per + 1] = NeuronSimilarity.similarity(new float[][] {fEnd}, new float[][] {zRef}, wRow, point)[0][0];
            yr[per + 1] = (predict(model, row, fEnd) - p0) / scale;
            aucSim[m] = Deletion.auc(xs, ys);
            aucResp[m] = Deletion.auc(xs, yr);
        }
    }

    /**
     * The model-randomisation sanity check (Adebayo et al., NeurIPS 2018) of some examples: per example,
     * the Spearman rank correlation between its trained ooc map (the first variant's, with its retrieved
     * reference) and the same map recomputed (same images, same readout, same reference point) with each
     * randomised network in {@code randomised}, then with the trained network and a random readout
     * (Gaussian, the trained readout's norm).
     *
     * @param in the inputs the examples came from
     * @param variant the examples' first variant
     * @param examples the examples
     * @param randomised networks with weights re-initialised, e.g. cascading from the top
     * @param seed the random readout's seed
     * @return per example: rho per randomised network, then rho for the random readout
     * @throws IOException when a run's files cannot be read
     */
    public List<double[]> randomisation(Inputs in, Variant variant, List<Example> examples,
            List<? extends Backbone> randomised, long seed) throws IOException {
        Preprocessing pre = in.encoding().preprocessing();
        int h = pre.height();
        int w = pre.width();
        List<Stimulus> all = in.set().stimuli();
        RunConfig.Explain settings = variant.apply(in.settings(), igSteps);
        Map<String, RunState> states = new LinkedHashMap<>();
        Map<String, int[]> preferred = new LinkedHashMap<>();
        List<double[]> out = new ArrayList<>();
        for (Example ex : examples) {
            int[] prefIdx = preferred.computeIfAbsent(ex.category(), c -> java.util.stream.IntStream
                    .range(0, all.size()).filter(i -> all.get(i).category().equals(c)).toArray());
            RunState state = states.get(ex.category());
            if (state == null) {
                state = open(in.runs().get(ex.category()), prefIdx);
                states.put(ex.category(), state);
            }
            float[] a = pre.toTensor(ex.planted());
            float[] b = pre.toTensor(ex.reference());
            int plane = a.length;
            double[] rho = new double[randomised.size() + 1];
            for (int k = 0; k < randomised.size(); k++) {
                PairExplainer e = new PairExplainer(settings, in.seed(), randomised.get(k), state.model(), state.z(),
                        prefIdx);
                rho[k] = MapScores.spearman(ex.oocMaps()[0], reduce(e.maps(e.saliency(), a, b, ex.neuronRow())[0], 0,
                        plane, h, w));
            }
            PairExplainer e = new PairExplainer(settings, in.seed(), in.encoding(),
                    withRandomReadout(state.model(), ex.neuronRow(), seed), state.z(), prefIdx);
            rho[randomised.size()] = MapScores.spearman(ex.oocMaps()[0],
                    reduce(e.maps(e.saliency(), a, b, ex.neuronRow())[0], 0, plane, h, w));
            out.add(rho);
        }
        return out;
    }

    /** The readout with one neuron's weights replaced by a seeded Gaussian of the same norm. */
    private static FittedEncoding withRandomReadout(FittedEncoding m, int row, long seed) {
        double[][] coef = m.coef().clone();
        double[] trained = coef[row];
        double norm = 0;
        for (double c : trained) {
            norm += c * c;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] random = new double[trained.length];
        double rn = 0;
        for (int k = 0; k < random.length; k++) {
            random[k] = rnd.nextGaussian();
            rn += random[k] * random[k];
        }
        for (int k = 0; k < random.length; k++) {
            random[k] *= Math.sqrt(norm / rn);
        }
        coef[row] = random;
        return new FittedEncoding(coef, m.intercept(), m.alpha(), m.featureScale(), m.pcaMean(), m.pcaComponents(),
                m.cvPredictions(), m.cvR());
    }

    /**
     * Grad-CAM weights of r̂ on the unpooled layer: with r̂ = Σ_c w_c z_c + b and z_c = mean_space(A_c)
     * / scale_c, ∂r̂/∂A_cij = w_c / (scale_c h w); the constant 1/(h w) does not move the map.
     */
    private static double[] gradCamWeights(FittedEncoding model, int row) {
        if (model.pcaComponents() != null) {
            throw new IllegalArgumentException("Grad-CAM of a PCA readout is not defined here; run the "
                    + "validation without [readout] pca");
        }
        double[] w = model.coef()[row].clone();
        double[] scale = model.featureScale();
        if (scale != null) {
            for (int k = 0; k < w.length; k++) {
                w[k] /= scale[k];
            }
        }
        return w;
    }

    private static double predict(FittedEncoding model, int row, float[] z) {
        double[] w = model.coef()[row];
        double s = model.intercept()[row];
        for (int k = 0; k < w.length; k++) {
            s += w[k] * z[k];
        }
        return s;
    }

    private static float[] randomMap(SplittableRandom rnd, int n) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = (float) rnd.nextDouble();
        }
        return r;
    }

    static float[] reduce(float[] chw, int offset, int plane, int h, int w) {
        float[] one = new float[plane];
        System.arraycopy(chw, offset, one, 0, plane);
        return SaliencyMaps.reduce(one, h, w, ChannelReduction.POSITIVE);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] r = new float[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static float[] features(FeatureFunction f, float[] x, Preprocessing pre) {
        return forward(f, x, 1, pre)[0];
    }

    private double[] neuronRates(Backbone nb, Preprocessing npre, SyntheticNeuron neuron, BufferedImage target,
            List<Planting.Planted> cands) {
        int plane = 3 * npre.height() * npre.width();
        float[] batch = new float[(cands.size() + 1) * plane];
        System.arraycopy(npre.apply(target), 0, batch, 0, plane);
        for (int c = 0; c < cands.size(); c++) {
            System.arraycopy(npre.apply(cands.get(c).image()), 0, batch, (c + 1) * plane, plane);
        }
        float[][] f = forward(nb, batch, cands.size() + 1, npre);
        double[] r = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            r[i] = neuron.rate(f[i]);
        }
        return r;
    }

    /** Features without a graph, in passes of at most 16 images. */
    static float[][] forward(FeatureFunction b, float[] images, int n, Preprocessing p) {
        int plane = 3 * p.height() * p.width();
        float[][] out = new float[n][];
        for (int s = 0; s < n; s += 16) {
            int e = Math.min(n, s + 16);
            try (NDManager m = NDManager.newBaseManager(null, Engines.PYTORCH)) {
                float[] chunk = new float[(e - s) * plane];
                System.arraycopy(images, s * plane, chunk, 0, chunk.length);
                NDArray f = Gradients.noGrad(b, m.create(chunk, new Shape(e - s, 3, p.height(), p.width())));
                int d = (int) f.getShape().get(1);
                float[] flat = f.toFloatArray();
                for (int i = s; i < e; i++) {
                    out[i] = new float[d];
                    System.arraycopy(flat, (i - s) * d, out[i], 0, d);
                }
            }
        }
        return out;
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
