package io.github.sharedvis.evaluation;

import io.github.sharedvis.attribution.SaliencyMaps;
import io.github.sharedvis.stats.Stats;

/**
 * Scores of a pixel map against a known region ({@code docs/method.md}, section 7) and between maps.
 * Maps are {@code [H, W]} row-major and non-negative (a reduced saliency, see
 * {@link io.github.sharedvis.attribution.ChannelReduction}); masks are {@code [H, W]}.
 */
public final class MapScores {

    private MapScores() {}

    /**
     * Fraction of the map's positive mass inside the region: {@code Σ_{mask} max(0, m) / Σ max(0, m)}.
     * A map without positive mass scores 0 (it points nowhere). A uniform map scores the region's
     * area fraction.
     *
     * @param map {@code [H, W]}
     * @param mask {@code [H, W]}
     * @return a fraction in [0, 1]
     */
    public static double massInRegion(float[] map, boolean[] mask) {
        check(map, mask);
        double in = 0;
        double all = 0;
        for (int i = 0; i < map.length; i++) {
            double v = Float.isFinite(map[i]) ? Math.max(0, map[i]) : 0;
            all += v;
            if (mask[i]) {
                in += v;
            }
        }
        return all > 0 ? in / all : 0;
    }

    /**
     * Pointing game (Zhang et al., 2018): whether the map's maximum, after Gaussian smoothing with
     * {@code sigma} pixels (the same for every method, so single-pixel gradient noise does not decide),
     * falls inside the region. Ties go to the first pixel in row-major order; a map without positive
     * mass misses.
     *
     * @param map {@code [H, W]}
     * @param h H
     * @param w W
     * @param mask {@code [H, W]}
     * @param sigma smoothing in pixels (0 = none)
     * @return 1 for a hit, 0 for a miss
     */
    public static int pointingHit(float[] map, int h, int w, boolean[] mask, double sigma) {
        check(map, mask);
        float[] s = SaliencyMaps.gaussianSmooth(map, h, w, sigma);
        int best = -1;
        float max = 0;
        for (int i = 0; i < s.length; i++) {
            if (Float.isFinite(s[i]) && s[i] > max) {
                max = s[i];
                best = i;
            }
        }
        return best >= 0 && mask[best] ? 1 : 0;
    }

    /**
     * Spearman rank correlation of two maps (average ranks for ties): how similar two methods' maps of
     * the same image are, insensitive to their scales.
     *
     * @param a a map
     * @param b a map of the same length
     * @return rho in [-1, 1]; NaN when either map is constant
     */
    public static double spearman(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("maps of " + a.length + " and " + b.length + " values");
        }
        return Stats.spearman(a, b);
    }

    private static void check(float[] map, boolean[] mask) {
        if (map.length != mask.length) {
            throw new IllegalArgumentException("map of " + map.length + " values but mask of " + mask.length);
        }
    }
}
