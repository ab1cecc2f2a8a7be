package io.github.sharedvis.pairing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.sharedvis.attribution.ReferencePoint;

/**
 * The neuron-specific similarity ({@code docs/method.md}, section 3):
 * {@code sim_w(a, b) = cos(w ⊙ f(a), w ⊙ f(b)) = Σ_k w_k² f_k(a) f_k(b) / (‖w ⊙ f(a)‖ ‖w ⊙ f(b)‖)}.
 * Dimensions the neuron's readout ignores do not count; a vector {@code w ⊙ f} that is all zero shares
 * nothing with anything and gets similarity 0 (not NaN).
 *
 * <p>With a {@link ReferencePoint} the features are taken relative to it, {@code f̃ = (f − c) / s}:
 * {@code cos(w ⊙ f̃(a), w ⊙ f̃(b))}. On raw non-negative features the literal similarity is close to 1
 * for nearly every pair (what all images share dominates); relative to a centre it spreads over
 * [−1, 1] and tells images apart.
 */
public final class NeuronSimilarity {

    private NeuronSimilarity() {}

    /**
     * All pairwise similarities.
     *
     * @param fa features {@code [N][D]}
     * @param fb features {@code [M][D]}
     * @param w the neuron's readout weights {@code [D]}
     * @return {@code [N][M]}
     * @throws IllegalArgumentException when a feature row's length is not {@code D}
     */
    public static double[][] similarity(float[][] fa, float[][] fb, double[] w) {
        return similarity(fa, fb, w, null);
    }

    /**
     * All pairwise similarities relative to a reference point.
     *
     * @param fa features {@code [N][D]}
     * @param fb features {@code [M][D]}
     * @param w the neuron's readout weights {@code [D]}
     * @param point the reference point, or null for the literal reading ({@code c = 0})
     * @return {@code [N][M]}
     * @throws IllegalArgumentException when a feature row's length is not {@code D}
     */
    public static double[][] similarity(float[][] fa, float[][] fb, double[] w, ReferencePoint point) {
        double[][] ua = weightedUnit(fa, w, point, "fa");
        double[][] ub = weightedUnit(fb, w, point, "fb");
        double[][] out = new double[ua.length][ub.length];
        for (int i = 0; i < ua.length; i++) {
            for (int j = 0; j < ub.length; j++) {
                out[i][j] = dot(ua[i], ub[j]);
            }
        }
        return out;
    }

    /**
     * All pairwise similarities on the engine (float32).
     *
     * @param fa features {@code [N, D]}
     * @param fb features {@code [M, D]}
     * @param w the neuron's readout weights {@code [D]}
     * @return {@code [N, M]}, in {@code fa}'s manager
     * @throws IllegalArgumentException when the shapes disagree
     */
    public static NDArray similarity(NDArray fa, NDArray fb, NDArray w) {
        return similarity(fa, fb, w, null);
    }

    /**
     * All pairwise similarities on the engine (float32), relative to a reference point.
     *
     * @param fa features {@code [N, D]}
     * @param fb features {@code [M, D]}
     * @param w the neuron's readout weights {@code [D]}
     * @param point the reference point, or null for the literal reading
     * @return {@code [N, M]}, in {@code fa}'s manager
     * @throws IllegalArgumentException when the shapes disagree
     */
    public static NDArray similarity(NDArray fa, NDArray fb, NDArray w, ReferencePoint point) {
        if (fa.getShape().dimension() != 2 || fb.getShape().dimension() != 2 || w.getShape().dimension() != 1
                || fa.getShape().get(1) != w.getShape().get(0) || fb.getShape().get(1) != w.getShape().get(0)) {
            throw new IllegalArgumentException("similarity needs fa [N, D], fb [M, D] and w [D]; got "
                    + fa.getShape() + ", " + fb.getShape() + " and " + w.getShape());
        }
        try (NDManager scope = NDManager.subManagerOf(fa)) {
            scope.tempAttachAll(fa, fb, w);
            NDArray ww = w.toDevice(fa.getDevice(), false).toType(DataType.FLOAT32, false);
            NDArray ra = fa.toType(DataType.FLOAT32, false);
            NDArray rb = fb.toType(DataType.FLOAT32, false);
            if (point != null) {
                ra = point.relative(ra);
                rb = point.relative(rb);
            }
            NDArray ua = unitRows(ra.mul(ww));
            NDArray ub = unitRows(rb.mul(ww));
            return scope.ret(ua.matMul(ub.transpose()));
        }
    }

    private static NDArray unitRows(NDArray u) {
        NDArray norm = u.square().sum(new int[] {1}, true).sqrt();
        // A zero row stays zero (similarity 0) instead of 0/0.
        return u.div(norm.add(norm.eq(0).toType(norm.getDataType(), false)));
    }

    /**
     * {@code (w ⊙ f̃) / ‖w ⊙ f̃‖} per row, all zero for a zero row.
     *
     * @param f features {@code [N][D]}
     * @param w weights {@code [D]}
     * @param point the reference point, or null
     * @param what the argument's name for errors
     * @return {@code [N][D]}
     */
    static double[][] weightedUnit(float[][] f, double[] w, ReferencePoint point, String what) {
        double[][] u = new double[f.length][];
        for (int i = 0; i < f.length; i++) {
            if (f[i].length != w.length) {
                throw new IllegalArgumentException(what + "[" + i + "] has " + f[i].length + " features but the "
                        + "readout weights have " + w.length + "; use features from the layer the readout was fitted on");
            }
            double[] row = point == null ? new double[w.length] : point.relative(f[i]);
            double ss = 0;
            for (int k = 0; k < w.length; k++) {
                row[k] = w[k] * (point == null ? f[i][k] : row[k]);
                ss += row[k] * row[k];
            }
            double norm = Math.sqrt(ss);
            if (norm > 0) {
                for (int k = 0; k < w.length; k++) {
                    row[k] /= norm;
                }
            }
            u[i] = row;
        }
        return u;
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            s += x[k] * y[k];
        }
        return s;
    }
}
