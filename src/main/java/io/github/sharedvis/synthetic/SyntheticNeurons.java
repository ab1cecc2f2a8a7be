package io.github.sharedvis.synthetic;

import io.github.sharedvis.util.InputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Builds category-selective model neurons from a network's features ({@code docs/method.md}, section 6).
 *
 * <p>Each neuron reads a random subset of the feature dimensions (so neurons differ) and is fitted to
 * prefer its category by the class-mean difference of the standardised features (a nearest-centroid
 * readout): {@code w = (mean_pref - mean_rest) / sd} on its subset. Its drive is rectified above the
 * median drive of the non-preferred images and scaled so that the 95th percentile of the rates is
 * {@code maxRate}: preferred images drive it on average, and some objects drive it strongly too —
 * the responses the method sets out to explain.
 */
public final class SyntheticNeurons {

    private final int count;
    private final double featureFraction;
    private final double maxRate;
    private final double baseline;
    private final long seed;

    private SyntheticNeurons(Builder b) {
        this.count = b.count;
        this.featureFraction = b.featureFraction;
        this.maxRate = b.maxRate;
        this.baseline = b.baseline;
        this.seed = b.seed;
    }

    /** @return a builder with defaults (6 neurons, 30% of features, 20 spikes max, baseline 1) */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fits neurons that prefer one category.
     *
     * @param features {@code [n][D]} features of every image (of the neurons' own network/layer)
     * @param categories the category of each image, {@code n} of them
     * @param preferred the category the neurons prefer
     * @return the neurons, named {@code <preferred>-1}, {@code <preferred>-2}, ...
     */
    public List<SyntheticNeuron> fit(float[][] features, List<String> categories, String preferred) {
        int n = features.length;
        if (n != categories.size()) {
            throw new IllegalArgumentException(n + " feature rows but " + categories.size() + " categories");
        }
        if (!categories.contains(preferred)) {
            throw new InputException("preferred category '" + preferred + "' has no images; categories: "
                    + categories.stream().distinct().toList());
        }
        int d = features[0].length;
        double[] muP = new double[d];
        double[] muR = new double[d];
        double[] mean = new double[d];
        double[] sq = new double[d];
        int nP = 0;
        for (int i = 0; i < n; i++) {
            boolean pref = categories.get(i).equals(preferred);
            nP += pref ? 1 : 0;
            for (int k = 0; k < d; k++) {
                double v = features[i][k];
                (pref ? muP : muR)[k] += v;
                mean[k] += v;
                sq[k] += v * v;
            }
        }
        int nR = n - nP;
        if (nR == 0) {
            throw new InputException("every image is '" + preferred + "': a selective neuron needs others");
        }
        double[] sd = new double[d];
        for (int k = 0; k < d; k++) {
            muP[k] /= nP;
            muR[k] /= nR;
            mean[k] /= n;
            sd[k] = Math.sqrt(Math.max(sq[k] / n - mean[k] * mean[k], 0)) + 1e-6;
        }
        Random rnd = new Random(seed);
        List<SyntheticNeuron> out = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            double[] w = new double[d];
            for (int k = 0; k < d; k++) {
                if (rnd.nextDouble() < featureFraction) {
                    w[k] = (muP[k] - muR[k]) / (sd[k] * sd[k]);
                }
            }
            double[] drive = new double[n];
            List<Double> rest = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    drive[i] += w[k] * features[i][k];
                }
                if (!categories.get(i).equals(preferred)) {
                    rest.add(drive[i]);
                }
            }
            double threshold = quantile(rest.stream().mapToDouble(Double::doubleValue).toArray(), 0.5);
            double[] above = Arrays.stream(drive).map(v -> Math.max(0, v - threshold)).toArray();
            double top = quantile(above, 0.95);
            double gain = top > 0 ? (maxRate - baseline) / top : 0;
            out.add(new SyntheticNeuron(preferred + "-" + (j + 1), preferred, w, threshold, gain, baseline));
        }
        return out;
    }

    /**
     * Expected spike counts of every neuron for every image.
     *
     * @param neurons the neurons
     * @param features {@code [n][D]}
     * @return {@code [n][neurons]}
     */
    public static double[][] rates(List<SyntheticNeuron> neurons, float[][] features) {
        double[][] out = new double[features.length][neurons.size()];
        for (int i = 0; i < features.length; i++) {
            for (int j = 0; j < neurons.size(); j++) {
                out[i][j] = neurons.get(j).rate(features[i]);
            }
        }
        return out;
    }

    static double quantile(double[] v, double q) {
        if (v.length == 0) {
            return 0;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    /** Options for {@link SyntheticNeurons}. */
    public static final class Builder {
        private int count = 6;
        private double featureFraction = 0.3;
        private double maxRate = 20;
        private double baseline = 1;
        private long seed;

        /**
         * @param n neurons per preferred category
         * @return this
         */
        public Builder count(int n) {
            if (n < 1) {
                throw new InputException("neuron count must be >= 1, got " + n);
            }
            this.count = n;
            return this;
        }

        /**
         * @param f fraction of feature dimensions each neuron reads, in (0, 1]
         * @return this
         */
        public Builder featureFraction(double f) {
            if (!(f > 0 && f <= 1)) {
                throw new InputException("feature fraction must be in (0, 1], got " + f);
            }
            this.featureFraction = f;
            return this;
        }

        /**
         * @param r the 95th-percentile rate in spikes per window (sets how noisy the recording is)
         * @return this
         */
        public Builder maxRate(double r) {
            if (!(r > 0)) {
                throw new InputException("max rate must be > 0, got " + r);
            }
            this.maxRate = r;
            return this;
        }

        /**
         * @param b spontaneous rate in spikes per window, >= 0
         * @return this
         */
        public Builder baseline(double b) {
            if (!(b >= 0)) {
                throw new InputException("baseline must be >= 0, got " + b);
            }
            this.baseline = b;
            return this;
        }

        /**
         * @param s the random seed
         * @return this
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** @return the configured factory */
        public SyntheticNeurons build() {
            return new SyntheticNeurons(this);
        }
    }
}
