package io.github.sharedvis.evaluation;

import io.github.sharedvis.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The validation's machine-readable results: {@code planted.csv} (every pair and score, one column
 * per variant and method), {@code planted_methods.csv} (the legend of the method columns {@code m1, m2,
 * ...}) and {@code randomisation.csv} (rho per pair and randomised model).
 */
final class ValidationTables {

    private ValidationTables() {}

    /**
     * Writes {@code planted.csv} and {@code planted_methods.csv}.
     *
     * @param out the output folder
     * @param nv how many variants (the per-variant columns)
     * @param methods the method labels, variants then baselines
     * @param pairs every pair
     * @param seedOf each pair's seed
     * @throws IOException when a file cannot be written
     */
    static void writePairs(Path out, int nv, List<String> methods, List<PlantedPair> pairs, List<String> seedOf)
            throws IOException {
        StringBuilder sb = new StringBuilder("seed,neuron,background,patch_fraction,target,target_category,source,x,y,"
                + "size,source_x,source_y,rate_before,rate_after,predicted_before,predicted_after,n_preferred");
        for (int v = 0; v < nv; v++) {
            sb.append(",source_rank_").append(v + 1).append(",similarity_").append(v + 1);
        }
        for (int m = 0; m < methods.size(); m++) {
            String k = "m" + (m + 1);
            sb.append(',').append(k).append("_ooc_mass,").append(k).append("_ooc_mass_smoothed,").append(k)
                    .append("_ooc_hit,").append(k).append("_reference_mass,").append(k).append("_reference_hit,")
                    .append(k).append("_auc_similarity,").append(k).append("_auc_response");
        }
        sb.append('\n');
        for (int i = 0; i < pairs.size(); i++) {
            PlantedPair p = pairs.get(i);
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%.4f,%s,%s,%s,%d,%d,%d,%d,%d,%.6g,%.6g,%.6g,%.6g,%d",
                    seedOf.get(i), csv(p.neuron()), p.background(), p.patchFraction(), csv(p.target()),
                    csv(p.targetCategory()), csv(p.source()), p.region().x(), p.region().y(), p.region().width(),
                    p.sourceRegion().x(), p.sourceRegion().y(), p.rateBefore(), p.rateAfter(), p.predictedBefore(),
                    p.predictedAfter(), p.nPreferred()));
            for (int v = 0; v < nv; v++) {
                sb.append(String.format(Locale.ROOT, ",%d,%.6g", p.sourceRank()[v], p.similarity()[v]));
            }
            for (int m = 0; m < methods.size(); m++) {
                sb.append(String.format(Locale.ROOT, ",%.6g,%.6g,%d,%.6g,%d,%.6g,%.6g", p.oocMass()[m],
                        p.oocMassSmoothed()[m], p.oocHit()[m], p.referenceMass()[m], p.referenceHit()[m],
                        p.aucSimilarity()[m], p.aucResponse()[m]));
            }
            sb.append('\n');
        }
        StringBuilder legend = new StringBuilder("method,label\n");
        for (int m = 0; m < methods.size(); m++) {
            legend.append("m").append(m + 1).append(',').append(csv(methods.get(m))).append('\n');
        }
        AtomicFiles.writeString(out.resolve("planted.csv"), sb.toString());
        AtomicFiles.writeString(out.resolve("planted_methods.csv"), legend.toString());
    }

    /** A field quoted the RFC 4180 way when it must be (labels may hold commas). */
    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /**
     * Writes {@code randomisation.csv}.
     *
     * @param out the output folder
     * @param steps what was randomised, per column
     * @param rows per pair, rho per column
     * @throws IOException when the file cannot be written
     */
    static void writeRandomisation(Path out, List<String> steps, List<double[]> rows) throws IOException {
        StringBuilder sb = new StringBuilder("pair");
        steps.forEach(s -> sb.append(',').append(csv(s)));
        sb.append('\n');
        for (int i = 0; i < rows.size(); i++) {
            sb.append(i + 1);
            for (double v : rows.get(i)) {
                sb.append(String.format(Locale.ROOT, ",%.6g", v));
            }
            sb.append('\n');
        }
        AtomicFiles.writeString(out.resolve("randomisation.csv"), sb.toString());
    }
}
