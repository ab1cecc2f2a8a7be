package io.github.sharedvis.data;

import io.github.sharedvis.stats.Stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How reproducible each neuron's responses are: the noise ceiling that model scores are normalised by.
 *
 * <p>{@link #splitHalf} is the split-half correlation across repeats with the Spearman-Brown
 * correction, {@code 2 r / (1 + r)}: for each image the recorded (non-NaN) repeats are shuffled and
 * split into two halves of sizes {@code floor(k/2)} and {@code ceil(k/2)}, the two half-means are
 * correlated (Pearson) across the images that have at least two recorded repeats, and the corrected
 * value's median over {@code nSplits} random splits is reported. It estimates the reliability of the
 * mean over all repeats. {@link #betweenSessions} is the paper's variant: the Pearson correlation,
 * across images, of the mean responses recorded in two phases or sessions (uncorrected).
 *
 * <p>Both are NaN for a neuron with fewer than three usable images or no variance.
 */
public final class Reliability {

    private Reliability() {}

    /**
     * Split-half reliability with the Spearman-Brown correction, the median over random splits.
     *
     * @param r the responses with repeats
     * @param nSplits how many random splits (e.g. 100)
     * @param seed the seed of the splits (same seed, same result)
     * @return {@code [n_neurons]} reliabilities; NaN where fewer than three images have two repeats
     */
    public static double[] splitHalf(Responses r, int nSplits, long seed) {
        if (nSplits < 1) {
            throw new IllegalArgumentException("nSplits must be >= 1, got " + nSplits);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int ni = r.nStimuli();
        int nn = r.nNeurons();
        double[] out = new double[nn];
        double[] a = new double[ni];
        double[] b = new double[ni];
        double[] corrected = new double[nSplits];
        for (int n = 0; n < nn; n++) {
            // the recorded repeats of each image
            double[][] valid = new double[ni][];
            for (int i = 0; i < ni; i++) {
                valid[i] = recorded(r.trials(), i, n);
            }
            SplittableRandom neuronRng = rng.split();
            for (int s = 0; s < nSplits; s++) {
                int m = 0;
                for (int i = 0; i < ni; i++) {
                    double[] v = valid[i];
                    if (v.length < 2) {
                        continue;
                    }
                    shuffle(v, neuronRng);
                    int half = v.length / 2;
                    double sa = 0;
                    double sb = 0;
                    for (int k = 0; k < v.length; k++) {
                        if (k < half) {
                            sa += v[k];
                        } else {
                            sb += v[k];
                        }
                    }
                    a[m] = sa / half;
                    b[m] = sb / (v.length - half);
                    m++;
                }
                double rr = m < 3 ? Double.NaN : pearson(a, b, m);
                corrected[s] = 2 * rr / (1 + rr);
            }
            out[n] = median(corrected);
        }
        return out;
    }

    /**
     * The correlation between two recording phases or sessions, per neuron.
     *
     * @param phase1 {@code [n_images][n_neurons]} mean responses of the first phase
     * @param phase2 {@code [n_images][n_neurons]} of the second, same images and neurons in the same order
     * @return {@code [n_neurons]} Pearson r over the images recorded (non-NaN) in both phases
     */
    public static double[] betweenSessions(double[][] phase1, double[][] phase2) {
        if (phase1.length != phase2.length) {
            throw new IllegalArgumentException("phases have " + phase1.length + " and " + phase2.length
                    + " images; give both in the same image order");
        }
        int nn = phase1.length == 0 ? 0 : phase1[0].length;
        double[] out = new double[nn];
        double[] a = new double[phase1.length];
        double[] b = new double[phase1.length];
        for (int n = 0; n < nn; n++) {
            int m = 0;
            for (int i = 0; i < phase1.length; i++) {
                if (phase1[i].length != nn || phase2[i].length != nn) {
                    throw new IllegalArgumentException("phases: image " + i + " has " + phase1[i].length + " and "
                            + phase2[i].length + " neurons, expected " + nn);
                }
                if (!Double.isNaN(phase1[i][n]) && !Double.isNaN(phase2[i][n])) {
                    a[m] = phase1[i][n];
                    b[m] = phase2[i][n];
                    m++;
                }
            }
            out[n] = m < 3 ? Double.NaN : pearson(a, b, m);
        }
        return out;
    }

    /** Pearson r of the first {@code m} entries. */
    static double pearson(double[] a, double[] b, int m) {
        return Stats.pearson(Arrays.copyOf(a, m), Arrays.copyOf(b, m));
    }

    /** The recorded (non-NaN) repeats of image i and neuron n, widened to double. */
    private static double[] recorded(Trials t, int i, int n) {
        double[] v = new double[t.repeats()];
        int m = 0;
        for (int k = 0; k < v.length; k++) {
            float x = t.get(i, n, k);
            if (!Float.isNaN(x)) {
                v[m++] = x;
            }
        }
        return m == v.length ? v : Arrays.copyOf(v, m);
    }

    private static void shuffle(double[] v, SplittableRandom rng) {
        for (int i = v.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
    }

    private static double median(double[] v) {
        List<Double> finite = new ArrayList<>();
        for (double d : v) {
            if (!Double.isNaN(d)) {
                finite.add(d);
            }
        }
        if (finite.isEmpty()) {
            return Double.NaN;
        }
        finite.sort(null);
        int k = finite.size();
        return k % 2 == 1 ? finite.get(k / 2) : 0.5 * (finite.get(k / 2 - 1) + finite.get(k / 2));
    }
}
