package io.github.sharedvis.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.attribution.ReferencePoint;
import io.github.sharedvis.data.Npy;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The similarity relative to every kind of reference point against scikit-learn's cosine_similarity of
 * {@code w ⊙ (f − c) / s} with {@code c}, {@code s} from numpy, and the reference search against numpy's
 * ranking, on saved features with a large common part (fixtures from {@code scripts/fixtures_pairing.py}).
 */
class CentredSimilarityTest {

    @ParameterizedTest
    @EnumSource(ReferencePoint.Kind.class)
    void matchesScikitLearnOnSavedFeatures(ReferencePoint.Kind kind) throws IOException {
        float[][] pref = PairingTest.matrix("centred.pref");
        float[][] ooc = PairingTest.matrix("centred.ooc");
        double[] w = PairingTest.vector("centred.w");
        float[][] all = new float[pref.length + ooc.length][];
        System.arraycopy(pref, 0, all, 0, pref.length);
        System.arraycopy(ooc, 0, all, pref.length, ooc.length);
        String stem = "centred." + kind.configName();
        ReferencePoint point = ReferencePoint.of(kind, all, pref);
        double[] c = PairingTest.vector(stem + ".centre");
        double[] s = PairingTest.vector(stem + ".scale");
        for (int k = 0; k < c.length; k++) {
            assertEquals(c[k], point.centre()[k], 1e-5 * (1 + Math.abs(c[k])), "centre " + k);
            assertEquals(s[k], point.scale()[k], 1e-5 * (1 + Math.abs(s[k])), "scale " + k);
        }
        double[] expected = PairingTest.vector(stem + ".sim");
        double[][] sim = NeuronSimilarity.similarity(ooc, pref, w, point);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] engine = NeuronSimilarity.similarity(m.create(flat(ooc), new Shape(ooc.length, w.length)),
                    m.create(flat(pref), new Shape(pref.length, w.length)), m.create(w).toType(
                            ai.djl.ndarray.types.DataType.FLOAT32, false), point).toFloatArray();
            for (int i = 0; i < ooc.length; i++) {
                for (int j = 0; j < pref.length; j++) {
                    assertEquals(expected[i * pref.length + j], sim[i][j], 1e-6, kind + " similarity " + i + "," + j);
                    assertEquals(expected[i * pref.length + j], engine[i * pref.length + j], 1e-4,
                            kind + " engine similarity " + i + "," + j);
                }
            }
        }
        double[] refs = PairingTest.vector(stem + ".refs");
        List<List<Candidate>> found = ReferenceSearch.builder().topM(3).referencePoint(point).build()
                .search(ooc, pref, null, w);
        for (int i = 0; i < ooc.length; i++) {
            for (int r = 0; r < 3; r++) {
                assertEquals((int) refs[i * 3 + r], found.get(i).get(r).index(), kind + " reference " + i + "," + r);
            }
        }
        // What centring is for: the literal similarity barely separates images, a centred one does.
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : expected) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (kind == ReferencePoint.Kind.NONE) {
            assertTrue(lo > 0.9, "literal similarities all near 1, min " + lo);
        } else {
            assertTrue(hi - lo > 0.8, kind + " similarities spread, range " + lo + ".." + hi);
        }
    }

    private static float[] flat(float[][] x) {
        float[] out = new float[x.length * x[0].length];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, out, i * x[0].length, x[0].length);
        }
        return out;
    }

}
