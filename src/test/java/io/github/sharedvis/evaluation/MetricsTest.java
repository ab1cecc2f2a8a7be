package io.github.sharedvis.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Map scores, deletion, bootstrap and Grad-CAM against closed forms and hand-computed values. */
class MetricsTest {

    @Test
    void massInRegionIsThePositiveMassFraction() {
        float[] map = {1, 2, -5, 3, 0, 4};
        boolean[] mask = {true, false, true, true, false, false};
        // positive mass 1+2+3+4 = 10, inside 1+3 = 4 (the negative value counts as 0)
        assertEquals(0.4, MapScores.massInRegion(map, mask), 1e-12);
        float[] uniform = new float[100];
        Arrays.fill(uniform, 0.3f);
        boolean[] quarter = new Region(0, 0, 5, 5).mask(10, 10);
        assertEquals(0.25, MapScores.massInRegion(uniform, quarter), 1e-6, "uniform map: the area fraction");
        assertEquals(0, MapScores.massInRegion(new float[] {0, -1}, new boolean[] {true, true}), "no positive mass");
    }

    @Test
    void pointingGameHitsWhenTheSmoothedPeakIsInside() {
        int h = 20;
        int w = 20;
        float[] map = new float[h * w];
        map[5 * w + 5] = 10; // a single spike outside the region...
        for (int y = 12; y < 18; y++) {
            for (int x = 12; x < 18; x++) {
                map[y * w + x] = 3; // ...and a broad blob inside
            }
        }
        boolean[] mask = new Region(12, 12, 6, 6).mask(w, h);
        assertEquals(0, MapScores.pointingHit(map, h, w, mask, 0), "unsmoothed: the spike wins");
        assertEquals(1, MapScores.pointingHit(map, h, w, mask, 3), "smoothed: the blob wins");
        assertEquals(0, MapScores.pointingHit(new float[h * w], h, w, mask, 0), "an empty map misses");
    }

    @Test
    void spearmanMatchesHandComputedValues() {
        assertEquals(1, MapScores.spearman(new float[] {1, 2, 3, 4}, new float[] {10, 20, 30, 1000}), 1e-12);
        assertEquals(-1, MapScores.spearman(new float[] {1, 2, 3, 4}, new float[] {4, 3, 2, 1}), 1e-12);
        // ties: ranks of a = [1, 2.5, 2.5, 4], b = [1, 2, 3, 4]; Pearson of the ranks = 0.9486833 (scipy.stats.spearmanr)
        assertEquals(0.9486832980505138, MapScores.spearman(new float[] {1, 2, 2, 3}, new float[] {1, 2, 3, 4}), 1e-9);
        assertTrue(Double.isNaN(MapScores.spearman(new float[] {1, 1}, new float[] {1, 2})));
    }

    @Test
    void deletionOrderDeletesTheTopPixelsFirst() {
        float[] map = {0.1f, 0.9f, 0.5f, 0, 0};
        int[] order = Deletion.order(map, 1);
        assertArrayEquals(new int[] {1, 2, 0}, Arrays.copyOf(order, 3));
        assertEquals(java.util.Set.of(3, 4), java.util.Set.of(order[3], order[4]), "ties last, in a seeded order");
        float[] x = {1, 2, 3, 4, 5, 10, 20, 30, 40, 50}; // two channels of 5 pixels
        float[] blurred = new float[10];
        float[] d = Deletion.delete(x, blurred, order, 0.4); // round(0.4 * 5) = 2 pixels: 1 and 2
        assertArrayEquals(new float[] {1, 0, 0, 4, 5, 10, 0, 0, 40, 50}, d);
        assertArrayEquals(x, Deletion.delete(x, blurred, order, 0));
        assertArrayEquals(blurred, Deletion.delete(x, blurred, order, 1));
        int[] perm = Deletion.randomOrder(50, 3);
        int[] sorted = perm.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void aucIsTheTrapezoidRule() {
        assertEquals(0.5, Deletion.auc(new double[] {0, 1}, new double[] {1, 0}), 1e-12);
        // piecewise: 0.1*(1+0.5)/2 + 0.9*(0.5+0.5)/2 = 0.075 + 0.45
        assertEquals(0.525, Deletion.auc(new double[] {0, 0.1, 1}, new double[] {1, 0.5, 0.5}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Deletion.auc(new double[] {0, 0}, new double[] {1, 1}));
    }

    @Test
    void blurKeepsAConstantImageConstant() {
        float[] c = new float[3 * 8 * 8];
        Arrays.fill(c, 7f);
        for (float v : Deletion.blur(c, 8, 8, 2)) {
            assertEquals(7f, v, 1e-4);
        }
    }

    @Test
    void bootstrapIntervalCoversTheMeanAtTheNominalRate() {
        // Coverage of the true mean of N(2, 1) samples of 60: close to 95% over repeated experiments.
        Random r = new Random(11);
        int covered = 0;
        int experiments = 200;
        for (int e = 0; e < experiments; e++) {
            double[] v = new double[60];
            for (int i = 0; i < v.length; i++) {
                v[i] = 2 + r.nextGaussian();
            }
            Bootstrap.Interval ci = Bootstrap.mean(v, 1000, 0.95, e);
            assertTrue(ci.low() <= ci.estimate() && ci.estimate() <= ci.high());
            covered += ci.low() <= 2 && 2 <= ci.high() ? 1 : 0;
        }
        // binomial(200, 0.95): 5th-95th percentile about 185..195; percentile intervals undercover slightly
        assertTrue(covered >= 178 && covered <= 198, "covered " + covered + " of " + experiments);
        Bootstrap.Interval constant = Bootstrap.mean(new double[] {3, 3, 3}, 100, 0.95, 1);
        assertEquals(3, constant.low(), 1e-12);
        assertEquals(3, constant.high(), 1e-12);
        Bootstrap.Interval ratio = Bootstrap.ratio(new double[] {2, 4, 6}, new double[] {1, 2, 3}, 200, 0.95, 1);
        assertEquals(2, ratio.estimate(), 1e-12);
        assertEquals(2, ratio.low(), 1e-12, "paired resampling keeps an exact ratio exact");
        assertTrue(new Bootstrap.Interval(0, 1, 2).overlaps(new Bootstrap.Interval(0, 2, 3)));
        assertTrue(!new Bootstrap.Interval(0, 1, 2).overlaps(new Bootstrap.Interval(0, 2.1, 3)));
    }

    @Test
    void gradCamUpsamplesLikeTorchBilinear() {
        // torch.nn.functional.interpolate(t.reshape(1,1,2,2), size=(4,4), mode="bilinear", align_corners=False)
        // of [[0, 1], [2, 3]]
        float[] expected = {0, 0.25f, 0.75f, 1, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2, 2.25f, 2.75f, 3};
        float[] got = GradCam.upsample(new double[] {0, 1, 2, 3}, 2, 2, 4, 4);
        assertArrayEquals(expected, got, 1e-6f);
    }

    @Test
    void gradCamIsTheReluOfTheReadoutWeightedActivations() {
        // C = 2 channels of 1 x 2: A0 = [1, 2], A1 = [3, -4]; w = [2, 1]; alpha = w / (h w) = [1, 0.5]
        // cam = relu([1*1 + 0.5*3, 1*2 + 0.5*(-4)]) = relu([2.5, 0]) = [2.5, 0]
        float[] cam = GradCam.map(new float[] {1, 2, 3, -4}, new double[] {2, 1}, 1, 2, 1, 2);
        assertArrayEquals(new float[] {2.5f, 0}, cam, 1e-6f);
        float[] neg = GradCam.map(new float[] {1, 1}, new double[] {-1, -1}, 1, 1, 1, 1);
        assertArrayEquals(new float[] {0}, neg, "ReLU: a negative evidence map is zero");
        assertThrows(IllegalArgumentException.class, () -> GradCam.map(new float[3], new double[] {1, 1}, 1, 1, 1, 1));
    }
}
