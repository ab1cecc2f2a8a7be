package io.github.sharedvis.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.backbone.FeatureFunction;
import java.util.Objects;

/**
 * Shared-feature saliency by parallel backpropagation ({@code docs/method.md}, section 4): for
 * pairs {@code (a, b)} and a neuron's readout weights {@code w}, one shared output weighting
 * {@code v = weighting(f̃(a), f̃(b), w)} on the features relative to a {@link ReferencePoint},
 * {@code f̃ = (f − c) / s}, and the per-pixel attributions {@code S_a = J(a)ᵀ (v / s)},
 * {@code S_b = J(b)ᵀ (v / s)} (or their Integrated-Gradients / SmoothGrad variants); {@code s = 1}
 * except for a z-scored reference point, so the usual case is {@code J(x)ᵀ v}. With
 * {@link Weighting#READOUT} the map is the single-image gradient of the predicted response, {@code J(x)ᵀ w}.
 *
 * <p>Captum-shaped: one object wraps the feature function and the options, one call takes a batch and
 * returns arrays shaped like the input. Each map is a vector-Jacobian product, never the
 * {@code D × pixels} Jacobian. In {@link AttributionMethod#GRADIENT} mode the two images of up to
 * {@code internalBatchSize / 2} pairs go through ONE forward and ONE backward pass together, with
 * {@code v} computed in between from the detached features. The multi-step methods compute {@code v}
 * from the clean endpoint features first, then run their {@code 2N × steps} (or {@code × samples})
 * inputs in passes of at most {@code internalBatchSize} images, which bounds peak memory.
 *
 * <p>This class is the public face: the options and the checks and broadcasting of one call. The
 * batching into passes is {@link SaliencyPasses}, the inputs Integrated Gradients and SmoothGrad average
 * over are {@link AveragedGradients}, and the weightings themselves are {@link Weighting}.
 *
 * <p>Not thread-safe in use: DJL allows one gradient collector at a time per engine, so throughput
 * comes from batching pairs (and neurons), not from threads. The object itself is immutable.
 *
 * <pre>{@code
 * SharedSaliency saliency = SharedSaliency.builder(backbone).weighting(Weighting.PAPER).build();
 * try (PairAttribution r = saliency.attribute(a, b, w)) { ... r.a() [N,3,H,W] ... }
 * }</pre>
 */
public final class SharedSaliency {

    /**
     * Default number of Integrated-Gradients steps. With the midpoint rule, 64 steps give completeness
     * within 1% on smooth networks; ReLU / max-pool kinks make the error O(1/m) (a few percent at 64
     * steps on a tiny ReLU network with noise inputs, within 1% at 1024).
     */
    public static final int DEFAULT_STEPS = 64;
    /** Default number of SmoothGrad samples (Smilkov et al. use 50). */
    public static final int DEFAULT_SAMPLES = 50;
    /** Default SmoothGrad noise level: σ = 0.15 × (max − min) of each image (Smilkov et al.'s 10–20%). */
    public static final double DEFAULT_NOISE_LEVEL = 0.15;
    /** Default number of images per forward/backward pass. */
    public static final int DEFAULT_INTERNAL_BATCH_SIZE = 32;

    private final SaliencyOptions options;
    private final SaliencyPasses passes;
    private final PooledPasses pooled;

    private SharedSaliency(Builder b) {
        this.options = new SaliencyOptions(b.weighting, b.referencePoint, b.method, b.steps, b.baseline, b.samples,
                b.noiseStd, b.noiseLevel, b.seed, b.internalBatchSize);
        this.passes = new SaliencyPasses(b.f, options);
        this.pooled = new PooledPasses(b.f, options);
    }

    /**
     * Starts a builder.
     *
     * @param f the differentiable feature function ({@code [N, C, H, W] -> [N, D]}), e.g. a backbone or
     *     a backbone followed by a PCA or standardising transform
     * @return the builder
     */
    public static Builder builder(FeatureFunction f) {
        return new Builder(f);
    }

    /** @return the weighting */
    public Weighting weighting() {
        return options.weighting();
    }

    /** @return the reference point, or null for the literal reading ({@code c = 0}, {@code s = 1}) */
    public ReferencePoint referencePoint() {
        return options.referencePoint();
    }

    /** @return the method */
    public AttributionMethod method() {
        return options.method();
    }

    /** @return the maximum number of images per forward/backward pass */
    public int internalBatchSize() {
        return options.internalBatchSize();
    }

    /**
     * Attributes a batch of pairs.
     *
     * <p>Neurons are batched through {@code w}: with one row per pair, pair {@code i} is explained for
     * neuron {@code w[i]}; with one pair ({@code N = 1}) and {@code K} rows, that pair is explained
     * for each of the {@code K} neurons (the result has {@code K} rows).
     *
     * @param a first images (e.g. the out-of-category images) {@code [N, C, H, W]}, preprocessed
     * @param b second images (e.g. the references) {@code [N, C, H, W]}, the same shape as {@code a}
     * @param w readout weights {@code [D]} or {@code [1, D]} (one neuron for all pairs) or {@code [N, D]}
     *     (one per pair)
     * @return raw attributions shaped like {@code a} and {@code b}, the weighting {@code v} and the
     *     clean features, all in {@code a}'s manager
     * @throws IllegalArgumentException when the shapes disagree
     */
    public PairAttribution attribute(NDArray a, NDArray b, NDArray w) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(w, "w");
        Shape sa = a.getShape();
        if (sa.dimension() < 2 || !sa.equals(b.getShape())) {
            throw new IllegalArgumentException("a and b must be image batches of the same shape [N, 3, H, W]; got a "
                    + sa + " and b " + b.getShape() + " (preprocess both with the backbone's preprocessing)");
        }
        Shape sw = w.getShape();
        if (sw.dimension() != 1 && sw.dimension() != 2) {
            throw new IllegalArgumentException("readout weights w must be [D] or [N, D]; got " + sw);
        }
        long n = sa.get(0);
        long rows = sw.dimension() == 2 ? sw.get(0) : 1;
        if (rows != n && n != 1 && rows != 1) {
            throw new IllegalArgumentException("readout weights w have " + rows + " rows but there are " + n
                    + " pairs; pass one row per pair, a single [D] vector, or one pair with K neuron rows");
        }
        try (NDManager work = NDManager.subManagerOf(a)) {
            work.tempAttachAll(a, b, w);
            NDArray aa = a.toType(DataType.FLOAT32, false);
            NDArray bb = b.toType(DataType.FLOAT32, false);
            if (rows > 1 && n == 1) {
                // One pair, K neurons: the same two images K times, one neuron per copy.
                aa = aa.repeat(0, rows);
                bb = bb.repeat(0, rows);
                n = rows;
            }
            NDArray wr = w.toDevice(a.getDevice(), false).toType(DataType.FLOAT32, false);
            if (wr.getShape().dimension() == 1) {
                wr = wr.reshape(1, -1);
            }
            if (wr.getShape().get(0) == 1 && n > 1) {
                wr = wr.repeat(0, n);
            }
            SaliencyPasses.Result r = passes.attribute(aa, bb, wr, work);
            return new PairAttribution(work.ret(r.mapA()), work.ret(r.mapB()), work.ret(r.v()), work.ret(r.fa()),
                    work.ret(r.fb()));
        }
    }

    /**
     * The maps of many pairs, on the Java heap.
     *
     * @param a the first image's map of each pair {@code [P][C × H × W]}
     * @param b the second image's map of each pair {@code [P][C × H × W]}
     */
    public record PairMaps(float[][] a, float[][] b) {}

    /**
     * GRADIENT maps of pairs drawn from a pool of images, for pairs that share images (e.g. the
     * pairs of many neurons of one region): each pool image is forwarded once per group of its uses,
     * and the graph of that forward pass serves all of them by repeated backward passes, so the cost
     * is about {@code |pool| + (a few padded) forwards} plus {@code 2P} per-image backward passes
     * instead of {@code 2P} forward-and-backward passes. Every forward and backward pass holds exactly
     * {@code internalBatchSize} images (short ones padded), so a pair's maps have the same bits whatever
     * other pairs are attributed with it; they equal {@link #attribute}'s up to the engine's
     * batch-size rounding. Memory: one pass's graph of {@code internalBatchSize} images, plus the pool,
     * its {@code [|pool|, D]} features and the {@code 2P} maps on the heap.
     *
     * @param m the manager the passes work under (on the feature function's device)
     * @param images the pool, each preprocessed {@code [C, H, W]} flattened
     * @param shape one image's shape {@code [C, H, W]}
     * @param first each pair's first image, an index into {@code images}, {@code [P]}
     * @param second each pair's second image, {@code [P]}
     * @param w each pair's readout weights {@code [P][D]}
     * @return the raw maps of each pair
     * @throws IllegalStateException when the method is not {@link AttributionMethod#GRADIENT}
     * @throws IllegalArgumentException when the sizes disagree
     */
    public PairMaps attributePooled(NDManager m, float[][] images, Shape shape, int[] first, int[] second,
            float[][] w) {
        checkPooled(images, shape, first, second, w);
        float[][][] maps = pooled.maps(m, images, shape, first, second, w);
        return new PairMaps(maps[0], maps[1]);
    }

    /** Receives the maps of {@link #attributePooled(NDManager, float[][], Shape, int[], int[], float[][], MapSink)}. */
    @FunctionalInterface
    public interface MapSink {
        /**
         * @param pair the pair, an index into the call's {@code first} and {@code second}
         * @param side 0 for the pair's first image, 1 for its second
         * @param map the raw map {@code [C × H × W]}, the sink's to keep
         */
        void accept(int pair, int side, float[] map);
    }

    /**
     * {@link #attributePooled(NDManager, float[][], Shape, int[], int[], float[][])} handing each of
     * the {@code 2P} maps to {@code sink} as soon as its backward pass is done (pairs in no particular
     * order), so that the maps need not be held: memory is one pass's graph, the pool and its
     * features. The maps have the same bits as the other form's.
     *
     * @param m the manager the passes work under (on the feature function's device)
     * @param images the pool, each preprocessed {@code [C, H, W]} flattened
     * @param shape one image's shape {@code [C, H, W]}
     * @param first each pair's first image, an index into {@code images}, {@code [P]}
     * @param second each pair's second image, {@code [P]}
     * @param w each pair's readout weights {@code [P][D]}
     * @param sink receives every map once
     * @throws IllegalStateException when the method is not {@link AttributionMethod#GRADIENT}
     * @throws IllegalArgumentException when the sizes disagree
     */
    public void attributePooled(NDManager m, float[][] images, Shape shape, int[] first, int[] second, float[][] w,
            MapSink sink) {
        checkPooled(images, shape, first, second, w);
        pooled.maps(m, images, shape, first, second, w, sink);
    }

    private void checkPooled(float[][] images, Shape shape, int[] first, int[] second, float[][] w) {
        if (options.method() != AttributionMethod.GRADIENT) {
            throw new IllegalStateException("pooled attribution computes GRADIENT maps only, not " + options.method()
                    + "; use attribute(a, b, w)");
        }
        if (shape.dimension() != 3) {
            throw new IllegalArgumentException("an image's shape must be [C, H, W]; got " + shape);
        }
        if (first.length != second.length || first.length != w.length) {
            throw new IllegalArgumentException("pairs: " + first.length + " first images, " + second.length
                    + " second images and " + w.length + " weight rows; pass one of each per pair");
        }
        for (float[] img : images) {
            if (img.length != shape.size()) {
                throw new IllegalArgumentException("a pool image has " + img.length + " values, not " + shape);
            }
        }
        for (int p = 0; p < first.length; p++) {
            if (first[p] < 0 || first[p] >= images.length || second[p] < 0 || second[p] >= images.length) {
                throw new IllegalArgumentException("pair " + p + " names images " + first[p] + " and " + second[p]
                        + " of a pool of " + images.length);
            }
        }
    }

    /** Options for {@link SharedSaliency}. */
    public static final class Builder {
        private final FeatureFunction f;
        private Weighting weighting = Weighting.PAPER;
        private ReferencePoint referencePoint;
        private AttributionMethod method = AttributionMethod.GRADIENT;
        private int steps = DEFAULT_STEPS;
        private Baseline baseline = Baseline.zero();
        private int samples = DEFAULT_SAMPLES;
        private double noiseStd = Double.NaN;
        private double noiseLevel = DEFAULT_NOISE_LEVEL;
        private long seed = 0;
        private int internalBatchSize = DEFAULT_INTERNAL_BATCH_SIZE;

        private Builder(FeatureFunction f) {
            this.f = Objects.requireNonNull(f, "feature function");
        }

        /**
         * @param w the shared weighting; default {@link Weighting#PAPER}
         * @return this
         */
        public Builder weighting(Weighting w) {
            this.weighting = Objects.requireNonNull(w, "weighting");
            return this;
        }

        /**
         * The reference point of "shared": {@code v} is computed on {@code f̃ = (f − c) / s}. Costs two
         * {@code [N, D]} element-wise operations per pass; the backward passes are unchanged.
         *
         * @param p the point ({@code D} must match the feature function's output), or null for the
         *     literal reading {@code c = 0}, {@code s = 1} (the default)
         * @return this
         */
        public Builder referencePoint(ReferencePoint p) {
            this.referencePoint = p;
            return this;
        }

        /**
         * @param m the attribution method; default {@link AttributionMethod#GRADIENT}
         * @return this
         */
        public Builder method(AttributionMethod m) {
            this.method = Objects.requireNonNull(m, "method");
            return this;
        }

        /**
         * @param m Integrated-Gradients steps (midpoint rule), at least 1; default {@value SharedSaliency#DEFAULT_STEPS}
         * @return this
         */
        public Builder steps(int m) {
            if (m < 1) {
                throw new IllegalArgumentException("steps must be at least 1; got " + m);
            }
            this.steps = m;
            return this;
        }

        /**
         * @param b the Integrated-Gradients baseline {@code x₀}; default {@link Baseline#zero()}
         * @return this
         */
        public Builder baseline(Baseline b) {
            this.baseline = Objects.requireNonNull(b, "baseline");
            return this;
        }

        /**
         * @param value a constant baseline in the preprocessed input space
         * @return this
         */
        public Builder baseline(float value) {
            return baseline(Baseline.constant(value));
        }

        /**
         * @param n SmoothGrad samples, at least 1; default {@value SharedSaliency#DEFAULT_SAMPLES}
         * @return this
         */
        public Builder samples(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("samples must be at least 1; got " + n);
            }
            this.samples = n;
            return this;
        }

        /**
         * An absolute SmoothGrad noise standard deviation, in preprocessed input units; overrides
         * {@link #noiseLevel(double)}.
         *
         * @param sigma at least 0
         * @return this
         */
        public Builder noiseStd(double sigma) {
            if (!(sigma >= 0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("noiseStd must be a finite number >= 0; got " + sigma);
            }
            this.noiseStd = sigma;
            return this;
        }

        /**
         * A SmoothGrad noise standard deviation relative to each image's value range, {@code σ = level ×
         * (max − min)} (Smilkov et al.); default {@value SharedSaliency#DEFAULT_NOISE_LEVEL}. Clears an
         * absolute {@link #noiseStd(double)}.
         *
         * @param level at least 0
         * @return this
         */
        public Builder noiseLevel(double level) {
            if (!(level >= 0) || Double.isInfinite(level)) {
                throw new IllegalArgumentException("noiseLevel must be a finite number >= 0; got " + level);
            }
            this.noiseLevel = level;
            this.noiseStd = Double.NaN;
            return this;
        }

        /**
         * @param s the SmoothGrad noise seed; the noise of an image depends only on this seed and the
         *     image's content; default 0
         * @return this
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * The memory knob: at most this many images go through one forward/backward pass. GRADIENT
         * runs {@code size / 2} pairs per pass (both images of a pair in the same pass); with size 1
         * it computes the features first and then one image per pass. Peak activation memory grows
         * linearly with it. Default {@value SharedSaliency#DEFAULT_INTERNAL_BATCH_SIZE}.
         *
         * @param size at least 1
         * @return this
         */
        public Builder internalBatchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("internalBatchSize must be at least 1; got " + size);
            }
            this.internalBatchSize = size;
            return this;
        }

        /** @return the configured saliency */
        public SharedSaliency build() {
            return new SharedSaliency(this);
        }
    }
}
