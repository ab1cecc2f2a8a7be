package io.github.sharedvis.evaluation;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The development split's selection criterion, declared in the code before any run so the choice of
 * the default variant cannot follow the results: {@link #criterion} per variant, {@link #winner} the
 * variant that maximises it.
 */
public final class SelectionCriterion {

    private SelectionCriterion() {}

    /**
     * The pre-declared selection criterion of the development split, fixed before any run: the product of
     * two ratios of means over all pairs, (a) the ooc map's mass in the planted region over the best
     * single-image pixel-gradient baseline's (gradient or IG of r̂), and (b) the forced-source reference
     * map's mass in the source region over the best single-image baseline's (gradient, IG or Grad-CAM of
     * r̂). Both must rise for a variant to win; the retrieval and deletion scores are reported, not used.
     *
     * @param methods the method labels (variants then {@link PlantedFeatureBenchmark#BASELINES})
     * @param pairs the pairs
     * @param variant the variant's index
     * @return the criterion
     */
    public static double criterion(List<String> methods, List<PlantedPair> pairs, int variant) {
        int nv = methods.size() - PlantedFeatureBenchmark.BASELINES.size();
        double ooc = mean(pairs, p -> p.oocMass()[variant]);
        double ref = mean(pairs, p -> p.referenceMass()[variant]);
        double bestOoc = Math.max(mean(pairs, p -> p.oocMass()[nv]), mean(pairs, p -> p.oocMass()[nv + 1]));
        double bestRef = Math.max(Math.max(mean(pairs, p -> p.referenceMass()[nv]),
                mean(pairs, p -> p.referenceMass()[nv + 1])), mean(pairs, p -> p.referenceMass()[nv + 2]));
        return ooc / bestOoc * (ref / bestRef);
    }

    /**
     * @param methods the method labels (variants then {@link PlantedFeatureBenchmark#BASELINES})
     * @param pairs the pairs
     * @return the index of the variant with the highest criterion (the first on ties)
     */
    public static int winner(List<String> methods, List<PlantedPair> pairs) {
        int nv = methods.size() - PlantedFeatureBenchmark.BASELINES.size();
        int win = 0;
        for (int v = 1; v < nv; v++) {
            if (criterion(methods, pairs, v) > criterion(methods, pairs, win)) {
                win = v;
            }
        }
        return win;
    }

    static double mean(List<PlantedPair> pairs,
            ToDoubleFunction<PlantedPair> f) {
        return pairs.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
