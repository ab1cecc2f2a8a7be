package io.github.sharedvis.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.FeatureFunction;
import io.github.sharedvis.backbone.Gradients;

/**
 * Attribution of a fixed linear function of the features, {@code u · f(x)}, for one image at a time
 * and one direction {@code u} per image: the single-image baselines of the validation ({@code u = w},
 * the gradient or Integrated Gradients of the predicted response {@code r̂ = w · f(x) + b}) and, with
 * {@code u = v}, the out-of-category half of parallel backpropagation when {@code v} is already known
 * (the same maps {@link io.github.sharedvis.attribution.SharedSaliency} computes, without the reference
 * image's backward pass).
 *
 * <p>Inputs and outputs are flat float arrays {@code [N, C, H, W]}; rows of {@code u} are {@code [N, D]}.
 * Integrated Gradients uses the midpoint rule {@code α_j = (j − ½)/m}, as the engine does.
 */
public final class ReadoutAttribution {

    private final FeatureFunction f;
    private final int batchSize;

    /**
     * @param f the differentiable features
     * @param batchSize images per forward/backward pass (the memory knob), at least 1
     */
    public ReadoutAttribution(FeatureFunction f, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.f = f;
        this.batchSize = batchSize;
    }

    /**
     * Plain gradients {@code J(x_i)ᵀ u_i}.
     *
     * @param x images {@code [N, C, H, W]} flattened
     * @param shape {@code [N, C, H, W]}
     * @param u directions {@code [N][D]}
     * @return {@code [N, C, H, W]} flattened
     */
    public float[] gradient(float[] x, Shape shape, float[][] u) {
        return integrate(x, shape, u, null, 1, false);
    }

    /**
     * Integrated Gradients {@code (x − x₀) ⊙ (1/m) Σ_j J(x₀ + α_j (x − x₀))ᵀ u}.
     *
     * @param x images {@code [N, C, H, W]} flattened
     * @param shape {@code [N, C, H, W]}
     * @param u directions {@code [N][D]}
     * @param x0 the baseline, one image {@code [C, H, W]} shared by all (e.g. black)
     * @param steps m, at least 1
     * @return {@code [N, C, H, W]} flattened
     */
    public float[] integratedGradients(float[] x, Shape shape, float[][] u, float[] x0, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        return integrate(x, shape, u, x0, steps, true);
    }

    private float[] integrate(float[] x, Shape shape, float[][] u, float[] x0, int steps, boolean ig) {
        int n = (int) shape.get(0);
        int plane = (int) (shape.size() / n);
        if (x.length != n * plane || u.length != n) {
            throw new IllegalArgumentException("x has " + x.length + " values for shape " + shape + " and u has "
                    + u.length + " rows");
        }
        if (ig && x0.length != plane) {
            throw new IllegalArgumentException("the baseline has " + x0.length + " values, an image " + plane);
        }
        int d = u[0].length;
        float[] acc = new float[n * plane];
        int total = n * steps;
        for (int t0 = 0; t0 < total; t0 += batchSize) {
            int t1 = Math.min(total, t0 + batchSize);
            int k = t1 - t0;
            float[] pts = new float[k * plane];
            float[] dirs = new float[k * d];
            for (int t = t0; t < t1; t++) {
                int img = t / steps;
                double alpha = ig ? (t % steps + 0.5) / steps : 1;
                int off = (t - t0) * plane;
                for (int p = 0; p < plane; p++) {
                    float xi = x[img * plane + p];
                    pts[off + p] = ig ? (float) (x0[p] + alpha * (xi - x0[p])) : xi;
                }
                System.arraycopy(u[img], 0, dirs, (t - t0) * d, d);
            }
            float[] g;
            try (NDManager m = NDManager.newBaseManager(null, Engines.PYTORCH)) {
                Shape s = new Shape(k).addAll(shape.slice(1));
                NDArray gx = Gradients.vjp(f, m.create(pts, s), m.create(dirs, new Shape(k, d)));
                g = gx.toFloatArray();
            }
            for (int t = t0; t < t1; t++) {
                int img = t / steps;
                int off = (t - t0) * plane;
                for (int p = 0; p < plane; p++) {
                    acc[img * plane + p] += g[off + p];
                }
            }
        }
        for (int img = 0; img < n; img++) {
            for (int p = 0; p < plane; p++) {
                int i = img * plane + p;
                acc[i] /= steps;
                if (ig) {
                    acc[i] *= x[i] - x0[p];
                }
            }
        }
        return acc;
    }
}
