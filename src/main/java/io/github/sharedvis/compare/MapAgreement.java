package io.github.sharedvis.compare;

import io.github.sharedvis.stats.Stats;

import java.util.Arrays;

/**
 * How alike two pixel maps of one image are, and how maps of different input sizes are brought to
 * one grid.
 *
 * <ul>
 *   <li>{@link #spearman}: Spearman rank correlation, the Pearson correlation of the two maps' ranks
 *       (ties get their average rank, as {@code scipy.stats.spearmanr}); NaN when a map is constant.
 *   <li>{@link #topOverlap}: of the {@code k = ceil(fraction × n)} pixels with the largest values of
 *       map A, the fraction that are also among map B's {@code k}; its chance level (two unrelated
 *       maps) is {@code k / n}, i.e. about {@code fraction}. Ties at the threshold (e.g. the zeros of
 *       a positive-part map with few positive pixels) are broken by a fixed pseudo-random pixel order,
 *       a different one for A and for B, so tied pixels overlap at chance, not by their position.
 *   <li>{@link #resample}: area averaging onto a {@code size × size} grid (each output cell is the mean
 *       of the input pixels it covers, weighted by the covered area), for down- and upsampling alike.
 * </ul>
 */
public final class MapAgreement {

    /** The top fraction of pixels {@code agreement.csv}'s overlap uses. */
    public static final double TOP_FRACTION = 0.1;

    private MapAgreement() {}

    /**
     * @param a a map {@code [n]}
     * @param b another map of the same image on the same grid {@code [n]}
     * @return the Spearman rank correlation
     */
    public static double spearman(float[] a, float[] b) {
        requireSameLength(a, b);
        return Stats.spearman(a, b);
    }

    /**
     * @param a a map {@code [n]}
     * @param b another map of the same image on the same grid {@code [n]}
     * @param fraction the top fraction, in (0, 1]
     * @return the fraction of A's top pixels that are among B's top pixels, in [0, 1]
     */
    public static double topOverlap(float[] a, float[] b, double fraction) {
        requireSameLength(a, b);
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("top fraction must be in (0, 1], got " + fraction);
        }
        return overlap(top(a, fraction, 1), top(b, fraction, 2));
    }

    /**
     * @param inA map A's top set ({@link #top} with seed 1)
     * @param inB map B's top set (seed 2)
     * @return the fraction of A's top pixels in B's
     */
    static double overlap(boolean[] inA, boolean[] inB) {
        int both = 0;
        int k = 0;
        for (int i = 0; i < inA.length; i++) {
            k += inA[i] ? 1 : 0;
            both += inA[i] && inB[i] ? 1 : 0;
        }
        return (double) both / k;
    }

    /**
     * @param v a map
     * @param fraction the top fraction
     * @param seed the tie order: 1 for map A, 2 for map B
     * @return which pixels are among its {@code ceil(fraction × n)} largest
     */
    static boolean[] top(float[] v, double fraction, long seed) {
        return top(v, Math.max(1, (int) Math.ceil(fraction * v.length - 1e-9)), seed);
    }

    /** The k largest values, ties broken by a pseudo-random pixel order of this seed. */
    private static boolean[] top(float[] v, int k, long seed) {
        Integer[] order = new Integer[v.length];
        int[] tie = new int[v.length];
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            tie[i] = random.nextInt();
        }
        Arrays.sort(order, (x, y) -> {
            int c = Float.compare(v[y], v[x]);
            return c != 0 ? c : Integer.compare(tie[x], tie[y]);
        });
        boolean[] in = new boolean[v.length];
        for (int i = 0; i < k; i++) {
            in[order[i]] = true;
        }
        return in;
    }

    /**
     * @param map a map {@code [h, w]} row-major
     * @param h its height
     * @param w its width
     * @param size the side of the output grid
     * @return the map area-averaged onto {@code [size, size]}
     */
    public static float[] resample(float[] map, int h, int w, int size) {
        if (map.length != h * w) {
            throw new IllegalArgumentException("map of " + map.length + " values is not " + h + " x " + w);
        }
        double[][] wy = weights(h, size);
        double[][] wx = weights(w, size);
        double[] rows = new double[size * w]; // [size, w]
        for (int t = 0; t < size; t++) {
            for (int s = 0; s < h; s++) {
                double c = wy[t][s];
                if (c != 0) {
                    for (int x = 0; x < w; x++) {
                        rows[t * w + x] += c * map[s * w + x];
                    }
                }
            }
        }
        float[] out = new float[size * size];
        for (int t = 0; t < size; t++) {
            for (int u = 0; u < size; u++) {
                double acc = 0;
                for (int x = 0; x < w; x++) {
                    acc += wx[u][x] * rows[t * w + x];
                }
                out[t * size + u] = (float) acc;
            }
        }
        return out;
    }

    /** Area weights {@code [size][n]}: output cell t covers input [t n / size, (t + 1) n / size). */
    private static double[][] weights(int n, int size) {
        double[][] wt = new double[size][n];
        double cell = (double) n / size;
        for (int t = 0; t < size; t++) {
            double lo = t * cell;
            double hi = (t + 1) * cell;
            for (int s = (int) Math.floor(lo); s < Math.min(n, (int) Math.ceil(hi)); s++) {
                double overlap = Math.min(hi, s + 1) - Math.max(lo, s);
                if (overlap > 0) {
                    wt[t][s] = overlap / cell;
                }
            }
        }
        return wt;
    }

    private static void requireSameLength(float[] a, float[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("maps of " + a.length + " and " + b.length + " pixels do not compare");
        }
    }
}
