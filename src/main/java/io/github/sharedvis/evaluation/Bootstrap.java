package io.github.sharedvis.evaluation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap intervals over pairs: resample the pairs with replacement, recompute the
 * statistic, take the 2.5th and 97.5th percentiles (for 95%). Seeded, so a table is reproducible.
 */
public final class Bootstrap {

    private Bootstrap() {}

    /**
     * A point estimate with its interval.
     *
     * @param estimate the statistic on the original sample
     * @param low lower bound
     * @param high upper bound
     */
    public record Interval(double estimate, double low, double high) {

        /**
         * @param other another interval
         * @return whether the two intervals share any value
         */
        public boolean overlaps(Interval other) {
            return low <= other.high && other.low <= high;
        }
    }

    /**
     * Interval of the mean.
     *
     * @param values one value per pair
     * @param resamples bootstrap resamples, at least 100
     * @param level coverage, e.g. 0.95
     * @param seed random seed
     * @return the mean and its percentile interval
     */
    public static Interval mean(double[] values, int resamples, double level, long seed) {
        return ratio(values, null, resamples, level, seed);
    }

    /**
     * Interval of {@code mean(a) / mean(b)} with the pairs resampled jointly (paired design), or of
     * {@code mean(a)} when {@code b} is null.
     *
     * @param a one value per pair
     * @param b one value per pair, or null
     * @param resamples bootstrap resamples, at least 100
     * @param level coverage in (0, 1)
     * @param seed random seed
     * @return the estimate and its percentile interval
     */
    public static Interval ratio(double[] a, double[] b, int resamples, double level, long seed) {
        int n = a.length;
        if (n == 0) {
            throw new IllegalArgumentException("bootstrap of an empty sample");
        }
        if (b != null && b.length != n) {
            throw new IllegalArgumentException("paired samples of " + n + " and " + b.length + " values");
        }
        if (resamples < 100) {
            throw new IllegalArgumentException("use at least 100 bootstrap resamples, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("coverage must be in (0, 1), got " + level);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] stats = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sa = 0;
            double sb = 0;
            for (int i = 0; i < n; i++) {
                int k = rnd.nextInt(n);
                sa += a[k];
                sb += b == null ? 0 : b[k];
            }
            stats[r] = b == null ? sa / n : sa / sb;
        }
        Arrays.sort(stats);
        double alpha = (1 - level) / 2;
        return new Interval(statistic(a, b), percentile(stats, alpha), percentile(stats, 1 - alpha));
    }

    private static double statistic(double[] a, double[] b) {
        double sa = Arrays.stream(a).sum();
        return b == null ? sa / a.length : sa / Arrays.stream(b).sum();
    }

    /** Linear interpolation between order statistics (numpy's default percentile). */
    static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
