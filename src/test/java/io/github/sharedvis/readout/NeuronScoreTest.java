package io.github.sharedvis.readout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-neuron records the population figures read: every field against its definition. */
class NeuronScoreTest {

    @Test
    void recordsCarryRawAndNormalisedScores() throws IOException {
        ReadoutOracle o = ReadoutOracle.load(ReadoutOracle.SMALL, "primal");
        double[][] x = o.matrix("X");
        double[][] y = o.matrix("Y");
        double[][] xo = o.matrix("X_ooc");
        double[][] yo = o.matrix("Y_ooc");
        FittedEncoding m = EncodingModelTest.modelFor(o).fit(x, y, o.ints("folds"));
        int q = m.nNeurons();
        double[] rel = new double[q];
        List<String> ids = new java.util.ArrayList<>();
        for (int n = 0; n < q; n++) {
            rel[n] = 0.5 + 0.1 * n;
            ids.add("unit" + n);
        }
        rel[1] = Double.NaN;
        List<NeuronScore> s = NeuronScore.of(ids, m, y, xo, yo, rel);
        assertEquals(q, s.size());
        for (int n = 0; n < q; n++) {
            NeuronScore k = s.get(n);
            assertEquals("unit" + n, k.neuron());
            assertEquals(x.length, k.nPreferred());
            assertEquals(xo.length, k.nOoc());
            assertEquals(o.vector("chosen_alpha")[n], k.alpha());
            assertEquals(o.vector("cv_r")[n], k.rWithin(), 1e-8);
            assertEquals(o.vector("r_ooc")[n], k.rOoc(), 1e-8);
            assertEquals(o.vector("p_ooc")[n], k.pOoc(), 1e-6 * o.vector("p_ooc")[n]);
            double meanP = 0;
            for (double[] row : y) {
                meanP += row[n] / y.length;
            }
            double meanO = 0;
            for (double[] row : yo) {
                meanO += row[n] / yo.length;
            }
            assertEquals(meanP, k.meanPreferred(), 1e-12 * Math.abs(meanP));
            assertEquals(meanO, k.meanOoc(), 1e-12 * Math.abs(meanO));
            if (n == 1) {
                assertTrue(Double.isNaN(k.rWithinNormalised()) && Double.isNaN(k.reliability()));
            } else {
                assertEquals(k.rWithin() * k.rWithin() / rel[n], k.rWithinNormalised(), 1e-15);
                assertEquals(k.rOoc() * k.rOoc() / rel[n], k.rOocNormalised(), 1e-15);
            }
        }
        assertEquals(1.0, NeuronScore.clipForDisplay(1.7));
        assertEquals(0.0, NeuronScore.clipForDisplay(-0.1));
    }
}
