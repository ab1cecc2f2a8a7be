package io.github.sharedvis.readout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.stats.Stats;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@link Stats}, tested here beside the readout oracle whose fixture it reads. Oracles: SciPy's Student
 * t (fixture), closed forms for 1 and 2 degrees of freedom, Γ at known points.
 */
class StatsTest {

    @Test
    void pearsonPMatchesScipy() throws IOException {
        ReadoutOracle o = ReadoutOracle.load(ReadoutOracle.SMALL, "pearson_p");
        double[] r = o.vector("r");
        double[] n = o.vector("n");
        double[] p = o.vector("p");
        for (int i = 0; i < r.length; i++) {
            double got = Stats.pearsonP(r[i], (int) n[i]);
            assertEquals(p[i], got, 1e-10 * p[i] + 1e-300, "r=" + r[i] + " n=" + n[i]);
        }
    }

    @Test
    void closedFormsForOneAndTwoDegreesOfFreedom() {
        for (double t : new double[] {0, 0.3, 1, 2.5, 10, 300}) {
            // df = 1 is the Cauchy distribution; df = 2 has P(|T|>t) = 1 - t / sqrt(2 + t²)
            assertEquals(1 - 2 / Math.PI * Math.atan(t), Stats.studentTwoSided(t, 1), 1e-13, "df=1 t=" + t);
            assertEquals(1 - t / Math.sqrt(2 + t * t), Stats.studentTwoSided(t, 2), 1e-13, "df=2 t=" + t);
        }
    }

    @Test
    void logGammaAtKnownPoints() {
        assertEquals(0.0, Stats.logGamma(1), 1e-14);
        assertEquals(0.0, Stats.logGamma(2), 1e-14);
        assertEquals(Math.log(Math.sqrt(Math.PI)), Stats.logGamma(0.5), 1e-14);
        assertEquals(Math.log(3628800.0), Stats.logGamma(11), 1e-12);
    }

    @Test
    void pearsonOfKnownVectors() {
        assertEquals(1.0, Stats.pearson(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-15);
        assertEquals(-1.0, Stats.pearson(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-15);
        // by hand: deviations (-1.5,-.5,.5,1.5) and (-.5,-1.5,1.5,.5): 3 / sqrt(5 * 5) = 0.6
        assertEquals(0.6, Stats.pearson(new double[] {0, 1, 2, 3}, new double[] {1, 0, 3, 2}), 1e-15);
        assertTrue(Double.isNaN(Stats.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
        assertTrue(Double.isNaN(Stats.pearsonP(0.5, 2)));
    }
}
