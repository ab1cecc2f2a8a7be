package io.github.sharedvis.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** SaliencyMaps against closed forms: hand-computed reductions, sampled Gaussians, the shared scale. */
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
}
