package io.github.sharedvis.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory-mapped float32 reader against NumPy-written files (scripts/fixtures_features.py), the
 * stream reader {@link Npy#read} and values computed here; and that it keeps no file open.
 */
class FeatureMatrixTest {

    static final Path DIR = Path.of("src/test/resources/fixtures/data/features");

    @TempDir
    Path tmp;

    @Test
    void rampMatchesValuesComputedHere() throws IOException {
        FeatureMatrix m = FeatureMatrix.open(DIR.resolve("ramp.npy"));
        assertEquals(7, m.rows());
        assertEquals(5, m.cols());
        for (int i = 0; i < 7; i++) {
            double[] row = m.row(i);
            float[] f = m.floatRow(i);
            for (int j = 0; j < 5; j++) {
                float expected = (float) ((i * 5 + j) * 0.1 - 1);
                assertEquals(expected, f[j], 0f, "ramp[" + i + "][" + j + "]");
                assertEquals((double) expected, row[j], 0.0);
            }
        }
    }

    @Test
    void everyLayoutReadsTheDoublesOfTheStreamReader() throws IOException {
        Npy.Array ref = Npy.read(DIR.resolve("random.npy"));
        for (String name : new String[] {"random.npy", "random_be.npy", "random_v2.npy"}) {
            FeatureMatrix m = FeatureMatrix.open(DIR.resolve(name));
            assertEquals(9, m.rows(), name);
            assertEquals(6, m.cols(), name);
            double[][] all = m.toDoubles();
            for (int i = 0; i < 9; i++) {
                for (int j = 0; j < 6; j++) {
                    assertEquals(Double.doubleToRawLongBits(ref.data()[i * 6 + j]),
                            Double.doubleToRawLongBits(all[i][j]), name + " [" + i + "][" + j + "]");
                }
            }
            double[][] picked = m.rows(new int[] {8, 0, 8});
            assertArrayEquals(all[8], picked[0], 0.0);
            assertArrayEquals(all[0], picked[1], 0.0);
            assertArrayEquals(all[8], picked[2], 0.0);
        }
    }

    @Test
    void rowsAcrossMappedRegions() throws IOException {
        Path f = tmp.resolve("big.npy");
        int n = 37;
        int d = 11;
        float[][] rows = new float[n][d];
        Random r = new Random(3);
        for (float[] row : rows) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        try (OutputStream o = Files.newOutputStream(f)) {
            Npy.writeFloat32Rows(o, rows);
        }
        Npy.Array ref = Npy.read(f);
        for (long region : new long[] {4L * d, 4L * d * 5 + 3, Integer.MAX_VALUE}) {
            FeatureMatrix m = FeatureMatrix.open(f, region);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(rows[i], m.floatRow(i), 0f, "region " + region + " row " + i);
                for (int j = 0; j < d; j++) {
                    assertEquals(ref.data()[i * d + j], m.row(i)[j], 0.0);
                }
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> FeatureMatrix.open(f).row(n));
    }

    @Test
    void rowWriterWritesTheBytesOfTheFlatWriter() throws IOException {
        float[][] rows = new float[600][700]; // > 1 MB: several buffer flushes
        Random r = new Random(7);
        float[] flat = new float[600 * 700];
        for (int i = 0; i < 600; i++) {
            for (int j = 0; j < 700; j++) {
                rows[i][j] = (float) r.nextGaussian();
                flat[i * 700 + j] = rows[i][j];
            }
        }
        Path a = tmp.resolve("a.npy");
        Path b = tmp.resolve("b.npy");
        try (OutputStream o = Files.newOutputStream(a)) {
            Npy.writeFloat32Rows(o, rows);
        }
        try (OutputStream o = Files.newOutputStream(b)) {
            Npy.writeFloat32(o, new long[] {600, 700}, flat);
        }
        assertArrayEquals(Files.readAllBytes(b), Files.readAllBytes(a));
    }

    @Test
    void wrongFilesAreNamedWithTheFix() {
        String f64 = assertThrows(IOException.class, () -> FeatureMatrix.open(DIR.resolve("float64.npy"))).getMessage();
        assertTrue(f64.contains("float64.npy") && f64.contains("'<f8'") && f64.contains("astype('float32')"), f64);
        String fo = assertThrows(IOException.class, () -> FeatureMatrix.open(DIR.resolve("fortran.npy"))).getMessage();
        assertTrue(fo.contains("Fortran-order") && fo.contains("ascontiguousarray"), fo);
        String cube = assertThrows(IOException.class, () -> FeatureMatrix.open(DIR.resolve("cube.npy"))).getMessage();
        assertTrue(cube.contains("[2, 2, 2]"), cube);
        String tr = assertThrows(IOException.class, () -> FeatureMatrix.open(DIR.resolve("truncated.npy"))).getMessage();
        assertTrue(tr.contains("truncated") && tr.contains("extract step"), tr);
    }

    @Test
    void keepsNoFileOpenAndTheFileCanBeReplaced() throws IOException {
        Path f = tmp.resolve("features.npy");
        Files.copy(DIR.resolve("ramp.npy"), f);
        FeatureMatrix old = FeatureMatrix.open(f);
        assertFalse(openFiles().anyMatch(p -> p.equals(f.toAbsolutePath().normalize())),
                "the channel is closed once mapped");
        // a re-run replaces the file atomically while the old mapping is still reachable
        Path next = tmp.resolve(".features.npy.tmp");
        Files.copy(DIR.resolve("random.npy"), next);
        Files.move(next, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        FeatureMatrix now = FeatureMatrix.open(f);
        assertEquals(9, now.rows());
        assertEquals(Npy.read(DIR.resolve("random.npy")).data()[0], now.row(0)[0], 0.0);
        assertEquals((float) (0 * 0.1 - 1), old.floatRow(0)[0], 0f, "the old mapping still reads the old data");
        Files.delete(f);
        assertFalse(Files.exists(f));
    }

    /** The files this process holds open (Linux: /proc/self/fd). */
    private static Stream<Path> openFiles() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            org.junit.jupiter.api.Assumptions.abort("no /proc/self/fd on this system");
        }
        try (Stream<Path> s = Files.list(fds)) {
            return s.map(p -> {
                try {
                    return Files.readSymbolicLink(p);
                } catch (IOException e) {
                    return p;
                }
            }).toList().stream();
        }
    }
}
