package io.github.sharedvis.backbone.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.backbone.FeatureFunction;
import io.github.sharedvis.backbone.Gradients;

/**
 * The input-gradient check of the importer's tests: {@code J(x)^T v} from one backward pass against
 * central differences of {@code <v, f(x)>}, pixel by pixel. Run in float64, where the differences'
 * truncation and rounding errors stay far below the tolerance.
 */
final class FiniteDifferences {

    private FiniteDifferences() {}

    /**
     * The largest disagreement and the gradient's scale, both in max-norm.
     *
     * @param maxError {@code max_i |fd_i - grad_i|}
     * @param scale {@code max_i |fd_i|}
     */
    record Result(double maxError, double scale) {
        /** @return whether {@code maxError <= relTol * scale} */
        boolean within(double relTol) {
            return maxError <= relTol * scale;
        }
    }

    /**
     * @param f the function (evaluated without gradients here)
     * @param m where the perturbed inputs are made
     * @param x the input values, row-major in {@code shape}
     * @param shape the input's shape
     * @param v the output weighting, one value per element of {@code f(x)}
     * @param grad {@code J(x)^T v} to check, one value per element of {@code x}
     * @param eps the step of the central differences
     * @return the comparison over every element of {@code x}
     */
    static Result central(FeatureFunction f, NDManager m, double[] x, Shape shape, double[] v, double[] grad,
            double eps) {
        double maxErr = 0;
        double scale = 0;
        for (int i = 0; i < x.length; i++) {
            double[] p = x.clone();
            double[] q = x.clone();
            p[i] += eps;
            q[i] -= eps;
            double fp = dot(Gradients.noGrad(f, m.create(p, shape)), v);
            double fq = dot(Gradients.noGrad(f, m.create(q, shape)), v);
            double fd = (fp - fq) / (2 * eps);
            maxErr = Math.max(maxErr, Math.abs(fd - grad[i]));
            scale = Math.max(scale, Math.abs(fd));
        }
        return new Result(maxErr, scale);
    }

    private static double dot(NDArray a, double[] v) {
        double[] x = a.toDoubleArray();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * v[i];
        }
        return s;
    }
}
