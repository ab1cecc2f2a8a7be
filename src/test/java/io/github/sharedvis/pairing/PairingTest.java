package io.github.sharedvis.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sharedvis.backbone.TorchOracle;
import io.github.sharedvis.data.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Neuron-specific similarity against scikit-learn's cosine_similarity of {@code w ⊙ f}, and the
 * reference search against numpy's ranking (fixtures from {@code scripts/fixtures_attribution.py}).
 */
class PairingTest {

    static final Path DIR = TorchOracle.SMALL.resolve("attribution");

    static float[][] matrix(String name) throws IOException {
        Npy.Array a = Npy.read(DIR.resolve(name + ".npy"));
        int n = (int) a.shape()[0];
        int d = (int) a.shape()[1];
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                out[i][k] = (float) a.data()[i * d + k];
            }
        }
        return out;
    }

    static double[] vector(String name) throws IOException {
        return Npy.read(DIR.resolve(name + ".npy")).data();
    }

    @Test
    void similarityEqualsScikitLearnCosineOfWeightedFeatures() throws IOException {
        float[][] ooc = matrix("pair.ooc");
        float[][] pref = matrix("pair.pref");
        double[] w = vector("pair.w");
        double[] expected = vector("pair.sim");
        double[][] sim = NeuronSimilarity.similarity(ooc, pref, w);
        assertEquals(ooc.length, sim.length);
        double[] flat = java.util.Arrays.stream(sim).flatMapToDouble(java.util.Arrays::stream).toArray();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], flat[i], 1e-6, "similarity " + i);
        }
        // pref[2] is active only where w = 0: it shares nothing for this neuron.
        for (double[] row : sim) {
            assertEquals(0.0, row[2], 0.0);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = NeuronSimilarity.similarity(m.create(ooc), m.create(pref), m.create(w));
            assertEquals(new Shape(4, 9), s.getShape());
            TorchOracle.assertClose(expected, s.toFloatArray(), 1e-5, "NDArray similarity");
        }
    }

    @Test
    void searchReturnsTopMAmongTopQLikeNumpy() throws IOException {
        JsonNode meta = new ObjectMapper().readTree(DIR.resolve("meta.json").toFile()).get("pairing");
        float[][] ooc = matrix("pair.ooc");
        float[][] pref = matrix("pair.pref");
        double[] w = vector("pair.w");
        double[] responses = vector("pair.responses");
        double[] refs = vector("pair.refs");
        double[] sim = vector("pair.sim");
        int m = meta.get("top_m").asInt();
        ReferenceSearch search = ReferenceSearch.builder().topM(m).topQ(meta.get("top_q").asDouble()).build();
        List<List<Candidate>> found = search.search(ooc, pref, responses, w);
        for (int i = 0; i < ooc.length; i++) {
            List<Candidate> c = found.get(i);
            assertEquals(m, c.size());
            for (int j = 0; j < m; j++) {
                int expectedIndex = (int) refs[i * m + j];
                assertEquals(expectedIndex, c.get(j).index(), "ooc " + i + " rank " + j);
                assertEquals(sim[i * pref.length + expectedIndex], c.get(j).similarity(), 1e-6);
            }
            assertEquals(c, search.search(ooc[i], pref, responses, w), "single and batched search agree");
        }
    }

    @Test
    void topQOfOneSearchesEverythingAndNeedsNoResponses() {
        float[][] pref = {{1, 0, 0}, {0, 1, 0}, {1, 1, 0}, {0, 0, 1}};
        double[] w = {1, 2, 0};
        // For this neuron, (1, 1, 0) weighted is (1, 2, 0): closest to (0, 1) weighted (0, 2, 0).
        List<Candidate> c = ReferenceSearch.builder().topM(10).build().search(new float[] {0, 1, 5}, pref, null, w);
        assertEquals(List.of(1, 2, 0, 3), c.stream().map(Candidate::index).toList());
        assertEquals(1.0, c.get(0).similarity(), 1e-12);
        assertEquals(2 / Math.sqrt(5), c.get(1).similarity(), 1e-12);
        assertEquals(0.0, c.get(3).similarity(), 0.0);
        // Top-q 0.25 of 4 images keeps only the best-responding one, whatever its similarity.
        List<Candidate> q = ReferenceSearch.builder().topM(3).topQ(0.25).build()
                .search(new float[] {0, 1, 5}, pref, new double[] {9, 1, 2, 3}, w);
        assertEquals(List.of(new Candidate(0, 0.0)), q);
    }

    @Test
    void badInputIsAClearError() {
        float[][] pref = {{1, 0}, {0, 1}};
        ReferenceSearch q = ReferenceSearch.builder().topQ(0.5).build();
        IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class,
                () -> q.search(new float[] {1, 0}, pref, null, new double[] {1, 1}));
        assertTrue(e1.getMessage().contains("preferredResponses"), e1.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> q.search(new float[] {1, 0, 3}, pref, new double[] {1, 2}, new double[] {1, 1}));
        assertTrue(e2.getMessage().contains("fOoc[0] has 3 features"), e2.getMessage());
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class,
                () -> q.search(new float[] {1, 0}, pref, new double[] {1, Double.NaN}, new double[] {1, 1}));
        assertTrue(e3.getMessage().contains("NaN"), e3.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReferenceSearch.builder().topQ(0));
        assertThrows(IllegalArgumentException.class, () -> ReferenceSearch.builder().topM(0));
    }
}
