package io.github.sharedvis.readout;

import io.github.sharedvis.TestFixtures;

import static io.github.sharedvis.readout.ReadoutOracle.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Oracles: scikit-learn (Ridge per fold and penalty, StandardScaler, PCA; fixtures from
 * {@code scripts/fixtures_readout.py}), the closed-form ridge solve {@code (Zcᵀ Zc + αI)⁻¹ Zcᵀ yc}
 * by Cholesky (a different route than the eigendecomposition), and simulated linear neurons with
 * known weights and noise.
 */
class EncodingModelTest {

    static EncodingModel modelFor(ReadoutOracle o) {
        return modelFor(o, EncodingModel.Backend.DJL);
    }

    static EncodingModel modelFor(ReadoutOracle o, EncodingModel.Backend backend) {
        return EncodingModel.builder().alphas(o.vector("alphas")).standardize(o.scalar("standardize") > 0)
                .pcaComponents((int) o.scalar("pca")).backend(backend).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"primal", "kernel", "kernel_std", "pca_std", "pca_kernel", "kernel_folds"})
    void matchesScikitLearn(String name) throws IOException {
        ReadoutOracle o = ReadoutOracle.load(ReadoutOracle.SMALL, name);
        checkAgainstSklearn(o, EncodingModel.Backend.DJL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"primal", "kernel", "pca_std", "kernel_folds"})
    void pureJavaBackendMatchesScikitLearn(String name) throws IOException {
        checkAgainstSklearn(ReadoutOracle.load(ReadoutOracle.SMALL, name), EncodingModel.Backend.EJML);
    }

    @ParameterizedTest
    @ValueSource(strings = {"large_kernel", "large_primal"})
    void matchesScikitLearnOnLargerCases(String name) throws IOException {
        TestFixtures.require(ReadoutOracle.LARGE.resolve(name + ".npz"), "run `make fixtures`");
        checkAgainstSklearn(ReadoutOracle.load(ReadoutOracle.LARGE, name), EncodingModel.Backend.DJL);
    }

    static void checkAgainstSklearn(ReadoutOracle o, EncodingModel.Backend backend) {
        double[][] x = o.matrix("X");
        double[][] y = o.matrix("Y");
        FittedEncoding m = modelFor(o, backend).fit(x, y, o.ints("folds"));
        assertArrayEquals(o.vector("chosen_alpha"), m.alpha(), 0.0, o.name + ": chosen alphas");
        assertClose(o.matrix("cv_pred"), m.cvPredictions(), 1e-8, o.name + ": CV predictions");
        assertClose(o.vector("cv_r"), m.cvR(), 1e-8, o.name + ": CV r");
        double[][] xo = o.matrix("X_ooc");
        assertClose(o.matrix("pred_ooc"), m.predict(xo), 1e-8, o.name + ": ooc predictions");
        Generalization g = Generalization.of(m, xo, o.matrix("Y_ooc"));
        assertClose(o.vector("r_ooc"), g.r(), 1e-8, o.name + ": ooc r");
        for (int n = 0; n < g.p().length; n++) {
            double want = o.vector("p_ooc")[n];
            assertEquals(want, g.p()[n], 1e-6 * want + 1e-300, o.name + ": ooc p of neuron " + n);
        }
        if (o.scalar("pca") == 0) {
            assertClose(o.matrix("coef"), m.coef(), 1e-8, o.name + ": coefficients");
            assertClose(o.vector("intercept"), m.intercept(), 1e-8, o.name + ": intercepts");
        }
        // effective weights on raw features, free of PCA's sign ambiguity
        int d = x[0].length;
        double[][] eye = new double[d][d];
        for (int k = 0; k < d; k++) {
            eye[k][k] = 1;
        }
        double[][] zero = new double[1][d];
        double[][] pe = m.predict(eye);
        double[] b = m.predict(zero)[0];
        double[][] weff = new double[m.nNeurons()][d];
        for (int n = 0; n < weff.length; n++) {
            for (int k = 0; k < d; k++) {
                weff[n][k] = pe[k][n] - b[n];
            }
        }
        assertClose(o.matrix("weff"), weff, 1e-8, o.name + ": effective weights");
        assertClose(o.vector("beff"), b, 1e-8, o.name + ": effective intercepts");
    }

    /** Closed-form ridge at each neuron's chosen alpha, solved by Cholesky on the primal system. */
    @ParameterizedTest
    @ValueSource(strings = {"primal", "kernel", "kernel_std", "pca_std", "kernel_folds"})
    void coefficientsEqualTheClosedFormSolve(String name) throws IOException {
        ReadoutOracle o = ReadoutOracle.load(ReadoutOracle.SMALL, name);
        double[][] x = o.matrix("X");
        double[][] y = o.matrix("Y");
        FittedEncoding m = modelFor(o).fit(x, y, o.ints("folds"));
        double[][] z = m.transform(x);
        double[][] want = closedForm(z, y, m.alpha());
        for (int n = 0; n < m.nNeurons(); n++) {
            double[] w = Arrays.copyOf(want[n], want[n].length - 1);
            assertClose(w, m.coef()[n], 1e-8, name + ": coef of neuron " + n);
            assertEquals(want[n][want[n].length - 1], m.intercept()[n],
                    1e-8 * Math.max(1, Math.abs(m.intercept()[n])), name + ": intercept of neuron " + n);
        }
        double[][] pred = m.predict(x);
        for (int i = 0; i < x.length; i++) {
            for (int n = 0; n < m.nNeurons(); n++) {
                double p = want[n][want[n].length - 1];
                for (int k = 0; k < z[i].length; k++) {
                    p += want[n][k] * z[i][k];
                }
                assertEquals(p, pred[i][n], 1e-8 * Math.max(1, Math.abs(p)));
            }
        }
    }

    /** @return per neuron: w (K values) then the intercept */
    static double[][] closedForm(double[][] z, double[][] y, double[] alpha) {
        int n = z.length;
        int k = z[0].length;
        double[] zm = new double[k];
        for (double[] row : z) {
            for (int j = 0; j < k; j++) {
                zm[j] += row[j] / n;
            }
        }
        DMatrixRMaj zc = new DMatrixRMaj(n, k);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                zc.set(i, j, z[i][j] - zm[j]);
            }
        }
        DMatrixRMaj gram = new DMatrixRMaj(k, k);
        CommonOps_DDRM.multTransA(zc, zc, gram);
        double[][] out = new double[alpha.length][k + 1];
        for (int t = 0; t < alpha.length; t++) {
            double ym = 0;
            for (double[] row : y) {
                ym += row[t] / n;
            }
            DMatrixRMaj yc = new DMatrixRMaj(n, 1);
            for (int i = 0; i < n; i++) {
                yc.set(i, 0, y[i][t] - ym);
            }
            DMatrixRMaj rhs = new DMatrixRMaj(k, 1);
            CommonOps_DDRM.multTransA(zc, yc, rhs);
            DMatrixRMaj a = gram.copy();
            for (int j = 0; j < k; j++) {
                a.add(j, j, alpha[t]);
            }
            LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(k);
            assertTrue(chol.setA(a));
            DMatrixRMaj w = new DMatrixRMaj(k, 1);
            chol.solve(rhs, w);
            double b = ym;
            for (int j = 0; j < k; j++) {
                out[t][j] = w.get(j, 0);
                b -= zm[j] * w.get(j, 0);
            }
            out[t][k] = b;
        }
        return out;
    }

    /**
     * Simulated linear neurons: y = f·w + noise with known signal and noise variances. A perfect
     * model's r on fresh images is sqrt(S / (S + N)); the fitted readouts' r on ooc images (drawn from
     * a shifted distribution) approaches it as the training set grows: within 0.02 with 20,000
     * training images of 20 features, and closer than with 200 images.
     */
    @Test
    void simulatedLinearNeuronsReachTheirTheoreticalGeneralization() {
        Random rng = new Random(11);
        int d = 20;
        double[] noiseSd = {0.5, 1.0, 2.0};
        double[][] w = new double[noiseSd.length][d];
        for (double[] row : w) {
            for (int k = 0; k < d; k++) {
                row[k] = rng.nextGaussian() / Math.sqrt(d);
            }
        }
        double[][][] ooc = simulate(rng, w, noiseSd, 20000, 1.0);
        double[] gapSmall = null;
        for (int n : new int[] {200, 20000}) {
            double[][][] fy = simulate(rng, w, noiseSd, n, 0.0);
            FittedEncoding m = EncodingModel.builder().alphas(EncodingModel.logspace(-2, 4, 7)).build()
                    .fit(fy[0], fy[1]);
            Generalization g = Generalization.of(m, ooc[0], ooc[1]);
            double[] gap = new double[noiseSd.length];
            for (int j = 0; j < noiseSd.length; j++) {
                double signal = 0;
                for (double v : w[j]) {
                    signal += v * v; // features are unit-variance and independent
                }
                double ideal = Math.sqrt(signal / (signal + noiseSd[j] * noiseSd[j]));
                gap[j] = ideal - g.r()[j];
                assertTrue(g.p()[j] < 1e-10, "p of a real effect");
                if (n == 20000) {
                    assertEquals(ideal, g.r()[j], 0.02, "neuron " + j + " generalization r");
                    assertEquals(ideal, m.cvR()[j], 0.02, "neuron " + j + " within-category r");
                    assertTrue(gap[j] < gapSmall[j], "neuron " + j + ": r must approach the ideal as n grows");
                }
            }
            gapSmall = gap;
        }
    }

    static double[][][] simulate(Random rng, double[][] w, double[] noiseSd, int n, double shift) {
        int d = w[0].length;
        double[][] f = new double[n][d];
        double[][] y = new double[n][w.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                f[i][k] = rng.nextGaussian() + shift;
            }
            for (int j = 0; j < w.length; j++) {
                double s = 2.0;
                for (int k = 0; k < d; k++) {
                    s += w[j][k] * f[i][k];
                }
                y[i][j] = s + noiseSd[j] * rng.nextGaussian();
            }
        }
        return new double[][][] {f, y};
    }

    @Test
    void foldsAreBalancedAndSeeded() {
        int[] a = EncodingModel.kFold(23, 5, 3);
        int[] b = EncodingModel.kFold(23, 5, 3);
        int[] c = EncodingModel.kFold(23, 5, 4);
        assertArrayEquals(a, b);
        assertTrue(!Arrays.equals(a, c));
        int[] sizes = new int[5];
        for (int f : a) {
            sizes[f]++;
        }
        assertArrayEquals(new int[] {5, 5, 5, 4, 4}, sizes);
    }

    @Test
    void transformIsScaleWithoutCentringThenPca() throws IOException {
        ReadoutOracle o = ReadoutOracle.load(ReadoutOracle.SMALL, "kernel_std");
        double[][] x = o.matrix("X");
        FittedEncoding m = modelFor(o).fit(x, o.matrix("Y"), o.ints("folds"));
        assertEquals(null, m.pcaMean());
        double[][] z = m.transform(x);
        for (int k = 0; k < x[0].length; k++) {
            double mean = 0;
            double sq = 0;
            for (double[] row : x) {
                mean += row[k] / x.length;
            }
            for (double[] row : x) {
                sq += (row[k] - mean) * (row[k] - mean) / x.length;
            }
            assertEquals(Math.sqrt(sq), m.featureScale()[k], 1e-12 * Math.sqrt(sq));
            assertEquals(x[3][k] / Math.sqrt(sq), z[3][k], 1e-12 * Math.abs(z[3][k]) + 1e-15);
        }
    }

    // ------------------------------------------------------------------------------ malformed input

    static void contains(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
        }
    }

    @Test
    void rejectsBadInput() {
        double[][] x = new double[10][3];
        double[][] y = new double[10][2];
        for (int i = 0; i < 10; i++) {
            x[i] = new double[] {i, i * i, 1};
            y[i] = new double[] {i, -i};
        }
        EncodingModel m = EncodingModel.builder().folds(5).build();
        double[][] yNan = Arrays.stream(y).map(double[]::clone).toArray(double[][]::new);
        yNan[4][1] = Double.NaN;
        contains(assertThrows(IllegalArgumentException.class, () -> m.fit(x, yNan)),
                "responses: non-finite value NaN at image 4, column 1");
        contains(assertThrows(IllegalArgumentException.class, () -> m.fit(x, Arrays.copyOf(y, 9))),
                "responses: 9 rows but there are 10 feature rows");
        contains(assertThrows(IllegalArgumentException.class,
                () -> EncodingModel.builder().pcaComponents(10).build().fit(x, y)), "at most 3 principal components");
        contains(assertThrows(IllegalArgumentException.class, () -> EncodingModel.builder().folds(1)),
                "folds must be >= 2");
        contains(assertThrows(IllegalArgumentException.class, () -> EncodingModel.builder().alphas(1, 0)),
                "finite and > 0");
        contains(assertThrows(IllegalArgumentException.class,
                () -> EncodingModel.builder().folds(11).build().fit(x, y)), "11 folds need at least 11 images");
        double[][] ragged = Arrays.stream(x).map(double[]::clone).toArray(double[][]::new);
        ragged[2] = new double[] {1, 2};
        contains(assertThrows(IllegalArgumentException.class, () -> m.fit(ragged, y)),
                "features: row 2 has 2 values, row 0 has 3");
    }
}
