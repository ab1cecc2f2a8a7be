package io.github.sharedvis.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SyntheticTest {

    @Test
    void poissonCountsHaveMeanAndVarianceEqualToTheRate() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (double rate : new double[] {0.5, 3, 12, 80}) {
            int n = 40_000;
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                int k = PoissonRecording.poisson(rate, rnd);
                sum += k;
                sq += (double) k * k;
            }
            double mean = sum / n;
            double var = sq / n - mean * mean;
            // standard error of the mean is sqrt(rate/n); of the variance about rate*sqrt(2/n) (+ excess kurtosis)
            assertEquals(rate, mean, 5 * Math.sqrt(rate / n), "mean at rate " + rate);
            assertEquals(rate, var, 6 * rate * Math.sqrt(2.0 / n) + 6 * Math.sqrt(rate / n), "variance at rate " + rate);
        }
    }

    @Test
    void recordingShapeAndDeterminism() {
        double[][] rates = {{1, 2}, {3, 4}, {5, 0}};
        double[][][] a = PoissonRecording.record(rates, 7, 1);
        double[][][] b = PoissonRecording.record(rates, 7, 1);
        assertEquals(3, a.length);
        assertEquals(2, a[0].length);
        assertEquals(7, a[0][0].length);
        assertTrue(java.util.Arrays.deepEquals(a, b));
        for (double v : a[2][1]) {
            assertEquals(0, v, "rate 0 gives no spikes");
        }
        assertThrows(IllegalArgumentException.class, () -> PoissonRecording.record(new double[][] {{-1}}, 2, 1));
    }

    @Test
    void fittedNeuronsPreferTheirCategoryAndDiffer() {
        // features with a known category signal in some dimensions
        Random rnd = new Random(9);
        int n = 300;
        int d = 40;
        float[][] f = new float[n][d];
        List<String> cats = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String c = i % 3 == 0 ? "body" : (i % 3 == 1 ? "car" : "house");
            cats.add(c);
            for (int k = 0; k < d; k++) {
                f[i][k] = (float) (rnd.nextGaussian() + (c.equals("body") && k < 10 ? 1.0 : 0.0));
            }
        }
        List<SyntheticNeuron> neurons = SyntheticNeurons.builder().count(4).seed(2).build().fit(f, cats, "body");
        double[][] r = SyntheticNeurons.rates(neurons, f);
        for (int j = 0; j < neurons.size(); j++) {
            double pref = 0;
            double other = 0;
            double maxOther = 0;
            for (int i = 0; i < n; i++) {
                if (cats.get(i).equals("body")) {
                    pref += r[i][j] / 100;
                } else {
                    other += r[i][j] / 200;
                    maxOther = Math.max(maxOther, r[i][j]);
                }
            }
            assertTrue(pref > 2 * other, "neuron " + j + " prefers bodies: " + pref + " vs " + other);
            assertTrue(maxOther > pref, "some objects drive neuron " + j + " above the body mean");
        }
        assertTrue(!java.util.Arrays.equals(neurons.get(0).weights(), neurons.get(1).weights()));
    }
}
