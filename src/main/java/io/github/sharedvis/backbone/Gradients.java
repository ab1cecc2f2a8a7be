package io.github.sharedvis.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.function.Function;

/**
 * Vector-Jacobian products through a {@link FeatureFunction}: {@code J(x)^T v} in one backward
 * pass with {@code v} as the output gradient, never building the Jacobian.
 *
 * <p>DJL allows one gradient collector at a time per engine, so callers get throughput from
 * batching, not from threads.
 */
public final class Gradients {

    private Gradients() {}

    /**
     * Computes {@code J(x)^T v} for every image of a batch.
     *
     * @param f the feature function
     * @param x inputs {@code [N, 3, H, W]}
     * @param v output weights {@code [N, D]} (one row per image)
     * @return the input gradients {@code [N, 3, H, W]}, detached, in {@code x}'s manager
     */
    public static NDArray vjp(FeatureFunction f, NDArray x, NDArray v) {
        return vjp(f, x, feats -> v).gradient();
    }

    /**
     * The features and the gradient of one backward pass, where the output gradient may depend on
     * the features themselves (as the shared weighting of the method does).
     *
     * @param features {@code [N, D]}, detached
     * @param gradient {@code [N, 3, H, W]}, detached
     */
    public record Result(NDArray features, NDArray gradient) {}

    /**
     * One forward pass, an output gradient computed from the (detached) features, one backward pass.
     *
     * @param f the feature function
     * @param x inputs {@code [N, 3, H, W]}
     * @param outputGradient maps detached features {@code [N, D]} to the output gradient {@code [N, D]}
     * @return the detached features and input gradient, in {@code x}'s manager
     */
    public static Result vjp(FeatureFunction f, NDArray x, Function<NDArray, NDArray> outputGradient) {
        NDManager outer = x.getManager();
        try (NDManager scope = outer.newSubManager();
                GradientCollector gc = Engines.pytorch().newGradientCollector()) {
            NDArray input = x.duplicate();
            input.attach(scope);
            input.setRequiresGradient(true);
            NDArray feats = f.features(input);
            feats.attach(scope);
            NDArray detached = feats.stopGradient();
            detached.attach(scope);
            NDArray v = outputGradient.apply(detached);
            if (!v.getShape().equals(feats.getShape())) {
                throw new IllegalArgumentException("output gradient has shape " + v.getShape()
                        + " but the features have shape " + feats.getShape());
            }
            NDArray vv = v.toType(feats.getDataType(), false);
            JniUtils.backward((PtNDArray) feats, (PtNDArray) vv, false, false);
            NDArray grad = input.getGradient().duplicate();
            grad.attach(outer);
            detached.attach(outer);
            return new Result(detached, grad);
        }
    }

    /**
     * Evaluates features without building a graph.
     *
     * @param f the feature function
     * @param x inputs {@code [N, 3, H, W]}
     * @return features {@code [N, D]}
     */
    public static NDArray noGrad(FeatureFunction f, NDArray x) {
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return f.features(x);
        } finally {
            JniUtils.setGradMode(before);
        }
    }

    /**
     * Runs a computation with autograd recording off.
     *
     * @param body the computation
     * @return its result
     */
    public static NDList noGradList(java.util.function.Supplier<NDList> body) {
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return body.get();
        } finally {
            JniUtils.setGradMode(before);
        }
    }
}
