package io.github.sharedvis.evaluation;

import io.github.sharedvis.TestFixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.backbone.tfjs.BundledModel;
import io.github.sharedvis.cli.CliTestSupport;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sharedvis validate} end to end at a small scale on real fLoc images and MoveNet Lightning:
 * the files it writes, their counts, and facts every correct run must show (a planted patch's source
 * is one of the preferred images; {@code both_above} at reference point {@code none} is {@code paper}
 * on non-negative ReLU features, to the last digit; a randomisation rho
 * stays a correlation in [-1, 1]).
 */
class ValidationRunTest {

    static final Path FLOC = Path.of("../shared/data/floc");

    @TempDir
    Path tmp;

    @Test
    void smallValidationWritesConsistentTables() throws Exception {
        TestFixtures.require(FLOC.resolve("labels.csv"), "the real images live in ../shared/data beside the clone");
        try {
            BundledModel.byName("movenet-lightning").path();
        } catch (java.io.IOException e) {
            TestFixtures.missing(e.getMessage());
        }
        Path out = tmp.resolve("v");
        CliTestSupport.Result r = CliTestSupport.run("validate", "--data", FLOC.toString(), "--out", out.toString(),
                "--seeds", "5", "--neurons", "body,car", "--neurons-per-category", "1", "--per-category", "12",
                "--no-silhouettes", "--pairs-per-cell", "2", "--patch-sizes", "0.08,0.15", "--cascade-steps", "2",
                "--weightings", "paper,both_above", "--reference-points", "none,preferred_mean", "--resamples", "1000",
                "--quiet");
        assertEquals(0, r.code(), r.err());
        String md = Files.readString(out.resolve("validation.md"));
        assertTrue(md.contains("## Model randomisation"), md);
        List<CSVRecord> pairs = csv(out.resolve("planted.csv"));
        assertEquals(2 * 2 * 2, pairs.size(), "neurons x patch sizes x pairs per cell");
        List<CSVRecord> legend = csv(out.resolve("planted_methods.csv"));
        assertEquals(4 + PlantedFeatureBenchmark.BASELINES.size(), legend.size());
        assertEquals("paper / none / gradient", legend.get(0).get("label"));
        assertEquals("both_above / none / gradient", legend.get(2).get("label"));
        for (CSVRecord p : pairs) {
            int n = Integer.parseInt(p.get("n_preferred"));
            assertEquals(12, n);
            for (int v = 1; v <= 4; v++) {
                int rank = Integer.parseInt(p.get("source_rank_" + v));
                assertTrue(rank >= 1 && rank <= n, "rank " + rank);
            }
            // ReLU6 features are >= 0: relative to c = 0, [f]+ = f, so both_above is paper exactly.
            assertEquals(p.get("m1_ooc_mass"), p.get("m3_ooc_mass"));
            assertEquals(p.get("m1_reference_mass"), p.get("m3_reference_mass"));
            for (int m = 1; m <= legend.size(); m++) {
                double mass = Double.parseDouble(p.get("m" + m + "_ooc_mass"));
                assertTrue(mass >= 0 && mass <= 1, "mass " + mass);
            }
        }
        List<CSVRecord> rand = csv(out.resolve("randomisation.csv"));
        assertEquals(2, rand.size(), "one pair per neuron");
        for (CSVRecord row : rand) {
            for (int c = 1; c < row.size(); c++) {
                double rho = Double.parseDouble(row.get(c));
                assertTrue(rho >= -1 && rho <= 1, "rho " + rho);
            }
        }
        assertTrue(Files.size(out.resolve("planted_examples.png")) > 1000);
    }

    static List<CSVRecord> csv(Path file) throws Exception {
        try (Reader r = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }
}
