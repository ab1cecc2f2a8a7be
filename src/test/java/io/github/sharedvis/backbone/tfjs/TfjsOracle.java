package io.github.sharedvis.backbone.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.TestFixtures;
import io.github.sharedvis.data.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helpers: the bundled models, the tfjs oracle outputs ({@code scripts/tfjs-oracle.sh}), comparisons. */
final class TfjsOracle {

    /** Where scripts/tfjs-oracle.sh writes the oracle outputs. */
    static final Path ROOT = Path.of("build/tfjs-oracle");

    private TfjsOracle() {}

    /** The bundled model's path; when it is absent the test is skipped with the reason (failed under CI). */
    static Path bundled(String name) {
        try {
            return BundledModel.byName(name).path();
        } catch (IOException e) {
            TestFixtures.missing(e.getMessage());
            return null;
        }
    }

    /** The oracle folder of a model; when it is absent the test is skipped with the reason (failed under CI). */
    static Path oracle(String name) {
        Path dir = ROOT.resolve(name);
        if (!Files.isRegularFile(dir.resolve("nodes.json"))) {
            boolean node = Files.isExecutable(Path.of("/usr/bin/node")) || Files.isExecutable(Path.of("/usr/local/bin/node"));
            TestFixtures.missing(node ? "tfjs oracle outputs missing in " + dir + "; run `make fixtures` (scripts/tfjs-oracle.sh)"
                    : "node is not installed: the tfjs oracle (scripts/tfjs_oracle.js) cannot run");
        }
        return dir;
    }

    static NDArray load(NDManager m, Path npy) throws IOException {
        Npy.Array a = Npy.read(npy);
        double[] d = a.data();
        if (a.dtype().contains("i")) {
            int[] v = new int[d.length];
            for (int i = 0; i < d.length; i++) {
                v[i] = (int) d[i];
            }
            return m.create(v, new Shape(a.shape()));
        }
        return m.create(a.toFloats(), new Shape(a.shape()));
    }

    /** Max-norm relative error {@code max|a - e| / max|e|} (the scale of the tensor, not per element). */
    static double relError(NDArray expected, NDArray actual) {
        assertArrayEquals(expected.getShape().getShape(), actual.getShape().getShape(), "shape");
        double[] e = expected.toType(DataType.FLOAT64, false).toDoubleArray();
        double[] a = actual.toType(DataType.FLOAT64, false).toDoubleArray();
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < e.length; i++) {
            scale = Math.max(scale, Math.abs(e[i]));
            diff = Math.max(diff, Math.abs(e[i] - a[i]));
        }
        return diff / Math.max(scale, 1e-30);
    }

    static void assertRelClose(NDArray expected, NDArray actual, double tol, String what) {
        double r = relError(expected, actual);
        assertTrue(r <= tol, what + ": relative error " + r + " > " + tol);
    }
}
