package io.github.sharedvis.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.attribution.AttributionMethod;
import io.github.sharedvis.attribution.Baseline;
import io.github.sharedvis.attribution.PairAttribution;
import io.github.sharedvis.attribution.ReferencePoint;
import io.github.sharedvis.attribution.SharedSaliency;
import io.github.sharedvis.attribution.Weighting;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.FeatureFunction;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.pairing.Candidate;
import io.github.sharedvis.pairing.ReferenceSearch;
import io.github.sharedvis.readout.FittedEncoding;
import io.github.sharedvis.util.Floats;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The explain step's machinery, configured once from {@code [explain]} and a fitted readout: the
 * differentiable features the readout reads ({@code z}, after its standardisation or PCA), the
 * reference point of "shared" computed on those features, the reference search and the shared
 * saliency. The pipeline's explain step and the validation benchmarks both use it, so a benchmark
 * scores exactly the maps a run writes.
 *
 * <p>Holds no native memory of its own (the backbone is the caller's); immutable.
 */
public final class PairExplainer {

    private final RunConfig.Explain settings;
    private final long seed;
    private final Backbone backbone;
    private final FittedEncoding model;
    private final FeatureFunction features;
    private final ReferencePoint referencePoint;

    /**
     * @param settings the {@code [explain]} settings
     * @param seed the run's seed (SmoothGrad noise)
     * @param backbone the encoding backbone the readout was fitted on
     * @param model the fitted readout
     * @param z the readout's features of every stimulus, {@code model.transform(f)} {@code [n][K]}
     * @param preferred the indices of the preferred-category stimuli in {@code z}
     */
    public PairExplainer(RunConfig.Explain settings, long seed, Backbone backbone, FittedEncoding model, double[][] z,
            int[] preferred) {
        this(settings, seed, backbone, model, rowsOf(Floats.of(z), preferred), () -> Floats.of(z));
    }

    /**
     * The same from the readout's features of the preferred stimuli alone; those of every stimulus are
     * asked for only when {@code [explain] reference_point} needs them ({@code stimulus_mean},
     * {@code zscore}: {@code 4 × n × K} bytes while the reference point is computed).
     *
     * @param settings the {@code [explain]} settings
     * @param seed the run's seed (SmoothGrad noise)
     * @param backbone the encoding backbone the readout was fitted on
     * @param model the fitted readout
     * @param zPreferred the readout's features of the preferred-category stimuli, float32 {@code [n_pref][K]}
     * @param zAll supplies those of every stimulus, {@code [n][K]}
     */
    public PairExplainer(RunConfig.Explain settings, long seed, Backbone backbone, FittedEncoding model,
            float[][] zPreferred, Supplier<float[][]> zAll) {
        this.settings = settings;
        this.seed = seed;
        this.backbone = backbone;
        this.model = model;
        this.features = new TransformedFeatures(backbone, model);
        ReferencePoint.Kind kind = ReferencePoint.Kind.fromConfig(settings.referencePoint());
        boolean needsAll = kind == ReferencePoint.Kind.STIMULUS_MEAN || kind == ReferencePoint.Kind.ZSCORE;
        this.referencePoint = ReferencePoint.of(kind, needsAll ? zAll.get() : new float[0][], zPreferred);
    }

    private static float[][] rowsOf(float[][] all, int[] idx) {
        float[][] out = new float[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            out[i] = all[idx[i]];
        }
        return out;
    }

    /** @return the fitted readout */
    public FittedEncoding model() {
        return model;
    }

    /** @return the reference point of the similarity and the weighting, on the readout's features */
    public ReferencePoint referencePoint() {
        return referencePoint;
    }

    /** @return the differentiable features the readout reads, {@code [N, 3, H, W] -> [N, K]} */
    public FeatureFunction features() {
        return features;
    }

    /** @return the reference search of {@code [explain] top_m, top_q, reference_point} */
    public ReferenceSearch search() {
        return ReferenceSearch.builder().topM(settings.topM()).topQ(settings.topQ()).referencePoint(referencePoint)
                .build();
    }

    /**
     * A neuron's pairs: its top-k ooc images by recorded response and their references.
     *
     * @param ooc the stimulus index of each pair's ooc image, strongest response first {@code [k]}
     * @param reference the stimulus index of each pair's reference {@code [k]}
     * @param candidates each pair's listed reference candidates, the chosen one first (indices into
     *     the preferred images)
     */
    public record Pairs(int[] ooc, int[] reference, List<List<Candidate>> candidates) {}

    /**
     * The pairs the explain step explains for neuron {@code j}: its {@code topK} ooc images by recorded
     * response (ties broken by stimulus order, for determinism), each with the reference
     * {@link #search()} finds among the preferred images.
     *
     * @param j the neuron's row in the readout
     * @param in the run's inputs
     * @param z the readout's features of stimulus i {@code [K]}
     * @param zPref the rows of {@code z} of the preferred images, as float
     * @param topK how many ooc images
     * @return the pairs
     */
    public Pairs pairs(int j, RunInputs in, IntFunction<double[]> z, float[][] zPref, int topK) {
        double[] w = model.coef()[j];
        Integer[] ooc = Arrays.stream(in.ooc()).boxed().toArray(Integer[]::new);
        Arrays.sort(ooc, Comparator.<Integer>comparingDouble(i -> -in.mean(i, j)).thenComparing(i -> i));
        int k = Math.min(topK, ooc.length);
        double[] prefResp = new double[in.preferred().length];
        for (int p = 0; p < prefResp.length; p++) {
            prefResp[p] = in.mean(in.preferred()[p], j);
        }
        ReferenceSearch search = search();
        int[] oocIdx = new int[k];
        int[] refIdx = new int[k];
        List<List<Candidate>> cands = new ArrayList<>();
        for (int r = 0; r < k; r++) {
            oocIdx[r] = ooc[r];
            List<Candidate> c = search.search(Floats.of(z.apply(ooc[r])), zPref, prefResp, w);
            cands.add(c);
            refIdx[r] = in.preferred()[c.get(0).index()];
        }
        return new Pairs(oocIdx, refIdx, cands);
    }

    /** @return the saliency of {@code [explain]}: weighting, reference point, method and its options */
    public SharedSaliency saliency() {
        return saliencyBuilder().build();
    }

    /**
     * @return a builder holding every {@code [explain]} option, for variants (e.g. the single-image
     *     baseline, {@code .weighting(Weighting.READOUT)})
     */
    public SharedSaliency.Builder saliencyBuilder() {
        Preprocessing pre = backbone.preprocessing();
        SharedSaliency.Builder b = SharedSaliency.builder(features)
                .weighting(Weighting.fromConfig(settings.weighting()))
                .referencePoint(referencePoint)
                .method(AttributionMethod.valueOf(settings.method().toUpperCase(Locale.ROOT)))
                .steps(settings.igSteps()).samples(settings.smoothgradSamples()).noiseLevel(settings.smoothgradNoise())
                .seed(seed).internalBatchSize(settings.batchSize());
        if (settings.igBaseline().equals("black")) {
            float[] black = pre.toTensor(new BufferedImage(pre.width(), pre.height(), BufferedImage.TYPE_INT_RGB));
            int plane = pre.width() * pre.height();
            b.baseline(Baseline.perChannel(new float[] {black[0], black[plane], black[2 * plane]}));
        } else {
            b.baseline(Baseline.zero());
        }
        return b;
    }

    /**
     * GRADIENT maps of many neurons' pairs over a pool of images, each image forwarded once per group
     * of its uses ({@link SharedSaliency#attributePooled}); a pair's maps do not depend on the other
     * pairs. Each map goes to {@code sink} as soon as it is computed.
     *
     * @param saliency the saliency, method GRADIENT
     * @param images the pool, preprocessed, each {@code [3, H, W]} flattened
     * @param first each pair's ooc image, an index into {@code images}
     * @param second each pair's reference, an index into {@code images}
     * @param neuron each pair's neuron (its row in the readout)
     * @param sink receives the raw map {@code [3 × H × W]} of each pair's side (0 ooc, 1 reference)
     */
    public void pooledMaps(SharedSaliency saliency, float[][] images, int[] first, int[] second, int[] neuron,
            SharedSaliency.MapSink sink) {
        Preprocessing pre = backbone.preprocessing();
        float[][] w = new float[neuron.length][];
        for (int p = 0; p < neuron.length; p++) {
            w[p] = Floats.of(model.coef()[neuron[p]]);
        }
        try (NDManager m = NDManager.newBaseManager(backbone.device(), Engines.PYTORCH)) {
            saliency.attributePooled(m, images, new Shape(3, pre.height(), pre.width()), first, second, w, sink);
        }
    }

    /**
     * Maps of {@code k} pairs for one neuron, as the explain step writes them.
     *
     * @param saliency the saliency (usually {@link #saliency()})
     * @param a first images (ooc), preprocessed, {@code [k, 3, H, W]} flattened
     * @param b second images (references), the same shape
     * @param neuron the neuron's row in the readout
     * @return the raw maps {@code {S_a, S_b}}, each {@code [k, 3, H, W]} flattened
     */
    public float[][] maps(SharedSaliency saliency, float[] a, float[] b, int neuron) {
        Preprocessing pre = backbone.preprocessing();
        int plane = 3 * pre.height() * pre.width();
        if (a.length != b.length || a.length % plane != 0) {
            throw new IllegalArgumentException("image batches of " + a.length + " and " + b.length
                    + " values do not hold whole " + pre.height() + "x" + pre.width() + " RGB images");
        }
        int k = a.length / plane;
        double[] w = model.coef()[neuron];
        float[] wf = Floats.of(w);
        try (NDManager m = NDManager.newBaseManager(backbone.device(), Engines.PYTORCH)) {
            Shape s = new Shape(k, 3, pre.height(), pre.width());
            try (PairAttribution pa = saliency.attribute(m.create(a, s), m.create(b, s), m.create(wf))) {
                return new float[][] {pa.a().toFloatArray(), pa.b().toFloatArray()};
            }
        }
    }
}
