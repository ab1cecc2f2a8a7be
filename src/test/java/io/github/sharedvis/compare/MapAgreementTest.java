package io.github.sharedvis.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sharedvis.TestFixtures;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Spearman against scipy.stats.spearmanr, the top-fraction overlap and the resampling against closed forms. */
class MapAgreementTest {

    private static float[] floats(JsonNode n) {
        float[] v = new float[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) n.get(i).asDouble();
        }
        return v;
    }

    @Test
    void spearmanMatchesScipyWithTies() throws Exception {
        Path f = TestFixtures.require(Path.of("src/test/resources/fixtures/compare/spearman.json"),
                "run /usr/bin/python3 scripts/fixtures_compare.py src/test/resources/fixtures/compare");
        JsonNode cases = new ObjectMapper().readTree(f.toFile()).get("cases");
        assertTrue(cases.size() >= 5);
        for (JsonNode c : cases) {
            assertEquals(c.get("spearman").asDouble(), MapAgreement.spearman(floats(c.get("a")), floats(c.get("b"))),
                    1e-9, "n = " + c.get("a").size());
        }
    }

    @Test
    void spearmanOfAHandCaseWithTies() {
        // ranks of a: 1, 2.5, 2.5, 4; of b: 1, 2, 3, 4 -> r = 4.5 / sqrt(4.5 * 5) = sqrt(0.9)
        float[] a = {0, 1, 1, 5};
        float[] b = {-3, 0, 2, 9};
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, io.github.sharedvis.stats.Stats.ranks(a));
        assertEquals(Math.sqrt(0.9), MapAgreement.spearman(a, b), 1e-12);
        assertEquals(1.0, MapAgreement.spearman(b, new float[] {0, 1, 2, 100}), 1e-12, "monotone: 1");
        assertEquals(-1.0, MapAgreement.spearman(b, new float[] {9, 8, 7, 6}), 1e-12);
        assertTrue(Double.isNaN(MapAgreement.spearman(a, new float[] {2, 2, 2, 2})), "constant map: undefined");
    }

    @Test
    void topOverlapCountsSharedTopPixels() {
        // 20 pixels, top 10% = 2 pixels; A's top: 0, 1; B's top: 1, 7 -> one of two shared
        float[] a = new float[20];
        float[] b = new float[20];
        a[0] = 9;
        a[1] = 8;
        b[1] = 5;
        b[7] = 6;
        for (int i = 2; i < 20; i++) {
            a[i] = -i;
        }
        for (int i = 0; i < 20; i++) {
            if (i != 1 && i != 7) {
                b[i] = -i - 1;
            }
        }
        assertEquals(0.5, MapAgreement.topOverlap(a, b, 0.1), 0);
        assertEquals(1.0, MapAgreement.topOverlap(a, a, 0.1), 0);
        assertEquals(1.0, MapAgreement.topOverlap(a, b, 1.0), 0, "the whole map overlaps itself");
    }

    @Test
    void unrelatedMapsOverlapAtChanceAndTiesDoNotInflateIt() {
        Random r = new Random(5);
        double sum = 0;
        double zeros = 0;
        int trials = 200;
        for (int t = 0; t < trials; t++) {
            float[] a = new float[1000];
            float[] b = new float[1000];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextFloat();
                b[i] = r.nextFloat();
            }
            sum += MapAgreement.topOverlap(a, b, 0.1);
            // positive-part maps with only 2% positive pixels: the rest of the top 10% are tied zeros
            float[] c = new float[1000];
            float[] d = new float[1000];
            for (int i = 0; i < 20; i++) {
                c[r.nextInt(1000)] = 1;
                d[r.nextInt(1000)] = 1;
            }
            zeros += MapAgreement.topOverlap(c, d, 0.1);
        }
        // binomial-ish: sd of one trial about 0.03, of the mean of 200 about 0.002
        assertEquals(0.1, sum / trials, 0.01);
        assertEquals(0.1, zeros / trials, 0.015, "tied zeros overlap at chance, not by position");
    }

    @Test
    void resamplingAveragesAreas() {
        float[] m = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}; // 4 x 4
        assertArrayEquals(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, MapAgreement.resample(m, 4, 4, 2), 1e-6f);
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4},
                MapAgreement.resample(new float[] {1, 2, 3, 4}, 2, 2, 4), 1e-6f);
        // 3 -> 2: cells cover [0, 1.5) and [1.5, 3): (1 + 0.5 * 2) / 1.5 and (0.5 * 2 + 3) / 1.5 per axis
        float[] row = MapAgreement.resample(new float[] {1, 2, 3, 1, 2, 3, 1, 2, 3}, 3, 3, 2);
        assertArrayEquals(new float[] {4f / 3, 8f / 3, 4f / 3, 8f / 3}, row, 1e-6f);
        float[] rect = MapAgreement.resample(new float[] {1, 2, 3, 4, 5, 6}, 2, 3, 1);
        assertArrayEquals(new float[] {3.5f}, rect, 1e-6f, "a non-square map onto one cell: its mean");
    }
}
