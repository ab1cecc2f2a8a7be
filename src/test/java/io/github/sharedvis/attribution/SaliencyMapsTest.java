package io.github.sharedvis.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SaliencyMaps against closed forms: hand-computed reductions, sampled Gaussians, CIELAB lightness. */
class SaliencyMapsTest {

    // [3, 2, 2]: channel 0, 1, 2 of pixels (0,0) (0,1) (1,0) (1,1)
    private static final float[] CHW = {
        1, -2, 3, 0,
        2, 1, -5, 0,
        -1, 0, 1, 0,
    };

    @Test
    void reductionsMatchHandComputedValues() {
        // channel sums: 2, -1, -1, 0
        assertArrayEquals(new float[] {2, 0, 0, 0}, SaliencyMaps.reduce(CHW, 2, 2, ChannelReduction.POSITIVE));
        assertArrayEquals(new float[] {2, 1, 1, 0}, SaliencyMaps.reduce(CHW, 2, 2, ChannelReduction.ABS));
        float[] l2 = SaliencyMaps.reduce(CHW, 2, 2, ChannelReduction.L2);
        assertArrayEquals(new float[] {(float) Math.sqrt(6), (float) Math.sqrt(5), (float) Math.sqrt(35), 0}, l2, 1e-6f);
    }

    @Test
    void reductionRejectsWrongShapeAndParsesNames() {
        assertThrows(IllegalArgumentException.class, () -> SaliencyMaps.reduce(new float[7], 2, 2, ChannelReduction.ABS));
        assertEquals(ChannelReduction.L2, ChannelReduction.parse(" l2 "));
        assertEquals(ChannelReduction.POSITIVE, ChannelReduction.parse("Positive"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChannelReduction.parse("max"));
        assertTrue(e.getMessage().contains("positive, abs, l2"), e.getMessage());
    }

    /** Normalised sampled Gaussian weight at offset d, radius round(4σ), computed here independently. */
    private static double g(int d, double sigma) {
        int r = (int) Math.round(4 * sigma);
        if (Math.abs(d) > r) {
            return 0;
        }
        double sum = 0;
        for (int k = -r; k <= r; k++) {
            sum += Math.exp(-k * k / (2 * sigma * sigma));
        }
        return Math.exp(-d * d / (2 * sigma * sigma)) / sum;
    }

    @Test
    void impulseBecomesTheSampledNormalisedGaussian() {
        int h = 41;
        int w = 45;
        double sigma = 2.5;
        float[] map = new float[h * w];
        int yc = 20;
        int xc = 22;
        map[yc * w + xc] = 1;
        float[] out = SaliencyMaps.gaussianSmooth(map, h, w, sigma);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double expected = g(y - yc, sigma) * g(x - xc, sigma);
                assertEquals(expected, out[y * w + x], 1e-7, "pixel " + y + "," + x);
            }
        }
    }

    @Test
    void edgesReflectAboutTheHalfSample() {
        // impulse in the first column: its mirror image sits at column -1, so out[x] = g(x) + g(x + 1)
        int h = 21;
        int w = 20;
        double sigma = 1.5;
        float[] map = new float[h * w];
        map[10 * w] = 1;
        float[] out = SaliencyMaps.gaussianSmooth(map, h, w, sigma);
        for (int x = 0; x < w; x++) {
            double expected = g(0, sigma) * (g(x, sigma) + g(x + 1, sigma));
            assertEquals(expected, out[10 * w + x], 1e-7, "column " + x);
        }
    }

    @Test
    void smoothingPreservesTheSumAndConstants() {
        Random rnd = new Random(3);
        int h = 30;
        int w = 37;
        float[] map = new float[h * w];
        double sum = 0;
        for (int i = 0; i < map.length; i++) {
            map[i] = rnd.nextFloat();
            sum += map[i];
        }
        for (double sigma : new double[] {0.7, 3, 12}) { // 12: kernel wider than the map, reflected repeatedly
            float[] out = SaliencyMaps.gaussianSmooth(map, h, w, sigma);
            double s = 0;
            for (float v : out) {
                s += v;
            }
            assertEquals(sum, s, 1e-4 * sum, "sum at sigma " + sigma);
        }
        float[] constant = new float[h * w];
        java.util.Arrays.fill(constant, 2.5f);
        float[] out = SaliencyMaps.gaussianSmooth(constant, h, w, 4);
        for (float v : out) {
            assertEquals(2.5f, v, 1e-5f);
        }
    }

    @Test
    void zeroSigmaIsIdentityAndBadSigmaFails() {
        float[] map = {1, 2, 3, 4, 5, 6};
        float[] out = SaliencyMaps.gaussianSmooth(map, 2, 3, 0);
        assertArrayEquals(map, out);
        assertTrue(out != map, "returns a copy");
        assertThrows(IllegalArgumentException.class, () -> SaliencyMaps.gaussianSmooth(map, 2, 3, -1));
        assertThrows(IllegalArgumentException.class, () -> SaliencyMaps.gaussianSmooth(map, 2, 3, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> SaliencyMaps.gaussianSmooth(map, 3, 3, 1));
    }

    @Test
    void jointMaxIsTheLargestFiniteValueOfBoth() {
        assertEquals(7f, SaliencyMaps.jointMax(new float[] {1, 5, Float.NaN}, new float[] {7, -3, Float.POSITIVE_INFINITY}));
        assertEquals(9f, SaliencyMaps.jointMax(new float[] {9, 0}, new float[] {2}));
        assertEquals(0f, SaliencyMaps.jointMax(new float[] {0, 0}, new float[] {}));
    }

    @Test
    void colorizeUsesTheSharedScale() {
        int[] lut = SaliencyMaps.colormap();
        // a map whose max is half the shared vmax reaches only the middle of the colour map
        BufferedImage img = SaliencyMaps.colorize(new float[] {0, 0.5f, 1, 2}, 2, 2, 1f);
        assertEquals(lut[0], img.getRGB(0, 0) & 0xffffff);
        assertEquals(lut[128], img.getRGB(1, 0) & 0xffffff); // round(0.5 * 255) = 128
        assertEquals(lut[255], img.getRGB(0, 1) & 0xffffff);
        assertEquals(lut[255], img.getRGB(1, 1) & 0xffffff, "values above vmax clamp to the top colour");
        BufferedImage flat = SaliencyMaps.colorize(new float[] {0, 3, 1, 2}, 2, 2, 0f);
        for (int i = 0; i < 4; i++) {
            assertEquals(lut[0], flat.getRGB(i % 2, i / 2) & 0xffffff, "vmax 0 shows the lowest colour");
        }
    }

    /** CIELAB L* of an sRGB colour, written here independently of the code under test. */
    private static double lightness(int rgb) {
        double[] c = new double[3];
        for (int k = 0; k < 3; k++) {
            double v = ((rgb >> (16 - 8 * k)) & 0xff) / 255.0;
            c[k] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        double y = 0.2126729 * c[0] + 0.7151522 * c[1] + 0.0721750 * c[2];
        double f = y > 216.0 / 24389 ? Math.cbrt(y) : (24389.0 / 27 * y + 16) / 116;
        return 116 * f - 16;
    }

    @Test
    void colourMapLightnessRisesLinearly() {
        int[] lut = SaliencyMaps.colormap();
        assertEquals(256, lut.length);
        double first = lightness(lut[0]);
        double last = lightness(lut[255]);
        assertTrue(first < 8, "starts near black: L* = " + first);
        assertTrue(last > 92, "ends near white: L* = " + last);
        double prev = -1;
        double maxDev = 0;
        for (int i = 0; i < 256; i++) {
            double l = lightness(lut[i]);
            assertTrue(l >= prev - 0.3, "L* must not decrease (8-bit rounding aside) at " + i);
            prev = l;
            maxDev = Math.max(maxDev, Math.abs(l - (first + (last - first) * i / 255.0)));
        }
        assertTrue(maxDev < 1.0, "L* deviates from a straight line by " + maxDev);
        // not a grey ramp: the middle of the map is saturated (red/orange)
        int mid = lut[160];
        int r = (mid >> 16) & 0xff;
        int b = mid & 0xff;
        assertTrue(r - b > 80, "middle colour is warm: " + Integer.toHexString(mid));
    }

    @Test
    void overlayIsTheHeatLayerCompositedOverTheGreyImage() {
        Random rnd = new Random(5);
        int w = 9;
        int h = 7;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float[] map = new float[w * h];
        for (int i = 0; i < w * h; i++) {
            img.setRGB(i % w, i / w, rnd.nextInt(0xffffff));
            map[i] = rnd.nextFloat() * 2;
        }
        map[0] = 0;
        float vmax = 1.5f;
        float alpha = 0.6f;
        BufferedImage over = SaliencyMaps.overlay(img, map, vmax, alpha);
        // independent oracle: Java2D source-over compositing of the ARGB heat layer on the grey image
        BufferedImage ref = SaliencyMaps.greyscale(img);
        Graphics2D g = ref.createGraphics();
        g.setComposite(AlphaComposite.SrcOver);
        g.drawImage(SaliencyMaps.heatLayer(map, h, w, vmax, alpha), 0, 0, null);
        g.dispose();
        for (int i = 0; i < w * h; i++) {
            int a = over.getRGB(i % w, i / w);
            int b = ref.getRGB(i % w, i / w);
            for (int s = 0; s <= 16; s += 8) {
                assertTrue(Math.abs(((a >> s) & 0xff) - ((b >> s) & 0xff)) <= 2, "pixel " + i);
            }
        }
        // closed forms: no saliency shows the grey image; full saliency at alpha 1 shows the top colour
        int p = img.getRGB(0, 0);
        int grey = (int) Math.round(0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff));
        assertEquals((grey << 16) | (grey << 8) | grey, over.getRGB(0, 0) & 0xffffff);
        BufferedImage full = SaliencyMaps.overlay(img, new float[w * h], 0f, 1f);
        assertEquals(SaliencyMaps.greyscale(img).getRGB(3, 3), full.getRGB(3, 3));
        float[] ones = new float[w * h];
        java.util.Arrays.fill(ones, 1f);
        assertEquals(SaliencyMaps.colormap()[255], SaliencyMaps.overlay(img, ones, 1f, 1f).getRGB(2, 2) & 0xffffff);
        assertThrows(IllegalArgumentException.class, () -> SaliencyMaps.overlay(img, new float[5], 1f, 0.5f));
        assertThrows(IllegalArgumentException.class, () -> SaliencyMaps.overlay(img, map, 1f, 1.5f));
    }
}
