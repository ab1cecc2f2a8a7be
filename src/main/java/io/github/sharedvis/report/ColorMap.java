package io.github.sharedvis.report;

/**
 * The heat-map colour map, generated (not copied): 256 colours along a path in CIELAB whose lightness
 * L* rises linearly from near black to near white while the hue turns from violet through red and
 * orange to yellow (an inferno-like ramp). Linear lightness makes equal value steps look like equal
 * steps and keeps the map readable in greyscale print.
 */
public final class ColorMap {

    /** Number of colours of the generated colour map. */
    public static final int LUT_SIZE = 256;

    private static final int[] LUT = buildLut();

    private ColorMap() {}

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
