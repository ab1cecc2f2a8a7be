package io.github.sharedvis.attribution;

/**
 * Turns raw saliency arrays into pixel maps ready for display (docs/method.md §4, "pixel map"; §5 figures).
 *
 * <p>Shapes: a raw saliency is a float array of shape [C, H, W] in row-major order (C = 3 for RGB,
 * {@code chw[c*H*W + y*W + x]}); a pixel map is [H, W] ({@code map[y*W + x]}). Raw maps stay
 * unnormalised on disk; display scaling happens only here, and the two maps of a pair share one
 * scale ({@link #jointMax}) so that their magnitudes compare. Colouring and compositing the
 * normalised values onto images is the report's ({@code io.github.sharedvis.report.ColorMap},
 * {@code io.github.sharedvis.report.HeatMaps}).
 */
public final class SaliencyMaps {

    private SaliencyMaps() {}

    /**
     * Reduces the channels of a raw saliency array to one pixel map.
     *
     * @param chw raw saliency, shape [C, H, W] (C ≥ 1, usually 3)
     * @param h height H
     * @param w width W
     * @param r the reduction
     * @return the pixel map, shape [H, W], non-negative
     * @throws IllegalArgumentException when the length is not a multiple of H·W
     */
    public static float[] reduce(float[] chw, int h, int w, ChannelReduction r) {
        int hw = checkedArea(h, w);
        if (chw.length == 0 || chw.length % hw != 0) {
            throw new IllegalArgumentException("saliency array of " + chw.length + " values is not [C, " + h
                    + ", " + w + "]; expected a multiple of " + hw);
        }
        int c = chw.length / hw;
        float[] out = new float[hw];
        for (int i = 0; i < hw; i++) {
            double acc = 0;
            for (int k = 0; k < c; k++) {
                double v = chw[k * hw + i];
                acc += r == ChannelReduction.L2 ? v * v : v;
            }
            double m = switch (r) {
                case POSITIVE -> Math.max(0, acc);
                case ABS -> Math.abs(acc);
                case L2 -> Math.sqrt(acc);
            };
            out[i] = (float) m;
        }
        return out;
    }

    /**
     * Gaussian smoothing of a pixel map, separable (rows, then columns).
     *
     * <p>The kernel is the Gaussian sampled at integer offsets −R..R with R = round(4σ) (as
     * scipy.ndimage.gaussian_filter with truncate=4) and normalised to sum 1. Edges use half-sample
     * symmetric reflection ({@code d c b a | a b c d | d c b a}, scipy's {@code mode='reflect'}), so a
     * constant map stays constant up to the border and the sum of the whole map is preserved exactly.
     *
     * @param map pixel map, shape [H, W]; not modified
     * @param h height H
     * @param w width W
     * @param sigma standard deviation in pixels; 0 returns a copy
     * @return the smoothed map, shape [H, W]
     * @throws IllegalArgumentException when sigma is negative or not finite, or the length is not H·W
     */
    public static float[] gaussianSmooth(float[] map, int h, int w, double sigma) {
        int hw = checkedArea(h, w);
        if (map.length != hw) {
            throw new IllegalArgumentException("map of " + map.length + " values is not [" + h + ", " + w + "]");
        }
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("smoothing sigma must be a finite number >= 0 (pixels), got " + sigma);
        }
        int radius = (int) (4.0 * sigma + 0.5);
        if (sigma == 0 || radius == 0) {
            return map.clone();
        }
        double[] kernel = gaussianKernel(sigma, radius);
        // each row (then column) is copied once into a buffer padded by reflection, so the inner loop is a
        // plain dot product
        double[] tmp = new double[hw];
        double[] line = new double[Math.max(h, w) + 2 * radius];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int i = -radius; i < w + radius; i++) {
                line[i + radius] = map[row + reflect(i, w)];
            }
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int k = 0; k < kernel.length; k++) {
                    acc += kernel[k] * line[x + k];
                }
                tmp[row + x] = acc;
            }
        }
        float[] out = new float[hw];
        for (int x = 0; x < w; x++) {
            for (int i = -radius; i < h + radius; i++) {
                line[i + radius] = tmp[reflect(i, h) * w + x];
            }
            for (int y = 0; y < h; y++) {
                double acc = 0;
                for (int k = 0; k < kernel.length; k++) {
                    acc += kernel[k] * line[y + k];
                }
                out[y * w + x] = (float) acc;
            }
        }
        return out;
    }

    /**
     * The normalised sampled Gaussian used by {@link #gaussianSmooth}.
     *
     * @param sigma standard deviation in pixels, &gt; 0
     * @param radius half width R
     * @return 2R+1 weights summing to 1
     */
    static double[] gaussianKernel(double sigma, int radius) {
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** Half-sample symmetric reflection of index i into [0, n), repeated for kernels wider than the map. */
    private static int reflect(int i, int n) {
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }

    /**
     * The shared display scale of a pair: the largest finite value of either map, or 0 when neither
     * has a positive finite value (then everything displays as the lowest colour).
     *
     * @param mapA first pixel map
     * @param mapB second pixel map
     * @return max(0, max finite value of A and B)
     */
    public static float jointMax(float[] mapA, float[] mapB) {
        float m = 0;
        for (float[] map : new float[][] {mapA, mapB}) {
            for (float v : map) {
                if (Float.isFinite(v) && v > m) {
                    m = v;
                }
            }
        }
        return m;
    }

    /**
     * Normalised display value of one map value: clamp(v / vmax, 0, 1); 0 when vmax ≤ 0 or v is not finite.
     *
     * @param v a map value
     * @param vmax the display maximum
     * @return t in [0, 1]
     */
    public static double normalise(float v, float vmax) {
        if (!(vmax > 0) || !Float.isFinite(v) || Float.isInfinite(vmax)) {
            return 0;
        }
        return Math.min(1, Math.max(0, v / (double) vmax));
    }

    /**
     * @param h height H of a pixel map
     * @param w width W
     * @return H·W, the length of a map {@code [H, W]}
     * @throws IllegalArgumentException when a side is not positive
     * @throws ArithmeticException when H·W overflows an int
     */
    public static int checkedArea(int h, int w) {
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("map size must be positive, got " + h + "x" + w);
        }
        return Math.multiplyExact(h, w);
    }
}
