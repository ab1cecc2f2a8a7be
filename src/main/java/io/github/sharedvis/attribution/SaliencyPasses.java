package io.github.sharedvis.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.backbone.FeatureFunction;
import io.github.sharedvis.backbone.Gradients;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine behind {@link SharedSaliency}: how the vector-Jacobian products of a batch of pairs are cut
 * into forward/backward passes of at most {@code internalBatchSize} images, and where in them the shared
 * weighting {@code v} is computed. Peak memory is set by the pass size alone, so every pass works in its
 * own sub-manager and keeps only its results. The inputs are already broadcast: {@code [N, C, H, W]}
 * image batches and {@code [N, D]} readout weights, float32.
 */
final class SaliencyPasses {

    /** The maps, the weighting and the clean features of a batch (see {@link PairAttribution}). */
    record Result(NDArray mapA, NDArray mapB, NDArray v, NDArray fa, NDArray fb) {}

    private final FeatureFunction f;
    private final SaliencyOptions options;
    private final Weighting weighting;
    private final ReferencePoint referencePoint;
    private final AttributionMethod method;
    private final int internalBatchSize;

    SaliencyPasses(FeatureFunction f, SaliencyOptions options) {
        this.f = f;
        this.options = options;
        this.weighting = options.weighting();
        this.referencePoint = options.referencePoint();
        this.method = options.method();
        this.internalBatchSize = options.internalBatchSize();
    }

    /** Attributes {@code N} broadcast pairs; the results live in {@code work}. */
    Result attribute(NDArray a, NDArray b, NDArray w, NDManager work) {
        return switch (method) {
            case GRADIENT -> internalBatchSize >= 2 ? fusedGradient(a, b, w, work) : fixedV(a, b, w, work);
            case INTEGRATED_GRADIENTS, SMOOTHGRAD -> fixedV(a, b, w, work);
        };
    }

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
            case INTEGRATED_GRADIENTS -> AveragedGradients.integratedGradients(this, x, vv, options);
            case SMOOTHGRAD -> AveragedGradients.smoothGrad(this, x, vv, options);
        };
        return new Result(maps.get("0:" + n), maps.get(n + ":"), v, fa, fb);
    }

    /**
     * The weighting {@code v} of the relative features and the output gradient on the raw features
     * that backpropagates {@code v · f̃}: {@code {v, v / s}} (for READOUT, {@code {w, w}}).
     */
    NDArray[] weigh(NDArray fa, NDArray fb, NDArray w) {
        if (referencePoint == null || !weighting.isShared()) {
            NDArray v = weighting.apply(fa, fb, w);
            return new NDArray[] {v, v};
        }
        NDArray v = weighting.apply(referencePoint.relative(fa), referencePoint.relative(fb), w);
        return new NDArray[] {v, referencePoint.featureGradient(v)};
    }

    /** Builds the inputs of one image for its points {@code from..to-1} (of {@code m}). */
    @FunctionalInterface
    interface Points {
        NDArray make(int image, int from, int to, NDArray xi);
    }

    /**
     * {@code (1/m) Σ_j J(p_ij)ᵀ v_i} for every image {@code i}, over points built by {@code points},
     * with at most {@code internalBatchSize} points per backward pass.
     */
    NDArray meanGradient(NDArray x, NDArray v, int m, Points points) {
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
}
