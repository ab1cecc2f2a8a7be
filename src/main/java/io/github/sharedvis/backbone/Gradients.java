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
            NDArray vv = asOutputGradient(outputGradient.apply(detached), feats);
            JniUtils.backward((PtNDArray) feats, (PtNDArray) vv, false, false);
            NDArray grad = input.getGradient().duplicate();
            grad.attach(outer);
            detached.attach(outer);
            return new Result(detached, grad);
        }
    }

    /** Supplies the output gradient of one backward pass. */
    @FunctionalInterface
    public interface OutputGradients {
        /**
         * @param pass the pass, {@code 0..passes-1}
         * @return the output gradient {@code [N, D]} of that pass, a fresh array: it is closed after the pass
         */
        NDArray of(int pass);
    }

    /** Receives the input gradient of one backward pass. */
    @FunctionalInterface
    public interface GradientSink {
        /**
         * @param pass the pass
         * @param gradient {@code [N, 3, H, W]}, detached, closed right after this call returns: copy what is kept
         */
        void accept(int pass, NDArray gradient);
    }

    /** The output gradient checked against the features' shape, in their type. */
    private static NDArray asOutputGradient(NDArray v, NDArray feats) {
        if (!v.getShape().equals(feats.getShape())) {
            throw new IllegalArgumentException("output gradient has shape " + v.getShape()
                    + " but the features have shape " + feats.getShape());
        }
        return v.toType(feats.getDataType(), false);
    }

    /**
     * One forward pass of {@code x} with its graph kept, then {@code passes} backward passes through
     * that graph with different output gradients: {@code J(x)ᵀ v_t} for {@code t = 0..passes-1} at
     * the cost of one forward and {@code passes} backward passes. Each gradient is its own (the leaf's
     * gradient is zeroed between passes), with negative zeros made positive so that a result never
     * depends on the pass it came from. Holds the graph of {@code x} (the activations of one forward
     * pass of {@code N} images) until the last pass.
     *
     * @param f the feature function
     * @param x inputs {@code [N, 3, H, W]}
     * @param passes the number of backward passes, at least 1
     * @param outputGradient the output gradient {@code [N, D]} of each pass
     * @param sink receives each pass's input gradient
     * @throws IllegalArgumentException when an output gradient's shape is not the features'
     */
    public static void vjps(FeatureFunction f, NDArray x, int passes, OutputGradients outputGradient,
            GradientSink sink) {
        if (passes < 1) {
            throw new IllegalArgumentException("passes must be at least 1; got " + passes);
        }
        try (NDManager scope = x.getManager().newSubManager();
                GradientCollector gc = Engines.pytorch().newGradientCollector()) {
            NDArray input = x.duplicate();
            input.attach(scope);
            input.setRequiresGradient(true);
            NDArray feats = f.features(input);
            feats.attach(scope);
            for (int t = 0; t < passes; t++) {
                try (NDManager pass = scope.newSubManager()) {
                    NDArray vv = asOutputGradient(outputGradient.of(t), feats);
                    vv.attach(pass);
                    JniUtils.backward((PtNDArray) feats, (PtNDArray) vv, t < passes - 1, false);
                    NDArray leaf = input.getGradient();
                    leaf.attach(pass);
                    NDArray g = leaf.add(0f); // -0 + 0 = +0: the first pass's zeros look like the later ones'
                    g.attach(pass);
                    JniUtils.zeroGrad((PtNDArray) input);
                    sink.accept(t, g);
                }
            }
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
