package io.github.sharedvis.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.attribution.ChannelReduction;
import io.github.sharedvis.attribution.SaliencyMaps;
import io.github.sharedvis.attribution.Weighting;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.Gradients;
import io.github.sharedvis.backbone.ImageDecoder;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.pairing.Candidate;
import io.github.sharedvis.pairing.NeuronSimilarity;
import io.github.sharedvis.pairing.ReferenceSearch;
import io.github.sharedvis.readout.EncodingModel;
import io.github.sharedvis.readout.FittedEncoding;
import io.github.sharedvis.synthetic.SyntheticNeuron;
import io.github.sharedvis.util.Progress;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The planted-feature and deletion benchmarks ({@code method.md}, section 7) on synthetic neurons
 * with known preferences.
 *
 * <p>For each neuron (a {@link SyntheticNeuron} reading one network/layer) an encoding model is fitted
 * on another layer (ridge on the neuron's preferred images, as the method does), then for each pair:
 * <ol>
 *   <li>an out-of-category image is drawn at random from the categories outside the neuron's domain;</li>
 *   <li>{@code candidates} random patches ({@code patchSize} pixels square, cut from a random preferred
 *       image inside its central 60%, where fLoc objects are) are pasted at random places; the one that
 *       raises the synthetic neuron's true rate most is kept. The choice uses the ground-truth neuron
 *       only, never a map;</li>
 *   <li>the reference is the preferred image most similar to the planted image for the neuron
 *       ({@link ReferenceSearch}); the maps of the planted image are computed by every
 *       {@link MapMethod};</li>
 *   <li>scores: positive mass inside the patch, pointing game, and deletion curves (pixels replaced by a
 *       blurred copy in each map's order) of the neuron-specific similarity to the reference and of the
 *       predicted response.</li>
 * </ol>
 * Everything is seeded. Not thread-safe (one gradient collector per engine).
 */
public final class PlantedFeatureBenchmark {

    private final int pairsPerNeuron;
    private final int patchSize;
    private final int candidates;
    private final int igSteps;
    private final double[] fractions;
    private final double blurSigma;
    private final double pointingSigma;
    private final double smoothSigma;
    private final int batchSize;
    private final long seed;

    private PlantedFeatureBenchmark(Builder b) {
        this.pairsPerNeuron = b.pairsPerNeuron;
        this.patchSize = b.patchSize;
        this.candidates = b.candidates;
        this.igSteps = b.igSteps;
        this.fractions = b.fractions.clone();
        this.blurSigma = b.blurSigma;
        this.pointingSigma = b.pointingSigma;
        this.smoothSigma = b.smoothSigma;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the deleted fractions of the deletion curves */
    public double[] fractions() {
        return fractions.clone();
    }

    /**
     * What the benchmark needs.
     *
     * @param set the stimuli
     * @param domains category to domain (e.g. limb to bodies); out-of-category images are drawn from
     *     other domains; a category missing here is its own domain
     * @param neurons the synthetic neurons (each with its preferred category)
     * @param neuronBackbone what the neurons read (pooled the way they were fitted)
     * @param encoding the encoding model's layer, spatially averaged ({@code [N, C]})
     * @param encodingSpatial the same layer unpooled ({@code [N, C·h·w]}, NCHW) for Grad-CAM
     * @param encodingFeatures {@code encoding}'s features of every stimulus {@code [n][C]}
     * @param recorded mean recorded responses {@code [n][neurons]}, neurons in {@code neurons}' order
     */
    public record Inputs(StimulusSet set, Map<String, String> domains, List<SyntheticNeuron> neurons,
            Backbone neuronBackbone, Backbone encoding, Backbone encodingSpatial, float[][] encodingFeatures,
            double[][] recorded) {}

    /**
     * One planted pair's scores.
     *
     * @param neuron neuron id
     * @param target out-of-category stimulus id
     * @param targetCategory its category
     * @param source preferred stimulus id the patch was cut from
     * @param region where the patch is in the planted image
     * @param rateBefore the synthetic neuron's true rate to the target
     * @param rateAfter its true rate to the planted image
     * @param predictedBefore the encoding model's prediction for the target
     * @param predictedAfter its prediction for the planted image
     * @param reference the chosen reference's stimulus id
     * @param similarity sim_n(planted, reference)
     * @param mass mass-in-region per {@link MapMethod} ordinal
     * @param massSmoothed mass-in-region of the map smoothed with a Gaussian of {@code smoothSigma} pixels
     *     (about half a feature-map cell), per method: localisation at the resolution of the features
     * @param hit pointing-game hit (0/1) per method
     * @param aucSimilarity deletion AUC of sim_n(x_t, reference) per method
     * @param aucResponse deletion AUC of (r̂(x_t) − r̂(x_0)) / sd of r̂ over the preferred images, per method
     * @param rankCorrelation Spearman rho between the parallel gradient and parallel IG maps of the planted image
     */
    public record PairResult(String neuron, String target, String targetCategory, String source, Region region,
            double rateBefore, double rateAfter, double predictedBefore, double predictedAfter, String reference,
            double similarity, double[] mass, double[] massSmoothed, int[] hit, double[] aucSimilarity, double[] aucResponse,
            double rankCorrelation) {}

    /**
     * The maps of one pair, kept for figures.
     *
     * @param pair the scores
     * @param planted the planted image (model geometry)
     * @param reference the reference image (model geometry)
     * @param maps reduced maps {@code [H, W]} per method ordinal
     */
    public record Example(PairResult pair, BufferedImage planted, BufferedImage reference, float[][] maps) {}

    /**
     * @param pairs every pair
     * @param examples the first pair of each neuron, with maps
     * @param fractions the deletion fractions
     */
    public record Result(List<PairResult> pairs, List<Example> examples, double[] fractions) {}

    /**
     * Runs the benchmark.
     *
     * @param in the inputs
     * @param progress progress stream or null
     * @return per-pair scores and example maps
     * @throws IOException when an image cannot be read
     */
    public Result run(Inputs in, PrintStream progress) throws IOException {
        Preprocessing pre = in.encoding().preprocessing();
        Preprocessing npre = in.neuronBackbone().preprocessing();
        int h = pre.height();
        int w = pre.width();
        if (patchSize > Math.min(h, w) * 0.6) {
            throw new IllegalArgumentException("patch size " + patchSize + " is too large for " + w + "x" + h
                    + " images; use at most 60% of the side");
        }
        List<Stimulus> all = in.set().stimuli();
        ReadoutAttribution attribution = new ReadoutAttribution(in.encoding(), batchSize);
        float[] black = pre.toTensor(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB));
        List<PairResult> results = new ArrayList<>();
        List<Example> examples = new ArrayList<>();
        try (Progress bar = new Progress("planted pairs", in.neurons().size() * pairsPerNeuron, progress)) {
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
                Readout ro = fit(in, j, prefIdx);
                float[][] fPref = new float[prefIdx.size()][];
                for (int p = 0; p < fPref.length; p++) {
                    fPref[p] = in.encodingFeatures()[prefIdx.get(p)];
                }
                for (int q = 0; q < pairsPerNeuron; q++) {
                    SplittableRandom rnd = new SplittableRandom(mix(seed, j, q));
                    Example ex = pair(in, neuron, ro, prefIdx, oocIdx, fPref, rnd, attribution, black, pre, npre);
                    results.add(ex.pair());
                    if (q == 0) {
                        examples.add(ex);
                    }
                    bar.step(1);
                }
            }
        }
        return new Result(results, examples, fractions.clone());
    }

    /** The encoding model of one neuron: w, b and the scale of its predictions. */
    private record Readout(double[] w, double b, double scale) {
        double predict(float[] f) {
            double s = b;
            for (int k = 0; k < w.length; k++) {
                s += w[k] * f[k];
            }
            return s;
        }
    }

    private Readout fit(Inputs in, int j, List<Integer> prefIdx) {
        double[][] x = new double[prefIdx.size()][];
        double[][] y = new double[prefIdx.size()][1];
        for (int p = 0; p < x.length; p++) {
            float[] f = in.encodingFeatures()[prefIdx.get(p)];
            x[p] = new double[f.length];
            for (int k = 0; k < f.length; k++) {
                x[p][k] = f[k];
            }
            y[p][0] = in.recorded()[prefIdx.get(p)][j];
        }
        FittedEncoding m = EncodingModel.builder().folds(Math.min(5, x.length)).seed(seed).build().fit(x, y);
        double[][] pred = m.predict(x);
        double mean = 0;
        for (double[] r : pred) {
            mean += r[0] / pred.length;
        }
        double var = 0;
        for (double[] r : pred) {
            var += (r[0] - mean) * (r[0] - mean) / pred.length;
        }
        return new Readout(m.coef()[0], m.intercept()[0], Math.sqrt(var) > 0 ? Math.sqrt(var) : 1);
    }

    private Example pair(Inputs in, SyntheticNeuron neuron, Readout ro, List<Integer> prefIdx, List<Integer> oocIdx,
            float[][] fPref, SplittableRandom rnd, ReadoutAttribution attribution, float[] black, Preprocessing pre,
            Preprocessing npre) throws IOException {
        List<Stimulus> all = in.set().stimuli();
        int h = pre.height();
        int w = pre.width();
        int targetIndex = oocIdx.get(rnd.nextInt(oocIdx.size()));
        Stimulus target = all.get(targetIndex);
        BufferedImage targetImg = pre.geometry(ImageDecoder.read(target.image()));
        // candidate patches: random source, random crop in the central 60%, random place
        List<Planting.Planted> cands = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        for (int c = 0; c < candidates; c++) {
            int s = prefIdx.get(rnd.nextInt(prefIdx.size()));
            BufferedImage src = pre.geometry(ImageDecoder.read(all.get(s).image()));
            int lo = (int) Math.round(0.2 * w);
            int hiX = (int) Math.round(0.8 * w) - patchSize;
            int hiY = (int) Math.round(0.8 * h) - patchSize;
            Region from = new Region(lo + rnd.nextInt(Math.max(1, hiX - lo + 1)),
                    lo + rnd.nextInt(Math.max(1, hiY - lo + 1)), patchSize, patchSize);
            cands.add(Planting.paste(targetImg, src, from, rnd.nextInt(w - patchSize + 1),
                    rnd.nextInt(h - patchSize + 1)));
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
        float[] x = pre.toTensor(planted.image());
        // unpooled activations: Grad-CAM and the pooled features f(x)
        int cdim = ro.w().length;
        float[] act = forward(in.encodingSpatial(), x, 1, pre)[0];
        int hw = act.length / cdim;
        int side = (int) Math.round(Math.sqrt(hw));
        if (side * side != hw || hw * cdim != act.length) {
            throw new IllegalArgumentException(in.encodingSpatial().name() + ": unpooled features of " + act.length
                    + " values are not [C=" + cdim + ", h, w] with h = w");
        }
        float[] fx = new float[cdim];
        for (int k = 0; k < cdim; k++) {
            double s = 0;
            for (int i = 0; i < hw; i++) {
                s += act[k * hw + i];
            }
            fx[k] = (float) (s / hw);
        }
        Candidate ref = ReferenceSearch.builder().build().search(fx, fPref, null, ro.w()).get(0);
        int refIndex = prefIdx.get(ref.index());
        float[] fRef = fPref[ref.index()];
        float[] v = sharedWeighting(fx, fRef, ro.w());
        float[] wf = new float[cdim];
        for (int k = 0; k < cdim; k++) {
            wf[k] = (float) ro.w()[k];
        }
        Shape two = new Shape(2, 3, h, w);
        float[] xx = new float[2 * x.length];
        System.arraycopy(x, 0, xx, 0, x.length);
        System.arraycopy(x, 0, xx, x.length, x.length);
        float[] grads = attribution.gradient(xx, two, new float[][] {v, wf});
        float[] igs = attribution.integratedGradients(xx, two, new float[][] {v, wf}, black, igSteps);
        int n = h * w;
        float[][] maps = new float[MapMethod.values().length][];
        int plane = x.length;
        maps[MapMethod.PARALLEL_GRADIENT.ordinal()] = reduce(grads, 0, plane, h, w);
        maps[MapMethod.GRADIENT.ordinal()] = reduce(grads, plane, plane, h, w);
        maps[MapMethod.PARALLEL_IG.ordinal()] = reduce(igs, 0, plane, h, w);
        maps[MapMethod.INTEGRATED_GRADIENTS.ordinal()] = reduce(igs, plane, plane, h, w);
        maps[MapMethod.GRAD_CAM.ordinal()] = GradCam.map(act, ro.w(), side, side, h, w);
        double[] vd = new double[cdim];
        for (int k = 0; k < cdim; k++) {
            vd[k] = v[k];
        }
        maps[MapMethod.PARALLEL_GRAD_CAM.ordinal()] = GradCam.map(act, vd, side, side, h, w);
        float[] random = new float[n];
        for (int i = 0; i < n; i++) {
            random[i] = (float) rnd.nextDouble();
        }
        maps[MapMethod.RANDOM.ordinal()] = random;

        boolean[] mask = planted.mask();
        int methods = maps.length;
        double[] mass = new double[methods];
        double[] massSmoothed = new double[methods];
        int[] hit = new int[methods];
        for (int m = 0; m < methods; m++) {
            mass[m] = MapScores.massInRegion(maps[m], mask);
            massSmoothed[m] = MapScores.massInRegion(SaliencyMaps.gaussianSmooth(maps[m], h, w, smoothSigma), mask);
            hit[m] = MapScores.pointingHit(maps[m], h, w, mask, pointingSigma);
        }
        // deletion: all curves' interior points in one batch, plus the fully blurred image
        float[] blurred = Deletion.blur(x, h, w, blurSigma);
        List<Double> interior = new ArrayList<>();
        for (double f : fractions) {
            if (f > 0 && f < 1) {
                interior.add(f);
            }
        }
        int per = interior.size();
        float[] batch = new float[(methods * per + 1) * plane];
        long tieSeed = rnd.nextLong();
        for (int m = 0; m < methods; m++) {
            int[] order = Deletion.order(maps[m], tieSeed);
            for (int t = 0; t < per; t++) {
                System.arraycopy(Deletion.delete(x, blurred, order, interior.get(t)), 0, batch,
                        (m * per + t) * plane, plane);
            }
        }
        System.arraycopy(blurred, 0, batch, methods * per * plane, plane);
        float[][] fd = forward(in.encoding(), batch, methods * per + 1, pre);
        double[] aucSim = new double[methods];
        double[] aucResp = new double[methods];
        double p0 = ro.predict(fx);
        double s0 = sim(fx, fRef, ro.w());
        float[] fEnd = fd[methods * per];
        for (int m = 0; m < methods; m++) {
            double[] xs = new double[per + 2];
            double[] ys = new double[per + 2];
            double[] yr = new double[per + 2];
            xs[0] = 0;
            ys[0] = s0;
            yr[0] = 0;
            for (int t = 0; t < per; t++) {
                float[] ft = fd[m * per + t];
                xs[t + 1] = interior.get(t);
                ys[t + 1] = sim(ft, fRef, ro.w());
                yr[t + 1] = (ro.predict(ft) - p0) / ro.scale();
            }
            xs[per + 1] = 1;
            ys[per + 1] = sim(fEnd, fRef, ro.w());
            yr[per + 1] = (ro.predict(fEnd) - p0) / ro.scale();
            aucSim[m] = Deletion.auc(xs, ys);
            aucResp[m] = Deletion.auc(xs, yr);
        }
        double rho = MapScores.spearman(maps[MapMethod.PARALLEL_GRADIENT.ordinal()],
                maps[MapMethod.PARALLEL_IG.ordinal()]);
        PairResult r = new PairResult(neuron.id(), target.id(), target.category(), all.get(sources.get(best)).id(),
                planted.region(), rates[0], rates[best + 1], ro.predict(in.encodingFeatures()[targetIndex]), p0,
                all.get(refIndex).id(), s0, mass, massSmoothed, hit, aucSim, aucResp, rho);
        BufferedImage refImg = pre.geometry(ImageDecoder.read(all.get(refIndex).image()));
        return new Example(r, planted.image(), refImg, maps);
    }

    private static float[] reduce(float[] chw, int offset, int plane, int h, int w) {
        float[] one = new float[plane];
        System.arraycopy(chw, offset, one, 0, plane);
        return SaliencyMaps.reduce(one, h, w, ChannelReduction.POSITIVE);
    }

    /** The engine's shared weighting (Weighting.PAPER) of one pair. */
    private static float[] sharedWeighting(float[] fa, float[] fb, double[] w) {
        try (NDManager m = NDManager.newBaseManager(null, Engines.PYTORCH)) {
            float[] wf = new float[w.length];
            for (int k = 0; k < w.length; k++) {
                wf[k] = (float) w[k];
            }
            NDArray a = m.create(fa, new Shape(1, fa.length));
            NDArray b = m.create(fb, new Shape(1, fb.length));
            return Weighting.PAPER.apply(a, b, m.create(wf)).toFloatArray();
        }
    }

    private static double sim(float[] a, float[] b, double[] w) {
        return NeuronSimilarity.similarity(new float[][] {a}, new float[][] {b}, w)[0][0];
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

    /** Features without a graph, in passes of at most batchSize images. */
    private float[][] forward(Backbone b, float[] images, int n, Preprocessing p) {
        int plane = 3 * p.height() * p.width();
        float[][] out = new float[n][];
        for (int s = 0; s < n; s += batchSize) {
            int e = Math.min(n, s + batchSize);
            try (NDManager m = NDManager.newBaseManager(b.device(), Engines.PYTORCH)) {
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

    /**
     * Mean of each method's scores with 95% percentile bootstrap intervals over pairs.
     *
     * @param pairs the pair results
     * @param resamples bootstrap resamples (at least 1000 recommended)
     * @param seed bootstrap seed
     * @return per method: mass, pointing, deletion AUC of similarity, deletion AUC of response, smoothed mass
     */
    public static Map<MapMethod, Bootstrap.Interval[]> summarise(List<PairResult> pairs, int resamples, long seed) {
        Map<MapMethod, Bootstrap.Interval[]> out = new EnumMap<>(MapMethod.class);
        for (MapMethod m : MapMethod.values()) {
            int o = m.ordinal();
            double[] mass = pairs.stream().mapToDouble(p -> p.mass()[o]).toArray();
            double[] hit = pairs.stream().mapToDouble(p -> p.hit()[o]).toArray();
            double[] as = pairs.stream().mapToDouble(p -> p.aucSimilarity()[o]).toArray();
            double[] ar = pairs.stream().mapToDouble(p -> p.aucResponse()[o]).toArray();
            double[] ms = pairs.stream().mapToDouble(p -> p.massSmoothed()[o]).toArray();
            out.put(m, new Bootstrap.Interval[] {Bootstrap.mean(mass, resamples, 0.95, seed),
                Bootstrap.mean(hit, resamples, 0.95, seed + 1), Bootstrap.mean(as, resamples, 0.95, seed + 2),
                Bootstrap.mean(ar, resamples, 0.95, seed + 3), Bootstrap.mean(ms, resamples, 0.95, seed + 4)});
        }
        return out;
    }

    /** Options for {@link PlantedFeatureBenchmark}. */
    public static final class Builder {
        private int pairsPerNeuron = 17;
        private int patchSize = 56;
        private int candidates = 6;
        private int igSteps = 8;
        private double[] fractions = {0, 0.05, 0.15, 0.3, 1};
        private double blurSigma = 8;
        private double pointingSigma = 4;
        private double smoothSigma = 8;
        private int batchSize = 16;
        private long seed = 0;

        private Builder() {}

        /** @param n planted pairs per neuron, >= 1 (default 17) @return this */
        public Builder pairsPerNeuron(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("pairs per neuron must be >= 1, got " + n);
            }
            this.pairsPerNeuron = n;
            return this;
        }

        /** @param px side of the square patch in model pixels (default 56) @return this */
        public Builder patchSize(int px) {
            if (px < 4) {
                throw new IllegalArgumentException("patch size must be >= 4 px, got " + px);
            }
            this.patchSize = px;
            return this;
        }

        /** @param k random patch candidates per pair; the one raising the true rate most is kept (default 6) @return this */
        public Builder candidates(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("candidates must be >= 1, got " + k);
            }
            this.candidates = k;
            return this;
        }

        /** @param m Integrated-Gradients steps for both IG maps (default 8) @return this */
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

        /** @param n images per forward/backward pass (default 16) @return this */
        public Builder batchSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + n);
            }
            this.batchSize = n;
            return this;
        }

        /** @param s seed of everything random @return this */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** @return the benchmark */
        public PlantedFeatureBenchmark build() {
            return new PlantedFeatureBenchmark(this);
        }
    }
}
