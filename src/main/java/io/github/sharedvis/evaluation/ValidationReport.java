package io.github.sharedvis.evaluation;

import io.github.sharedvis.run.NeuronRow;
import io.github.sharedvis.util.AtomicFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The validation's human-readable results, {@code validation.md}: the encoding models' fit, the maps'
 * scores over all pairs, against the best single-image baseline, by factor (background x patch size),
 * the randomisation check, the selection and the time, each score with its 95% percentile bootstrap
 * interval over pairs. Each table's bootstrap has its own fixed seed, so a table does not change when
 * another one is added.
 */
final class ValidationReport {

    private final ValidationSettings settings;

    /** @param settings the settings the tables describe */
    ValidationReport(ValidationSettings settings) {
        this.settings = settings;
    }

    private Bootstrap.Interval ci(List<PlantedPair> pairs,
            ToDoubleFunction<PlantedPair> f, long s) {
        double[] v = pairs.stream().mapToDouble(f).filter(Double::isFinite).toArray();
        return v.length == 0 ? new Bootstrap.Interval(Double.NaN, Double.NaN, Double.NaN)
                : Bootstrap.mean(v, settings.resamples(), 0.95, s);
    }

    private static String fmt(Bootstrap.Interval i) {
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", i.estimate(), i.low(), i.high());
    }

    /**
     * Builds {@code validation.md} and, when the settings choose, writes {@code selection.md}.
     *
     * @param methods the method labels, variants then baselines
     * @param pairs every pair
     * @param neurons every run's neuron rows (the encoding models' fit)
     * @param randSteps what the randomisation check randomised, per column
     * @param rand per randomisation pair, rho per column
     * @param seconds wall time per step
     * @return the Markdown
     * @throws IOException when {@code selection.md} cannot be written
     */
    String markdown(List<String> methods, List<PlantedPair> pairs, List<NeuronRow> neurons, List<String> randSteps,
            List<double[]> rand, Map<String, Double> seconds) throws IOException {
        int nv = settings.variants().size();
        int nm = methods.size();
        StringBuilder md = new StringBuilder();
        md.append("# Validation results: ").append(settings.label()).append("\n\n");
        md.append(String.format(Locale.ROOT, "Network `%s`: encoding layer `%s`, synthetic neurons read `%s`. Seeds %s. "
                + "fLoc: up to %d images per category (scrambled excluded); %s. %d neurons per category. Patch sizes %s "
                + "of the image. %d pairs over %d neurons. %d variants under test (listed below).%n%n",
                settings.model(), settings.encodingLayer(), settings.neuronLayer(), settings.seeds(),
                settings.perCategory(), settings.silhouettes() ? "silhouettes on uniform backgrounds, "
                        + settings.silhouettesPerCategory() + " per category" : "no silhouettes",
                settings.neuronsPerCategory(), Arrays.toString(settings.patchFractions()), pairs.size(),
                pairs.stream().map(p -> p.neuron() + p.background()).distinct().count(), nv));
        md.append("## Encoding models\n\n");
        double[] rw = neurons.stream().mapToDouble(NeuronRow::rWithinCv).toArray();
        double[] ro = neurons.stream().mapToDouble(NeuronRow::rOoc).toArray();
        double[] rel = neurons.stream().mapToDouble(NeuronRow::reliability).toArray();
        md.append(String.format(Locale.ROOT, "%d neuron readouts (over seeds and backgrounds): r within (CV) median %.3f "
                + "(range %.3f..%.3f), r ooc median %.3f (range %.3f..%.3f), split-half reliability median %.3f.%n%n",
                neurons.size(), median(rw), min(rw), max(rw), median(ro), min(ro), max(ro), median(rel)));
        long rose = pairs.stream().filter(p -> p.rateAfter() > p.rateBefore()).count();
        md.append(String.format(Locale.ROOT, "The patch raised the true rate in %d of %d pairs, by %s spikes; the "
                + "readout's prediction by %s.%n%n", rose, pairs.size(), fmt(ci(pairs, p -> p.rateAfter() - p.rateBefore(),
                        1)), fmt(ci(pairs, p -> p.predictedAfter() - p.predictedBefore(), 2))));

        md.append("## Maps (all pairs)\n\n95% percentile bootstrap intervals over pairs (").append(settings.resamples())
                .append(" resamples). ooc = the planted image paired with its retrieved reference; reference = the patch's "
                        + "source paired with the planted image (forced), mass inside the region the patch was cut from.\n\n");
        md.append("| map | ooc mass in region | ooc pointing | reference mass in source region | reference pointing "
                + "| deletion AUC, response | deletion AUC, similarity |\n|---|---|---|---|---|---|---|\n");
        for (int m = 0; m < nm; m++) {
            int k = m;
            md.append("| ").append(methods.get(m)).append(" | ").append(fmt(ci(pairs, p -> p.oocMass()[k], 10 + k)))
                    .append(" | ").append(fmt(ci(pairs, p -> p.oocHit()[k], 200 + k))).append(" | ")
                    .append(fmt(ci(pairs, p -> p.referenceMass()[k], 400 + k))).append(" | ")
                    .append(fmt(ci(pairs, p -> p.referenceHit()[k], 600 + k))).append(" | ")
                    .append(fmt(ci(pairs, p -> p.aucResponse()[k], 800 + k))).append(" | ")
                    .append(fmt(ci(pairs, p -> p.aucSimilarity()[k], 1000 + k))).append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "%nArea fractions: the patch covers %s of the image.%n%n",
                Arrays.toString(settings.patchFractions())));

        md.append("## Against the best single-image baseline (paired bootstrap ratio of means)\n\n");
        md.append("| variant | ooc mass / best pixel baseline (%s) | ooc mass / Grad-CAM | reference mass / best baseline (%s) "
                .formatted(bestLabel(methods, pairs, true, false), bestLabel(methods, pairs, false, true))
                + "| source in top 1 | source in top 5 (chance) | criterion |\n|---|---|---|---|---|---|---|\n");
        int bestPix = best(pairs, nv, true, false);
        int bestRef = best(pairs, nv, false, true);
        for (int v = 0; v < nv; v++) {
            int k = v;
            double[] a = pairs.stream().mapToDouble(p -> p.oocMass()[k]).toArray();
            double[] b = pairs.stream().mapToDouble(p -> p.oocMass()[bestPix]).toArray();
            double[] cam = pairs.stream().mapToDouble(p -> p.oocMass()[nv + 2]).toArray();
            double[] ra = pairs.stream().mapToDouble(p -> p.referenceMass()[k]).toArray();
            double[] rb = pairs.stream().mapToDouble(p -> p.referenceMass()[bestRef]).toArray();
            Bootstrap.Interval top1 = ci(pairs, p -> p.sourceRank()[k] <= 1 ? 1 : 0, 1200 + k);
            Bootstrap.Interval top5 = ci(pairs, p -> p.sourceRank()[k] <= 5 ? 1 : 0, 1400 + k);
            double chance5 = pairs.stream().mapToDouble(p -> Math.min(1, 5.0 / p.nPreferred())).average().orElse(1);
            md.append("| ").append(methods.get(v)).append(" | ")
                    .append(fmt(Bootstrap.ratio(a, b, settings.resamples(), 0.95, 1600 + k))).append(" | ")
                    .append(fmt(Bootstrap.ratio(a, cam, settings.resamples(), 0.95, 1800 + k))).append(" | ")
                    .append(fmt(Bootstrap.ratio(ra, rb, settings.resamples(), 0.95, 2000 + k))).append(" | ")
                    .append(fmt(top1)).append(" | ")
                    .append(fmt(top5)).append(String.format(Locale.ROOT, " (%.3f, %.1fx) | %.3f |%n", chance5,
                            top5.estimate() / chance5, SelectionCriterion.criterion(methods, pairs, v)));
        }
        md.append("\n## By factor (background x patch size): mass in region\n\n| cell | pairs |");
        List<Integer> shown = new ArrayList<>(List.of(0));
        for (int m = nv; m < nm - 1; m++) {
            shown.add(m);
        }
        for (int m : shown) {
            md.append(" ooc: ").append(methods.get(m)).append(" |");
        }
        for (int m : shown) {
            md.append(" reference: ").append(methods.get(m)).append(" |");
        }
        md.append("\n|---|---|").append("---|".repeat(2 * shown.size())).append('\n');
        for (String bg : pairs.stream().map(PlantedPair::background).distinct().toList()) {
            for (double f : settings.patchFractions()) {
                List<PlantedPair> cell = pairs.stream()
                        .filter(p -> p.background().equals(bg) && p.patchFraction() == f).toList();
                md.append(String.format(Locale.ROOT, "| %s, %.0f%% | %d |", bg, 100 * f, cell.size()));
                for (int m : shown) {
                    md.append(' ').append(fmt(ci(cell, p -> p.oocMass()[m], 3000 + m))).append(" |");
                }
                for (int m : shown) {
                    md.append(' ').append(fmt(ci(cell, p -> p.referenceMass()[m], 3200 + m))).append(" |");
                }
                md.append('\n');
            }
        }
        if (!rand.isEmpty()) {
            md.append("\n## Model randomisation (Adebayo et al., NeurIPS 2018)\n\nSpearman rho between the trained ooc map of ")
                    .append(methods.get(0)).append(" and the same map after re-initialising the network's weight layers "
                            + "cascading from the top (Gaussian with each tensor's mean and std), and with the trained "
                            + "network and a random readout; one planted pair per neuron of the first seed (")
                    .append(rand.size()).append(" pairs).\n\n| randomised | rho |\n|---|---|\n");
            for (int s = 0; s < randSteps.size(); s++) {
                int k = s;
                double[] v = rand.stream().mapToDouble(r -> r[k]).filter(Double::isFinite).toArray();
                md.append("| ").append(randSteps.get(s)).append(" | ").append(fmt(Bootstrap.mean(v, settings.resamples(), 0.95,
                        4000 + s))).append(" |\n");
            }
        }
        if (settings.choose()) {
            int win = SelectionCriterion.winner(methods, pairs);
            String sel = String.format(Locale.ROOT, "# Selection (%s)%n%nCriterion (declared before the run): ooc mass / "
                    + "best pixel baseline x reference mass / best single-image baseline, ratios of means over %d pairs."
                    + "%n%nVariants tried: %d. Winner: **%s**, criterion %.3f (the paper's literal reading %s: %.3f).%n",
                    settings.label(), pairs.size(), nv, methods.get(win), SelectionCriterion.criterion(methods, pairs, win),
                    methods.get(0), SelectionCriterion.criterion(methods, pairs, 0));
            AtomicFiles.writeString(settings.out().resolve("selection.md"), sel);
            md.append("\n## Selection\n\n").append(sel.substring(sel.indexOf('\n') + 2));
        }
        md.append("\n## Time\n\n| step | seconds |\n|---|---|\n");
        seconds.forEach((k, v) -> md.append(String.format(Locale.ROOT, "| %s | %.1f |%n", k, v)));
        return md.toString();
    }

    /** The baseline with the highest mean ooc (pixel) or reference (any) mass. */
    private static int best(List<PlantedPair> pairs, int nv, boolean ooc, boolean withCam) {
        int last = withCam ? nv + 2 : nv + 1;
        int best = nv;
        for (int m = nv; m <= last; m++) {
            int k = m;
            int b = best;
            ToDoubleFunction<PlantedPair> f = ooc ? p -> p.oocMass()[k] : p -> p.referenceMass()[k];
            ToDoubleFunction<PlantedPair> g = ooc ? p -> p.oocMass()[b] : p -> p.referenceMass()[b];
            if (SelectionCriterion.mean(pairs, f) > SelectionCriterion.mean(pairs, g)) {
                best = m;
            }
        }
        return best;
    }

    private static String bestLabel(List<String> methods, List<PlantedPair> pairs, boolean ooc,
            boolean withCam) {
        int nv = methods.size() - PlantedFeatureBenchmark.BASELINES.size();
        return methods.get(best(pairs, nv, ooc, withCam));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
