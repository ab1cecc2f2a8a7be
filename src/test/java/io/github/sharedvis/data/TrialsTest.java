package io.github.sharedvis.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.TestFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The float32 response store ({@link Trials}) against arrays NumPy wrote
 * ({@code scripts/fixtures_responses_store.py}): every value and every missing trial (NaN) as NumPy
 * holds it, float64 files rounded to float32, the means equal to NumPy's {@code nanmean} rounded to
 * float32, on the heap and memory-mapped, in one chunk and in many (the chunk size knob), through the
 * streamed {@code .npy}/{@code .npz} readers, the whole-array Fortran-order path and the views of
 * {@link Responses#select} / {@link Responses#selectNeurons}.
 */
class TrialsTest {

    private static final Path DIR = Path.of("src/test/resources/fixtures/data/store");
    private static final String MAKE = "run /usr/bin/python3 scripts/fixtures_responses_store.py " + DIR;

    @TempDir
    Path tmp;

    private static Path fixture(String name) {
        return TestFixtures.require(DIR.resolve(name), MAKE);
    }

    /** Bits of a float32 value as NumPy wrote it, NaN compared as NaN. */
    private static void assertSame(float want, float got, String where) {
        assertEquals(Float.isNaN(want), Float.isNaN(got), where + ": missing trial");
        if (!Float.isNaN(want)) {
            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got), where);
        }
    }

    private static void assertValues(Npy.Array want, Trials got, String what) {
        long[] s = want.shape();
        assertEquals(s[0], got.images(), what);
        assertEquals(s[1], got.neurons(), what);
        assertEquals(s.length > 2 ? s[2] : 1, got.repeats(), what);
        int nr = got.repeats();
        int nn = got.neurons();
        int missing = 0;
        for (int i = 0; i < got.images(); i++) {
            for (int n = 0; n < nn; n++) {
                for (int k = 0; k < nr; k++) {
                    float w = (float) want.data()[(i * nn + n) * nr + k];
                    assertSame(w, got.get(i, n, k), what + " (" + i + ", " + n + ", " + k + ")");
                    missing += Float.isNaN(w) ? 1 : 0;
                }
            }
        }
        assertTrue(missing > 3, what + ": the fixture has missing trials");
    }

    @Test
    void npyIsReadValueForValueOnTheHeapAndMapped() throws IOException {
        Npy.Array want = Npy.read(fixture("trials.npy"));
        Responses whole = ResponseReader.read(fixture("trials.npy"));
        assertFalse(whole.trials().fileBacked());
        assertValues(want, whole.trials(), "default");
        NpyResponses npy = new NpyResponses();
        ResponseOptions opts = ResponseOptions.defaults();
        // 231 values in chunks of 16: 15 chunks, the last one partial
        Responses chunked = npy.read(fixture("trials.npy"), opts, 4, Long.MAX_VALUE);
        assertValues(want, chunked.trials(), "chunks of 16");
        Path scratch = tmp.resolve("scratch");
        Responses mapped = npy.read(fixture("trials.npy"), opts.withScratch(scratch), 4, 0);
        assertTrue(mapped.trials().fileBacked());
        assertValues(want, mapped.trials(), "mapped, chunks of 16");
        try (var left = Files.list(scratch)) {
            assertEquals(0, left.count(), "the scratch file is unlinked at once");
        }
    }

    @Test
    void float64AndFortranOrderFiles() throws IOException {
        Npy.Array t32 = Npy.read(fixture("trials.npy"));
        // float64 values are rounded to float32: the same bits as NumPy's astype(float32)
        assertValues(t32, ResponseReader.read(fixture("trials64.npy")).trials(), "float64 file");
        assertValues(t32, ResponseReader.read(fixture("trials_f.npy")).trials(), "Fortran order");
    }

    @Test
    void npzKeepsIdsAndValues() throws IOException {
        Responses r = ResponseReader.read(fixture("trials.npz"));
        assertEquals("s0", r.stimulusIds().get(0));
        assertEquals("s10", r.stimulusIds().get(10));
        assertEquals(List.of("100", "101", "102", "103", "104", "105", "106"), r.neuronIds());
        assertValues(Npy.read(fixture("trials.npy")), r.trials(), "npz");
    }

    @Test
    void meansAreNumpysNanmeanInFloat32() throws IOException {
        Npy.Array want = Npy.read(fixture("means.npy"));
        NpyResponses npy = new NpyResponses();
        for (long mapBytes : new long[] {Long.MAX_VALUE, 0}) {
            Responses r = npy.read(fixture("trials.npy"), ResponseOptions.defaults().withScratch(tmp), 3, mapBytes);
            Trials m = r.mean();
            assertEquals(1, m.repeats());
            assertEquals(mapBytes == 0, m.fileBacked());
            for (int i = 0; i < m.images(); i++) {
                for (int n = 0; n < m.neurons(); n++) {
                    assertSame((float) want.data()[i * m.neurons() + n], m.get(i, n, 0), "mean (" + i + ", " + n + ")");
                }
            }
            assertTrue(Double.isNaN(m.value(4, 2)), "every repeat missing: NaN");
        }
        // the float32 means are within float32 rounding of the float64 means
        Npy.Array m64 = Npy.read(fixture("means64.npy"));
        Trials m = ResponseReader.read(fixture("trials.npy")).mean();
        double x = m64.data()[0];
        assertEquals(x, m.value(0, 0), Math.ulp((float) x) / 2);
    }

    @Test
    void selectionsAreViewsOfTheSameValues() throws IOException {
        Responses r = new NpyResponses().read(fixture("trials.npz").resolveSibling("trials.npy"),
                ResponseOptions.defaults(), 4, Long.MAX_VALUE);
        List<String> ids = new ArrayList<>();
        for (int i = 10; i >= 0; i--) {
            ids.add("s" + i);
        }
        List<String> named = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            named.add("s" + i);
        }
        Responses withIds = new Responses(named, r.neuronIds(), r.trials());
        Responses rev = withIds.select(ids).selectNeurons(List.of("n6", "n0", "n3"));
        int[] cols = {6, 0, 3};
        for (int i = 0; i < 11; i++) {
            for (int k = 0; k < cols.length; k++) {
                for (int rep = 0; rep < 3; rep++) {
                    assertSame(r.trials().get(10 - i, cols[k], rep), rev.trials().get(i, k, rep), "view");
                }
            }
        }
        // a view of a view: the mean of the reordered store is the reordered mean
        Trials m = rev.mean();
        assertSame(r.mean().get(10 - 4, 6, 0), m.get(4, 0, 0), "mean of a view");
    }
}
