package io.github.sharedvis.evaluation;

import io.github.sharedvis.attribution.SaliencyMaps;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The deletion test ({@code docs/method.md}, section 7; Petsiuk et al., 2018): pixels of an image are
 * replaced by a blurred copy in the order a map ranks them, most salient first, and a score is
 * tracked; the faster it falls, the more the map's top pixels mattered. The area under the curve
 * (trapezoid rule over the deleted fraction, 0 to 1) summarises it: lower is better.
 */
public final class Deletion {

    private Deletion() {}

    /**
     * Pixel order by decreasing map value; ties (e.g. the zeros of a positive-part map) in a random
     * order drawn from {@code seed}, so no method gains from row-major tie-breaking.
     *
     * @param map {@code [H, W]}
     * @param seed tie-breaking seed
     * @return pixel indices, most salient first
     */
    public static int[] order(float[] map, long seed) {
        int n = map.length;
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] jitter = new double[n];
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
            jitter[i] = rnd.nextDouble();
        }
        Arrays.sort(idx, (p, q) -> {
            float vp = Float.isFinite(map[p]) ? map[p] : Float.NEGATIVE_INFINITY;
            float vq = Float.isFinite(map[q]) ? map[q] : Float.NEGATIVE_INFINITY;
            int c = Float.compare(vq, vp);
            return c != 0 ? c : Double.compare(jitter[p], jitter[q]);
        });
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /**
     * A uniformly random pixel order (the random baseline).
     *
     * @param n pixels
     * @param seed seed
     * @return a permutation of 0..n-1
     */
    public static int[] randomOrder(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * Blurs every channel of an image tensor with a Gaussian (the "deleted" pixel values: local
     * averages, which keep the image's overall statistics, unlike black).
     *
     * @param chw {@code [C, H, W]}
     * @param h H
     * @param w W
     * @param sigma pixels
     * @return the blurred tensor {@code [C, H, W]}
     */
    public static float[] blur(float[] chw, int h, int w, double sigma) {
        int hw = h * w;
        float[] out = new float[chw.length];
        for (int c = 0; c < chw.length / hw; c++) {
            float[] plane = Arrays.copyOfRange(chw, c * hw, (c + 1) * hw);
            System.arraycopy(SaliencyMaps.gaussianSmooth(plane, h, w, sigma), 0, out, c * hw, hw);
        }
        return out;
    }

    /**
     * The image with its first {@code round(fraction * H * W)} pixels in {@code order} deleted
     * (all channels replaced by {@code blurred}).
     *
     * @param chw {@code [C, H, W]}
     * @param blurred {@code [C, H, W]}
     * @param order pixel order from {@link #order} or {@link #randomOrder}
     * @param fraction in [0, 1]
     * @return a new tensor {@code [C, H, W]}
     */
    public static float[] delete(float[] chw, float[] blurred, int[] order, double fraction) {
        if (chw.length != blurred.length || chw.length % order.length != 0) {
            throw new IllegalArgumentException("image of " + chw.length + " values, blurred of " + blurred.length
                    + ", order of " + order.length + " pixels");
        }
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1], got " + fraction);
        }
        int hw = order.length;
        int c = chw.length / hw;
        int k = (int) Math.round(fraction * hw);
        float[] out = chw.clone();
        for (int i = 0; i < k; i++) {
            int p = order[i];
            for (int ch = 0; ch < c; ch++) {
                out[ch * hw + p] = blurred[ch * hw + p];
            }
        }
        return out;
    }

    /**
     * Area under a curve by the trapezoid rule.
     *
     * @param x increasing abscissae (the deleted fractions)
     * @param y values
     * @return the area
     */
    public static double auc(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("a curve needs at least two points of equal length");
        }
        double s = 0;
        for (int i = 1; i < x.length; i++) {
            if (!(x[i] > x[i - 1])) {
                throw new IllegalArgumentException("abscissae must increase: " + Arrays.toString(x));
            }
            s += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        }
        return s;
    }
}
