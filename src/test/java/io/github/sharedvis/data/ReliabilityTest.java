package io.github.sharedvis.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Oracles: simulated neurons with known signal and noise variances, whose mean over R repeats has
 * reliability S / (S + N / R) (what split-half with Spearman-Brown estimates); the same model for two
 * sessions of R repeats each gives a between-session correlation of S / (S + N / R).
 */
class ReliabilityTest {

    static Responses simulate(Random rng, double[] noiseSd, int images, int repeats, double missing) {
        double[][][] t = new double[images][noiseSd.length][repeats];
        List<String> ids = new ArrayList<>();
        List<String> neurons = new ArrayList<>();
        for (int n = 0; n < noiseSd.length; n++) {
            neurons.add("u" + n);
        }
        for (int i = 0; i < images; i++) {
            ids.add("s" + i);
            double signal = rng.nextGaussian(); // unit signal variance, shared by all neurons
            for (int n = 0; n < noiseSd.length; n++) {
                for (int r = 0; r < repeats; r++) {
                    t[i][n][r] = rng.nextDouble() < missing ? Double.NaN : 5 + signal + noiseSd[n] * rng.nextGaussian();
                }
            }
        }
        return new Responses(ids, neurons, t);
    }

    @Test
    void splitHalfRecoversTheReliabilityOfTheMean() {
        double[] noiseSd = {0.5, 1.5, 3.0};
        int repeats = 8;
        Responses r = simulate(new Random(3), noiseSd, 3000, repeats, 0.0);
        double[] rel = Reliability.splitHalf(r, 50, 1);
        for (int n = 0; n < noiseSd.length; n++) {
            double want = 1 / (1 + noiseSd[n] * noiseSd[n] / repeats);
            assertEquals(want, rel[n], 0.02, "neuron " + n);
        }
        assertArrayEquals(rel, Reliability.splitHalf(r, 50, 1), 0.0, "same seed, same result");
    }

    @Test
    void splitHalfIgnoresMissingTrials() {
        double[] noiseSd = {1.0};
        Responses r = simulate(new Random(4), noiseSd, 4000, 10, 0.2);
        double rel = Reliability.splitHalf(r, 30, 2)[0];
        // about 8 recorded repeats per image remain
        assertEquals(1 / (1 + 1.0 / 8), rel, 0.03);
    }

    @Test
    void identicalRepeatsAreFullyReliable() {
        Responses r = Responses.ofMeans(List.of("a", "b", "c", "d"), List.of("x"),
                new double[][] {{1}, {2}, {4}, {3}});
        double[][][] t = new double[4][1][3];
        for (int i = 0; i < 4; i++) {
            t[i][0] = new double[] {r.trials().get(i, 0, 0), r.trials().get(i, 0, 0), r.trials().get(i, 0, 0)};
        }
        assertEquals(1.0, Reliability.splitHalf(new Responses(r.stimulusIds(), r.neuronIds(), t), 5, 0)[0], 1e-12);
        // one repeat: nothing to split
        assertTrue(Double.isNaN(Reliability.splitHalf(r, 5, 0)[0]));
    }

    @Test
    void betweenSessionsIsTheCorrelationOfTwoPhases() {
        int repeats = 4;
        double noise = 2.0;
        Random rng = new Random(9);
        int images = 5000;
        double[][] p1 = new double[images][1];
        double[][] p2 = new double[images][1];
        for (int i = 0; i < images; i++) {
            double s = rng.nextGaussian();
            double m1 = 0;
            double m2 = 0;
            for (int r = 0; r < repeats; r++) {
                m1 += (s + noise * rng.nextGaussian()) / repeats;
                m2 += (s + noise * rng.nextGaussian()) / repeats;
            }
            p1[i][0] = m1;
            p2[i][0] = m2;
        }
        p2[7][0] = Double.NaN; // not recorded in phase 2: skipped
        double want = 1 / (1 + noise * noise / repeats);
        assertEquals(want, Reliability.betweenSessions(p1, p2)[0], 0.03);
        // exact on a small hand case: r((1,2,3,4), (2,1,4,3)) = 0.6
        assertEquals(0.6, Reliability.betweenSessions(new double[][] {{1}, {2}, {3}, {4}},
                new double[][] {{2}, {1}, {4}, {3}})[0], 1e-15);
    }
}
