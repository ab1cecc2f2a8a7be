package io.github.sharedvis.stats;

import java.util.Arrays;

/**
 * Pearson and Spearman correlation, and Pearson's two-sided p-value (Student t with {@code n - 2}
 * degrees of freedom), with the regularised incomplete beta function implemented here (Lentz's
 * continued fraction).
 */
public final class Stats {

    private Stats() {}

    /**
     * Spearman rank correlation: the Pearson correlation of the two vectors' ranks ({@link #ranks}),
     * as {@code scipy.stats.spearmanr}.
     *
     * @param a values
     * @param b values of the same length
     * @return rho in [-1, 1]; NaN when either vector is constant
     */
    public static double spearman(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("spearman: lengths " + a.length + " and " + b.length + " differ");
        }
        return pearson(ranks(a), ranks(b));
    }

    /**
     * @param v values
     * @return their ranks 1..n, equal values given the mean of the ranks they span
     */
    public static double[] ranks(float[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Float.compare(v[x], v[y]));
        double[] r = new double[v.length];
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = mean;
            }
            i = j + 1;
        }
        return r;
    }

    /**
     * Pearson correlation of two equally long vectors (two-pass, for accuracy).
     *
     * @param a values
     * @param b values
     * @return r, or NaN when either vector has no variance or fewer than two values
     */
    public static double pearson(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("pearson: lengths " + a.length + " and " + b.length + " differ");
        }
        int m = a.length;
        if (m < 2) {
            return Double.NaN;
        }
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < m; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= m;
        mb /= m;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < m; i++) {
            double da = a[i] - ma;
            double db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        if (saa == 0 || sbb == 0) {
            return Double.NaN;
        }
        return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
    }

    /**
     * The two-sided p-value of a Pearson correlation under the null of no correlation (bivariate
     * normal), {@code t = r sqrt((n-2)/(1-r²))} with {@code n - 2} degrees of freedom; equals SciPy's
     * {@code pearsonr} p-value.
     *
     * @param r the correlation
     * @param n the number of pairs
     * @return p in [0, 1]; NaN when {@code n < 3} or r is NaN
     */
    public static double pearsonP(double r, int n) {
        if (Double.isNaN(r) || n < 3) {
            return Double.NaN;
        }
        double df = n - 2;
        double r2 = Math.min(1.0, r * r);
        if (r2 == 1.0) {
            return 0.0;
        }
        // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2) and df/(df+t²) = 1 - r²
        return regularizedBeta(1 - r2, df / 2, 0.5);
    }

    /**
     * The two-sided tail probability of Student's t distribution, {@code P(|T| >= |t|)}.
     *
     * @param t the statistic
     * @param df degrees of freedom (> 0)
     * @return the probability
     */
    public static double studentTwoSided(double t, double df) {
        if (Double.isNaN(t) || !(df > 0)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return 0.0;
        }
        return regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }

    /**
     * The regularised incomplete beta function {@code I_x(a, b)}.
     *
     * @param x in [0, 1]
     * @param a > 0
     * @param b > 0
     * @return the value
     */
    public static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
        // the continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise
        if (x < (a + 1) / (a + b + 2)) {
            return Math.exp(lnFront) * betaContinuedFraction(x, a, b) / a;
        }
        return 1 - Math.exp(lnFront) * betaContinuedFraction(1 - x, b, a) / b;
    }

    private static double betaContinuedFraction(double x, double a, double b) {
        final double tiny = 1e-300;
        final double eps = 1e-16;
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        if (Math.abs(d) < tiny) {
            d = tiny;
        }
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 10000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < eps) {
                return h;
            }
        }
        return h;
    }

    /**
     * The natural logarithm of the gamma function for x > 0 (Lanczos approximation, g = 7, n = 9;
     * relative error below 1e-15).
     *
     * @param x > 0
     * @return ln Γ(x)
     */
    public static double logGamma(double x) {
        if (x < 0.5) {
            // reflection: Γ(x) Γ(1-x) = π / sin(πx)
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        x -= 1;
        double sum = g[0];
        for (int i = 1; i < 9; i++) {
            sum += g[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
