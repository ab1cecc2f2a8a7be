package io.github.sharedvis.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.FeatureFunction;

/**
 * Test-only oracle: the explicit Jacobian {@code ∂f_k(x_i)/∂x_i}, one backward pass per latent
 * dimension k (one forward, graph retained), and the maps {@code Σ_k v_k ∂f_k/∂x} built from it in
 * double precision. This is the {@code D × pixels} object the engine never builds.
 */
public final class ExplicitJacobian {

    private ExplicitJacobian() {}

    /**
     * @param f the feature function
     * @param x inputs {@code [N, ...]}
     * @param rows how many latent dimensions to differentiate (the first {@code rows}); all when negative
     * @return {@code [N][rows][pixels]}
     */
    public static double[][][] jacobian(FeatureFunction f, NDArray x, int rows) {
        int n = (int) x.getShape().get(0);
        int pixels = (int) (x.getShape().size() / n);
        try (NDManager scope = x.getManager().newSubManager();
                GradientCollector gc = Engines.pytorch().newGradientCollector()) {
            NDArray input = x.duplicate();
            input.attach(scope);
            input.setRequiresGradient(true);
            NDArray feats = f.features(input);
            feats.attach(scope);
            int d = (int) feats.getShape().get(1);
            int k = rows < 0 ? d : Math.min(rows, d);
            double[][][] jac = new double[n][k][pixels];
            for (int r = 0; r < k; r++) {
                NDArray e = scope.zeros(feats.getShape(), feats.getDataType());
                e.set(new NDIndex(":, " + r), 1f);
                JniUtils.backward((PtNDArray) feats, (PtNDArray) e, true, false);
                NDArray g = input.getGradient();
                float[] gv = g.toFloatArray();
                g.close();
                JniUtils.zeroGrad((PtNDArray) input);
                for (int i = 0; i < n; i++) {
                    for (int p = 0; p < pixels; p++) {
                        jac[i][r][p] = gv[i * pixels + p];
                    }
                }
            }
            return jac;
        }
    }

    /**
     * @param jac {@code [N][D][pixels]}
     * @param v {@code [N][D]}
     * @return {@code Σ_k v[i][k] jac[i][k]} per image, flattened {@code [N * pixels]}
     */
    public static double[] contract(double[][][] jac, double[][] v) {
        int n = jac.length;
        int pixels = jac[0][0].length;
        double[] out = new double[n * pixels];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < jac[i].length; k++) {
                double vk = v[i][k];
                double[] row = jac[i][k];
                for (int p = 0; p < pixels; p++) {
                    out[i * pixels + p] += vk * row[p];
                }
            }
        }
        return out;
    }

    /**
     * The shared weighting in double precision, written from the spec independently of {@link Weighting}.
     *
     * @param kind the weighting
     * @param fa {@code [N][D]}
     * @param fb {@code [N][D]}
     * @param w {@code [N][D]} (one row per pair)
     * @return {@code v} {@code [N][D]}
     */
    public static double[][] sharedWeights(Weighting kind, double[][] fa, double[][] fb, double[][] w) {
        return sharedWeights(kind, fa, fb, w, null, null);
    }

    /**
     * The shared weighting on features relative to a reference point, {@code f̃ = (f − c) / s}, in double
     * precision, written from the spec independently of {@link Weighting} and {@link ReferencePoint}.
     *
     * @param kind the weighting
     * @param fa raw features {@code [N][D]}
     * @param fb raw features {@code [N][D]}
     * @param w {@code [N][D]} (one row per pair)
     * @param c the centre {@code [D]}, or null for 0
     * @param s the scale {@code [D]}, or null for 1
     * @return {@code v} {@code [N][D]}
     */
    public static double[][] sharedWeights(Weighting kind, double[][] fa, double[][] fb, double[][] w, double[] c,
            double[] s) {
        double[][] v = new double[fa.length][];
        for (int i = 0; i < fa.length; i++) {
            int d = fa[i].length;
            double[] u = new double[d];
            if (kind == Weighting.READOUT) {
                v[i] = w[i].clone();
                continue;
            }
            double l1 = 0;
            for (int k = 0; k < d; k++) {
                double wk = w[i][k];
                double ca = c == null ? 0 : c[k];
                double sk = s == null ? 1 : s[k];
                double ra = (fa[i][k] - ca) / sk;
                double rb = (fb[i][k] - ca) / sk;
                double scale = switch (kind) {
                    case PAPER, BOTH_ABOVE -> wk * wk;
                    case SIGNED -> wk;
                    case EXCITATORY -> wk > 0 ? wk * wk : 0;
                    case READOUT -> throw new AssertionError();
                };
                u[k] = kind == Weighting.BOTH_ABOVE ? scale * Math.max(ra, 0) * Math.max(rb, 0) : scale * ra * rb;
                l1 += Math.abs(u[k]);
            }
            for (int k = 0; k < d; k++) {
                u[k] = l1 == 0 ? 0 : u[k] / l1;
            }
            v[i] = u;
        }
        return v;
    }
}
