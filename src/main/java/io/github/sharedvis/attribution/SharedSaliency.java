package io.github.sharedvis.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.backbone.FeatureFunction;
import io.github.sharedvis.backbone.Gradients;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

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

    private final FeatureFunction f;
    private final Weighting weighting;
    private final ReferencePoint referencePoint;
    private final AttributionMethod method;
    private final int steps;
    private final Baseline baseline;
    private final int samples;
    private final double noiseStd;
    private final double noiseLevel;
    private final long seed;
    private final int internalBatchSize;

    private SharedSaliency(Builder b) {
        this.f = b.f;
        this.weighting = b.weighting;
        this.referencePoint = b.referencePoint;
        this.method = b.method;
        this.steps = b.steps;
        this.baseline = b.baseline;
        this.samples = b.samples;
        this.noiseStd = b.noiseStd;
        this.noiseLevel = b.noiseLevel;
        this.seed = b.seed;
        this.internalBatchSize = b.internalBatchSize;
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
        return weighting;
    }

    /** @return the reference point, or null for the literal reading ({@code c = 0}, {@code s = 1}) */
    public ReferencePoint referencePoint() {
        return referencePoint;
    }

    /** @return the method */
    public AttributionMethod method() {
        return method;
    }

    /** @return the maximum number of images per forward/backward pass */
    public int internalBatchSize() {
        return internalBatchSize;
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
            Result r = switch (method) {
                case GRADIENT -> internalBatchSize >= 2 ? fusedGradient(aa, bb, wr, work) : fixedV(aa, bb, wr, work);
                case INTEGRATED_GRADIENTS, SMOOTHGRAD -> fixedV(aa, bb, wr, work);
            };
            return new PairAttribution(work.ret(r.mapA), work.ret(r.mapB), work.ret(r.v), work.ret(r.fa),
                    work.ret(r.fb));
        }
    }

    private record Result(NDArray mapA, NDArray mapB, NDArray v, NDArray fa, NDArray fb) {}

    /** GRADIENT: per group of pairs, [a; b] forward, v from the detached features, backward with [v; v]. */
    private Result fusedGradient(NDArray a, NDArray b, NDArray w, NDManager work) {
        long n = a.getShape().get(0);
        long perPass = internalBatchSize / 2;
        NDList mapA = new NDList();
        NDList mapB = new NDList();
        NDList vs = new NDList();
        NDList fas = new NDList();
        NDList fbs = new NDList();
        for (long s = 0; s < n; s += perPass) {
            long e = Math.min(n, s + perPass);
            long k = e - s;
            try (NDManager pass = work.newSubManager()) {
                pass.tempAttachAll(a, b, w);
                String rows = s + ":" + e;
                NDArray x = a.get(rows).concat(b.get(rows), 0);
                NDArray wp = w.get(rows);
                NDArray[] v = new NDArray[1];
                Gradients.Result r = Gradients.vjp(f, x, feats -> {
                    NDArray[] vg = weigh(feats.get("0:" + k), feats.get(k + ":"), wp);
                    NDArray both = vg[1].concat(vg[1], 0);
                    vg[0].attach(work);
                    v[0] = vg[0];
                    return both;
                });
                NDArray g = r.gradient();
                NDArray feats = r.features();
                mapA.add(keep(g.get("0:" + k), work));
                mapB.add(keep(g.get(k + ":"), work));
                fas.add(keep(feats.get("0:" + k), work));
                fbs.add(keep(feats.get(k + ":"), work));
                vs.add(v[0]);
            }
        }
        return new Result(join(mapA), join(mapB), join(vs), join(fas), join(fbs));
    }

    /** IG, SmoothGrad, or GRADIENT with one image per pass: v from clean features, then fixed-v passes. */
    private Result fixedV(NDArray a, NDArray b, NDArray w, NDManager work) {
        long n = a.getShape().get(0);
        NDArray x = a.concat(b, 0);
        NDArray feats = cleanFeatures(x, work);
        NDArray fa = feats.get("0:" + n);
        NDArray fb = feats.get(n + ":");
        NDArray[] vg = weigh(fa, fb, w);
        NDArray v = vg[0];
        NDArray vv = vg[1].concat(vg[1], 0);
        NDArray maps = switch (method) {
            case GRADIENT -> meanGradient(x, vv, 1, (img, from, to, xi) -> xi);
            case INTEGRATED_GRADIENTS -> integratedGradients(x, vv);
            case SMOOTHGRAD -> smoothGrad(x, vv);
        };
        return new Result(maps.get("0:" + n), maps.get(n + ":"), v, fa, fb);
    }

    /**
     * The weighting {@code v} of the relative features and the output gradient on the raw features
     * that backpropagates {@code v · f̃}: {@code {v, v / s}} (for READOUT, {@code {w, w}}).
     */
    private NDArray[] weigh(NDArray fa, NDArray fb, NDArray w) {
        if (referencePoint == null || !weighting.isShared()) {
            NDArray v = weighting.apply(fa, fb, w);
            return new NDArray[] {v, v};
        }
        NDArray v = weighting.apply(referencePoint.relative(fa), referencePoint.relative(fb), w);
        return new NDArray[] {v, referencePoint.featureGradient(v)};
    }

    private NDArray integratedGradients(NDArray x, NDArray v) {
        NDArray x0 = baseline.of(x);
        if (!x0.getShape().equals(x.getShape())) {
            throw new IllegalArgumentException("the baseline has shape " + x0.getShape() + " but the images have "
                    + x.getShape());
        }
        x0 = x0.toType(DataType.FLOAT32, false);
        NDArray diff = x.sub(x0);
        NDArray base = x0;
        long[] alphaShape = new long[(int) x.getShape().dimension()];
        Arrays.fill(alphaShape, 1);
        NDArray mean = meanGradient(x, v, steps, (img, from, to, xi) -> {
            float[] alphas = new float[to - from];
            for (int j = from; j < to; j++) {
                alphas[j - from] = (float) ((j + 0.5) / steps); // midpoint rule
            }
            alphaShape[0] = to - from;
            // Everything built here lands in the pass's manager (xi's), so it is freed per pass.
            NDManager pm = xi.getManager();
            NDArray al = pm.create(alphas, new Shape(alphaShape));
            NDArray d = diff.get(pm, img).expandDims(0);
            return base.get(pm, img).expandDims(0).add(d.mul(al));
        });
        return diff.mul(mean);
    }

    private NDArray smoothGrad(NDArray x, NDArray v) {
        int k = (int) x.getShape().get(0);
        long pixels = x.getShape().size() / k;
        float[] all = x.toFloatArray();
        long[] imageSeed = new long[k];
        float[] sigma = new float[k];
        for (int i = 0; i < k; i++) {
            int from = (int) (i * pixels);
            int to = (int) ((i + 1) * pixels);
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int p = from; p < to; p++) {
                lo = Math.min(lo, all[p]);
                hi = Math.max(hi, all[p]);
            }
            sigma[i] = (float) (Double.isNaN(noiseStd) ? noiseLevel * (hi - lo) : noiseStd);
            // The noise of an image depends on the seed and the image's content, not on its position
            // in the batch, so batching pairs differently gives the same maps.
            imageSeed[i] = mix(seed ^ mix(Arrays.hashCode(Arrays.copyOfRange(all, from, to))));
        }
        Shape one = x.getShape().slice(1);
        return meanGradient(x, v, samples, (img, from, to, xi) -> {
            float[] noise = new float[(int) ((to - from) * pixels)];
            for (int j = from; j < to; j++) {
                SplittableRandom rng = new SplittableRandom(mix(imageSeed[img] + j));
                int off = (int) ((j - from) * pixels);
                for (int p = 0; p < pixels; p++) {
                    noise[off + p] = (float) (sigma[img] * rng.nextGaussian());
                }
            }
            NDArray eps = xi.getManager().create(noise, new Shape(to - from).addAll(one));
            return xi.add(eps);
        });
    }

    /** SplitMix64's finaliser: decorrelates nearby seeds. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Builds the inputs of one image for its points {@code from..to-1} (of {@code m}). */
    @FunctionalInterface
    private interface Points {
        NDArray make(int image, int from, int to, NDArray xi);
    }

    /**
     * {@code (1/m) Σ_j J(p_ij)ᵀ v_i} for every image {@code i}, over points built by {@code points},
     * with at most {@code internalBatchSize} points per backward pass.
     */
    private NDArray meanGradient(NDArray x, NDArray v, int m, Points points) {
        NDManager work = x.getManager();
        int k = (int) x.getShape().get(0);
        NDArray[] acc = new NDArray[k];
        long total = (long) k * m;
        for (long t0 = 0; t0 < total; t0 += internalBatchSize) {
            long t1 = Math.min(total, t0 + internalBatchSize);
            try (NDManager pass = work.newSubManager()) {
                pass.tempAttachAll(x, v);
                NDList xs = new NDList();
                NDList vs = new NDList();
                List<int[]> segments = new ArrayList<>();
                for (long t = t0; t < t1; ) {
                    int img = (int) (t / m);
                    int from = (int) (t % m);
                    int to = (int) Math.min(m, from + (t1 - t));
                    xs.add(points.make(img, from, to, x.get(img).expandDims(0)));
                    vs.add(v.get(img).expandDims(0).repeat(0, to - from));
                    segments.add(new int[] {img, to - from});
                    t += to - from;
                }
                NDArray g = Gradients.vjp(f, join(xs), join(vs));
                long row = 0;
                for (int[] seg : segments) {
                    NDArray sum = g.get(row + ":" + (row + seg[1])).sum(new int[] {0});
                    if (acc[seg[0]] == null) {
                        sum.attach(work);
                        acc[seg[0]] = sum;
                    } else {
                        acc[seg[0]].addi(sum);
                    }
                    row += seg[1];
                }
            }
        }
        NDArray stacked = NDArrays.stack(new NDList(acc));
        for (NDArray s : acc) {
            s.close();
        }
        return stacked.divi(m);
    }

    /** Features of the clean images, without a graph, in passes of at most internalBatchSize images. */
    private NDArray cleanFeatures(NDArray x, NDManager work) {
        long k = x.getShape().get(0);
        NDList parts = new NDList();
        for (long s = 0; s < k; s += internalBatchSize) {
            long e = Math.min(k, s + internalBatchSize);
            try (NDManager pass = work.newSubManager()) {
                pass.tempAttachAll(x);
                NDArray chunk = x.get(s + ":" + e);
                NDArray fx = Gradients.noGrad(f, chunk);
                Shape fs = fx.getShape();
                if (fs.dimension() != 2 || fs.get(0) != e - s) {
                    throw new IllegalArgumentException("the feature function returned " + fs + " for " + chunk.getShape()
                            + "; it must return [N, D]");
                }
                parts.add(keep(fx, work));
            }
        }
        return join(parts);
    }

    private static NDArray keep(NDArray array, NDManager into) {
        array.attach(into);
        return array;
    }

    private static NDArray join(NDList parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        NDArray joined = NDArrays.concat(parts, 0);
        for (NDArray p : parts) {
            p.close();
        }
        return joined;
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
