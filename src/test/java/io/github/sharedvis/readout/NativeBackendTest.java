package io.github.sharedvis.readout;

import static io.github.sharedvis.readout.ReadoutOracle.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The native OpenBLAS/LAPACK path against the pure-Java EJML fallback ({@link EncodingModel.Backend#EJML}
 * forces it): the same eigendecompositions, products and solves, and the same fitted readouts.
 */
class NativeBackendTest {

    @Test
    void openBlasLoadsOnLinuxX8664() {
        boolean bundled = System.getProperty("os.name").toLowerCase().contains("linux")
                && System.getProperty("os.arch").matches("amd64|x86_64");
        assertEquals(bundled, NativeLinalg.AVAILABLE, "OpenBLAS natives are bundled for linux-x86_64 only");
    }

    @Test
    void eigendecompositionAgreesWithEjml() {
        DMatrixRMaj a = randomGram(new Random(1), 120, 200); // positive semi-definite, as ridge's Gram matrices
        RidgeSpectrum.Eigen nat;
        try (NativeLinalg lin = new NativeLinalg()) {
            nat = lin.eigh(a.copy());
        }
        RidgeSpectrum.Eigen ref = RidgeSpectrum.Eigen.ejml(a.copy());
        double[] v1 = nat.values().clone();
        double[] v2 = ref.values().clone();
        Arrays.sort(v1);
        Arrays.sort(v2);
        assertClose(v2, v1, 1e-12, "eigenvalues");
        // reconstruction V S Vᵀ (signs and order of eigenvectors are free)
        DMatrixRMaj vs = nat.vectors().copy();
        for (int i = 0; i < vs.numRows; i++) {
            for (int c = 0; c < vs.numCols; c++) {
                vs.data[i * vs.numCols + c] *= nat.values()[c];
            }
        }
        DMatrixRMaj back = new DMatrixRMaj(a.numRows, a.numCols);
        CommonOps_DDRM.multTransB(vs, nat.vectors(), back);
        assertClose(rows(a), rows(back), 1e-12, "V S Vt");
        assertTrue(v1[0] > 1, "full rank: no clamped eigenvalue hides a difference");
    }

    @Test
    void productsAndSolvesAgreeWithEjml() {
        Random rng = new Random(2);
        DMatrixRMaj a = random(rng, 37, 53);
        DMatrixRMaj b = random(rng, 37, 29);
        DMatrixRMaj c = random(rng, 29, 53);
        try (MatMul nat = MatMul.openblas(); MatMul ref = MatMul.ejml()) {
            assertClose(rows(ref.mult(a, true, b, false)), rows(nat.mult(a, true, b, false)), 1e-13, "At B");
            assertClose(rows(ref.mult(b, true, a, false)), rows(nat.mult(b, true, a, false)), 1e-13, "Bt A");
            assertClose(rows(ref.mult(c, false, a, true)), rows(nat.mult(c, false, a, true)), 1e-13, "C At");
            assertClose(rows(ref.mult(b, false, c, false)), rows(nat.mult(b, false, c, false)), 1e-13, "B C");
            assertClose(rows(ref.mult(c, true, b, true)), rows(nat.mult(c, true, b, true)), 1e-13, "Ct Bt");
            assertClose(rows(ref.mult(a, false, a, true)), rows(nat.mult(a, false, a, true)), 1e-13, "A At (syrk)");
            assertClose(rows(ref.mult(a, true, a, false)), rows(nat.mult(a, true, a, false)), 1e-13, "At A (syrk)");
            DMatrixRMaj spd = ref.mult(a, false, a, true);
            for (int i = 0; i < spd.numRows; i++) {
                spd.add(i, i, 1);
            }
            assertClose(rows(ref.mult(ref.inverse(spd), b)), rows(nat.solve(spd, b)), 1e-10, "solve");
            assertClose(rows(ref.inverse(spd)), rows(nat.inverse(spd)), 1e-10, "inverse");
        }
    }

    /** Kernel path (n <= D), kernel folds (train <= D < n) and primal (n > D); k-fold and leave-one-out. */
    @ParameterizedTest
    @CsvSource({"150,200,12,false", "150,200,12,true", "110,100,7,false", "300,60,9,false", "300,60,9,true"})
    void fitsAgreeWithTheEjmlFallback(int n, int d, int q, boolean loo) {
        Random rng = new Random(n + d);
        double[][] x = new double[n][d];
        double[][] y = new double[n][q];
        double[][] w = new double[d][q];
        for (double[] row : w) {
            for (int j = 0; j < q; j++) {
                row[j] = rng.nextGaussian() / Math.sqrt(d);
            }
        }
        for (int i = 0; i < n; i++) {
            double common = rng.nextGaussian();
            for (int k = 0; k < d; k++) {
                x[i][k] = Math.max(0, rng.nextGaussian() + common);
            }
            for (int j = 0; j < q; j++) {
                double s = 3 + (j + 1) * 0.5 * rng.nextGaussian();
                for (int k = 0; k < d; k++) {
                    s += x[i][k] * w[k][j];
                }
                y[i][j] = s;
            }
        }
        FittedEncoding nat = model(EncodingModel.Backend.NATIVE, loo).fit(x, y);
        FittedEncoding ref = model(EncodingModel.Backend.EJML, loo).fit(x, y);
        assertArrayEquals(ref.alpha(), nat.alpha(), 0.0, "chosen alphas");
        assertClose(ref.coef(), nat.coef(), 1e-9, "coefficients");
        assertClose(ref.intercept(), nat.intercept(), 1e-9, "intercepts");
        assertClose(ref.cvPredictions(), nat.cvPredictions(), 1e-9, "held-out predictions");
        assertTrue(Arrays.stream(nat.alpha()).distinct().count() > 1, "the grid must matter for this test");
    }

    private static EncodingModel model(EncodingModel.Backend backend, boolean loo) {
        EncodingModel.Builder b = EncodingModel.builder().alphas(EncodingModel.logspace(-1, 5, 7)).backend(backend);
        return (loo ? b.leaveOneOut() : b).build();
    }

    private static DMatrixRMaj random(Random rng, int r, int c) {
        DMatrixRMaj m = new DMatrixRMaj(r, c);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = rng.nextGaussian();
        }
        return m;
    }

    private static DMatrixRMaj randomGram(Random rng, int n, int d) {
        DMatrixRMaj a = random(rng, n, d);
        DMatrixRMaj g = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(a, a, g);
        return g;
    }

    private static double[][] rows(DMatrixRMaj m) {
        double[][] out = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) {
            System.arraycopy(m.data, i * m.numCols, out[i], 0, m.numCols);
        }
        return out;
    }
}
