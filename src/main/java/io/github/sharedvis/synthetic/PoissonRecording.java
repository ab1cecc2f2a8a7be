package io.github.sharedvis.synthetic;

import io.github.sharedvis.util.InputException;
import java.util.SplittableRandom;

/**
 * Simulates a recording: Poisson spike counts over repeats around each neuron's expected count, so
 * that split-half reliability is below 1 and falls as rates fall.
 */
public final class PoissonRecording {

    private PoissonRecording() {}

    /**
     * @param rates expected spike counts {@code [n][neurons]}
     * @param repeats presentations per image
     * @param seed random seed
     * @return spike counts {@code [n][neurons][repeats]}
     */
    public static double[][][] record(double[][] rates, int repeats, long seed) {
        if (repeats < 1) {
            throw new InputException("repeats must be >= 1, got " + repeats);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][][] out = new double[rates.length][][];
        for (int i = 0; i < rates.length; i++) {
            out[i] = new double[rates[i].length][repeats];
            for (int j = 0; j < rates[i].length; j++) {
                for (int r = 0; r < repeats; r++) {
                    out[i][j][r] = poisson(rates[i][j], rnd);
                }
            }
        }
        return out;
    }

    /**
     * Draws a Poisson variate: Knuth's product method for small means, a transformed normal
     * approximation (rounded, clipped at 0) above 60 where the product method underflows.
     */
    static int poisson(double mean, SplittableRandom rnd) {
        if (!(mean >= 0)) {
            throw new IllegalArgumentException("a rate must be >= 0, got " + mean);
        }
        if (mean > 60) {
            double g = rnd.nextDouble();
            double u = rnd.nextDouble();
            double z = Math.sqrt(-2 * Math.log(1 - g)) * Math.cos(2 * Math.PI * u);
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
