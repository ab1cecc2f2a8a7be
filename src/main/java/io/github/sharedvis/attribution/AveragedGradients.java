package io.github.sharedvis.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The two methods that average gradients over many inputs per image ({@link AttributionMethod}):
 * Integrated Gradients along the straight path from a {@link Baseline}, and SmoothGrad over noisy
 * copies. Each only says which inputs an image's points are ({@link SaliencyPasses.Points}); batching
 * the points into passes is {@link SaliencyPasses#meanGradient}'s job, so a point is built in the pass
 * that uses it and freed with it.
 */
final class AveragedGradients {
    private AveragedGradients() {}

    /**
     * Integrated Gradients: {@code (x − x₀) ⊙ (1/m) Σ_j J(x₀ + α_j (x − x₀))ᵀ v} over the midpoints
     * {@code α_j = (j + ½) / m}.
     */
    static NDArray integratedGradients(SaliencyPasses passes, NDArray x, NDArray v, SaliencyOptions o) {
        Baseline baseline = o.baseline();
        int steps = o.steps();
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
        NDArray mean = passes.meanGradient(x, v, steps, (img, from, to, xi) -> {
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

    /** SmoothGrad: {@code (1/n) Σ_j J(x + ε_j)ᵀ v} over seeded Gaussian noise {@code ε_j}. */
    static NDArray smoothGrad(SaliencyPasses passes, NDArray x, NDArray v, SaliencyOptions o) {
        double noiseStd = o.noiseStd();
        double noiseLevel = o.noiseLevel();
        long seed = o.seed();
        int samples = o.samples();
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
        return passes.meanGradient(x, v, samples, (img, from, to, xi) -> {
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
}
