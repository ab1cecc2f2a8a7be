package io.github.sharedvis.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.attribution.ChannelReduction;
import io.github.sharedvis.attribution.SaliencyMaps;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.FeatureFunction;
import io.github.sharedvis.backbone.Gradients;
import io.github.sharedvis.backbone.Preprocessing;

/**
 * The benchmark's images and maps travel as flat NCHW batches ({@code [N·3·H·W]}): two images of a
 * pair go through one backward pass, several deletion steps through one forward pass. These join
 * batches, run features over them and take one image's map out of them.
 */
final class ImageBatches {

    /** Images per forward pass: bounds the engine's memory on the largest backbones. */
    private static final int PASS = 16;

    private ImageBatches() {}

    /**
     * @param a a batch {@code [N·3·H·W]}
     * @param b another
     * @return {@code a} then {@code b}, one batch
     */
    static float[] concat(float[] a, float[] b) {
        float[] r = new float[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /**
     * @param chw a batch's map {@code [N·C·H·W]}
     * @param offset where the image's plane starts
     * @param plane {@code C·H·W}
     * @param h height
     * @param w width
     * @return that image's map reduced over channels (positive part) {@code [H·W]}
     */
    static float[] reduce(float[] chw, int offset, int plane, int h, int w) {
        float[] one = new float[plane];
        System.arraycopy(chw, offset, one, 0, plane);
        return SaliencyMaps.reduce(one, h, w, ChannelReduction.POSITIVE);
    }

    /**
     * @param f the features
     * @param x one preprocessed image {@code [3·H·W]}
     * @param pre its preprocessing (the geometry)
     * @return its features {@code [D]}
     */
    static float[] features(FeatureFunction f, float[] x, Preprocessing pre) {
        return forward(f, x, 1, pre)[0];
    }

    /**
     * Features without a graph, in passes of at most {@value #PASS} images.
     *
     * @param b the features
     * @param images preprocessed images {@code [n·3·H·W]}
     * @param n how many
     * @param p their preprocessing (the geometry)
     * @return features {@code [n][D]}
     */
    static float[][] forward(FeatureFunction b, float[] images, int n, Preprocessing p) {
        int plane = 3 * p.height() * p.width();
        float[][] out = new float[n][];
        for (int s = 0; s < n; s += PASS) {
            int e = Math.min(n, s + PASS);
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
}
