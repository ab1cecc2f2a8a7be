package io.github.sharedvis.attribution;

import java.awt.image.BufferedImage;

/**
 * Turns raw saliency arrays into displayable heat maps (method.md §4, "pixel map"; §5 figures).
 *
 * <p>Shapes: a raw saliency is a float array of shape [C, H, W] in row-major order (C = 3 for RGB,
 * {@code chw[c*H*W + y*W + x]}); a pixel map is [H, W] ({@code map[y*W + x]}). Raw maps stay
 * unnormalised on disk; display scaling happens only here, and the two maps of a pair share one
 * scale ({@link #jointMax}) so that their magnitudes compare.
 *
 * <p>The colour map is generated (not copied): 256 colours along a path in CIELAB whose lightness L*
 * rises linearly from near black to near white while the hue turns from violet through red and orange
 * to yellow (an inferno-like ramp). Linear lightness makes equal value steps look like equal steps and
 * keeps the map readable in greyscale print.
 */
public final class SaliencyMaps {

    /** Number of colours of the generated colour map. */
    public static final int LUT_SIZE = 256;

    private static final int[] LUT = buildLut();

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
     * The colour of a normalised value.
     *
     * @param t value in [0, 1] (clamped)
     * @return 0xRRGGBB
     */
    public static int colorOf(double t) {
        double c = Double.isNaN(t) ? 0 : Math.min(1, Math.max(0, t));
        return LUT[(int) Math.round(c * (LUT_SIZE - 1))];
    }

    /** @return a copy of the colour map, {@link #LUT_SIZE} colours 0xRRGGBB from low to high */
    public static int[] colormap() {
        return LUT.clone();
    }

    /**
     * Colours a pixel map on a fixed scale [0, vmax].
     *
     * @param map pixel map, shape [H, W]
     * @param h height H
     * @param w width W
     * @param vmax value shown as the top colour (e.g. {@link #jointMax} of the pair)
     * @return an opaque RGB image of W × H pixels
     */
    public static BufferedImage colorize(float[] map, int h, int w, float vmax) {
        int hw = checkedArea(h, w);
        if (map.length != hw) {
            throw new IllegalArgumentException("map of " + map.length + " values is not [" + h + ", " + w + "]");
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[hw];
        for (int i = 0; i < hw; i++) {
            rgb[i] = colorOf(normalise(map[i], vmax));
        }
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }

    /**
     * The heat map as a translucent layer: colour of the normalised value t with opacity alpha·t, so
     * pixels without saliency stay transparent and the strongest are the most opaque. Drawing this
     * layer over an image (source-over) gives {@link #overlay}'s colours.
     *
     * @param map pixel map, shape [H, W]
     * @param h height H
     * @param w width W
     * @param vmax display maximum
     * @param alpha opacity of the strongest value, in [0, 1]
     * @return an ARGB image of W × H pixels (not premultiplied)
     */
    public static BufferedImage heatLayer(float[] map, int h, int w, float vmax, float alpha) {
        int hw = checkedArea(h, w);
        if (map.length != hw) {
            throw new IllegalArgumentException("map of " + map.length + " values is not [" + h + ", " + w + "]");
        }
        checkAlpha(alpha);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        int[] argb = new int[hw];
        for (int i = 0; i < hw; i++) {
            double t = normalise(map[i], vmax);
            int a = (int) Math.round(255 * alpha * t);
            argb[i] = (a << 24) | colorOf(t);
        }
        out.setRGB(0, 0, w, h, argb, 0, w);
        return out;
    }

    /**
     * Overlays a heat map on an image. The image is shown in greyscale (luma, Rec. 601 weights) so the
     * colours of the map cannot be confused with the colours of the picture (the colour original is
     * shown beside it in the figures); each pixel is then {@code (1 − a)·grey + a·colour(t)} with
     * {@code t = clamp(map/vmax, 0, 1)} and {@code a = alpha·t}.
     *
     * @param image the image the network saw, W × H pixels
     * @param map pixel map, shape [H, W] of the same size
     * @param vmax display maximum (shared by the two maps of a pair)
     * @param alpha opacity of the strongest value, in [0, 1]
     * @return a new opaque RGB image
     * @throws IllegalArgumentException when the sizes differ
     */
    public static BufferedImage overlay(BufferedImage image, float[] map, float vmax, float alpha) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (map.length != (long) w * h) {
            throw new IllegalArgumentException("map of " + map.length + " values does not match the " + w + "x"
                    + h + " image; the map must have the image's model geometry [H, W]");
        }
        checkAlpha(alpha);
        int[] src = image.getRGB(0, 0, w, h, null, 0, w);
        int[] dst = new int[src.length];
        for (int i = 0; i < src.length; i++) {
            int p = src[i];
            double grey = luma(p);
            double t = normalise(map[i], vmax);
            double a = alpha * t;
            int c = colorOf(t);
            int r = (int) Math.round((1 - a) * grey + a * ((c >> 16) & 0xff));
            int g = (int) Math.round((1 - a) * grey + a * ((c >> 8) & 0xff));
            int b = (int) Math.round((1 - a) * grey + a * (c & 0xff));
            dst[i] = (r << 16) | (g << 8) | b;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, dst, 0, w);
        return out;
    }

    /**
     * Greyscale copy of an image (Rec. 601 luma), as used under {@link #overlay}.
     *
     * @param image an image
     * @return an opaque RGB image with equal channels
     */
    public static BufferedImage greyscale(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] px = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < px.length; i++) {
            int g = (int) Math.round(luma(px[i]));
            px[i] = (g << 16) | (g << 8) | g;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, px, 0, w);
        return out;
    }

    private static double luma(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
    }

    private static void checkAlpha(float alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("overlay alpha must be in [0, 1], got " + alpha);
        }
    }

    private static int checkedArea(int h, int w) {
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("map size must be positive, got " + h + "x" + w);
        }
        return Math.multiplyExact(h, w);
    }

    // ---- colour map generation -------------------------------------------------------------

    /**
     * Builds the colour map: L* linear from 3 to 97; hue from 300° (violet) to 460° = 100° (yellow)
     * through red and orange; chroma rising towards the warm end, reduced where needed (keeping L* and
     * hue) until the colour fits in sRGB.
     */
    private static int[] buildLut() {
        int[] lut = new int[LUT_SIZE];
        for (int i = 0; i < LUT_SIZE; i++) {
            double t = i / (double) (LUT_SIZE - 1);
            double lightness = 3 + 94 * t;
            double hue = Math.toRadians(300 + 160 * t);
            double target = 30 + 70 * t;
            double lo = 0;
            double hi = target;
            if (!inGamut(lightness, hi, hue)) {
                for (int it = 0; it < 40; it++) {
                    double mid = 0.5 * (lo + hi);
                    if (inGamut(lightness, mid, hue)) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                hi = lo;
            }
            double[] rgb = labToLinearRgb(lightness, hi * Math.cos(hue), hi * Math.sin(hue));
            lut[i] = (encode(rgb[0]) << 16) | (encode(rgb[1]) << 8) | encode(rgb[2]);
        }
        return lut;
    }

    private static boolean inGamut(double l, double c, double h) {
        double[] rgb = labToLinearRgb(l, c * Math.cos(h), c * Math.sin(h));
        for (double v : rgb) {
            if (v < -1e-9 || v > 1 + 1e-9) {
                return false;
            }
        }
        return true;
    }

    /** CIELAB (D65 white) to linear sRGB. */
    private static double[] labToLinearRgb(double l, double a, double b) {
        double fy = (l + 16) / 116;
        double fx = fy + a / 500;
        double fz = fy - b / 200;
        double x = 0.95047 * finv(fx);
        double y = 1.00000 * finv(fy);
        double z = 1.08883 * finv(fz);
        return new double[] {
            3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
            -0.9692660 * x + 1.8760108 * y + 0.0415560 * z,
            0.0556434 * x - 0.2040259 * y + 1.0572252 * z,
        };
    }

    private static double finv(double f) {
        double d = 6.0 / 29;
        return f > d ? f * f * f : 3 * d * d * (f - 4.0 / 29);
    }

    private static int encode(double linear) {
        double v = Math.min(1, Math.max(0, linear));
        double s = v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
        return (int) Math.round(255 * s);
    }
}
