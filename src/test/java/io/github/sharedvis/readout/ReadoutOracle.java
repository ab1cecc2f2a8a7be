package io.github.sharedvis.readout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.data.Npy;
import io.github.sharedvis.data.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Loads the ridge cases written by {@code scripts/fixtures_readout.py} (scikit-learn's answers). */
final class ReadoutOracle {

    static final Path SMALL = Path.of("src/test/resources/fixtures/readout");
    static final Path LARGE = Path.of("build/fixtures/readout");

    private final Map<String, Npy.Entry> vars;
    final String name;

    private ReadoutOracle(String name, Map<String, Npy.Entry> vars) {
        this.name = name;
        this.vars = vars;
    }

    static ReadoutOracle load(Path dir, String name) throws IOException {
        return new ReadoutOracle(name, Npz.read(dir.resolve(name + ".npz")));
    }

    Npy.Array array(String key) {
        return (Npy.Array) vars.get(key);
    }

    double scalar(String key) {
        return array(key).data()[0];
    }

    double[] vector(String key) {
        return array(key).data();
    }

    double[][] matrix(String key) {
        Npy.Array a = array(key);
        int rows = (int) a.shape()[0];
        int cols = (int) a.shape()[1];
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(a.data(), i * cols, out[i], 0, cols);
        }
        return out;
    }

    int[] ints(String key) {
        double[] d = vector(key);
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (int) d[i];
        }
        return out;
    }

    /** Max abs error relative to the largest expected magnitude. */
    static void assertClose(double[][] expected, double[][] actual, double rel, String what) {
        assertEquals(expected.length, actual.length, what + ": rows");
        double scale = 0;
        double err = 0;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, actual[i].length, what + ": columns");
            for (int j = 0; j < expected[i].length; j++) {
                scale = Math.max(scale, Math.abs(expected[i][j]));
                err = Math.max(err, Math.abs(expected[i][j] - actual[i][j]));
            }
        }
        assertTrue(scale > 0, what + ": all-zero expectation cannot tell anything");
        assertTrue(err <= rel * scale, what + ": max abs error " + err + " > " + rel + " x " + scale);
    }

    static void assertClose(double[] expected, double[] actual, double rel, String what) {
        assertClose(new double[][] {expected}, new double[][] {actual}, rel, what);
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }
}
