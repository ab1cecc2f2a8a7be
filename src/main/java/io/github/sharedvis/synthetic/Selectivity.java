package io.github.sharedvis.synthetic;

import io.github.sharedvis.util.InputException;
import java.util.List;

/**
 * How selective a neuron is for a category: the sensitivity index
 * {@code d' = (mean_pref - mean_rest) / sqrt((var_pref + var_rest) / 2)} of its responses (population
 * variances), as face-patch studies report it (e.g. Tsao et al. 2006 use a related index). 0 means no
 * preference; a d' above 1 is commonly called selective.
 */
public final class Selectivity {

    private Selectivity() {}

    /**
     * @param responses one value per image {@code [n]}
     * @param categories the category of each image, {@code n} of them
     * @param preferred the preferred category
     * @return d' of the preferred images against all others (NaN when both variances are 0)
     */
    public static double dPrime(double[] responses, List<String> categories, String preferred) {
        if (responses.length != categories.size()) {
            throw new IllegalArgumentException(responses.length + " responses but " + categories.size() + " categories");
        }
        double[] sum = new double[2];
        double[] sq = new double[2];
        int[] n = new int[2];
        for (int i = 0; i < responses.length; i++) {
            int g = categories.get(i).equals(preferred) ? 0 : 1;
            n[g]++;
            sum[g] += responses[i];
            sq[g] += responses[i] * responses[i];
        }
        if (n[0] == 0 || n[1] == 0) {
            throw new InputException("d' of '" + preferred + "' needs images of it and of other categories; got "
                    + n[0] + " and " + n[1]);
        }
        double m0 = sum[0] / n[0];
        double m1 = sum[1] / n[1];
        double v0 = Math.max(0, sq[0] / n[0] - m0 * m0);
        double v1 = Math.max(0, sq[1] / n[1] - m1 * m1);
        return (m0 - m1) / Math.sqrt((v0 + v1) / 2);
    }

    /**
     * @param rates responses {@code [n][neurons]}
     * @param categories the category of each image, {@code n} of them
     * @param preferred the preferred category
     * @return d' of each neuron {@code [neurons]}
     */
    public static double[] dPrimes(double[][] rates, List<String> categories, String preferred) {
        int k = rates.length == 0 ? 0 : rates[0].length;
        double[] out = new double[k];
        double[] col = new double[rates.length];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < rates.length; i++) {
                col[i] = rates[i][j];
            }
            out[j] = dPrime(col, categories, preferred);
        }
        return out;
    }
}
