package io.github.sharedvis.backbone.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Layout and argument helpers shared by the operation families ({@link MathOps}, {@link SpatialOps},
 * {@link ShapeOps}, {@link GatherOps}).
 *
 * <p>Values are logically NHWC (TensorFlow's semantics); a 4-D value may be stored NCHW
 * ({@link Value#channelsFirst()}), which lets convolutions and pooling run in the engine's layout
 * without a transpose per node.
 */
final class OpSupport {

    private OpSupport() {}

    /** Logical NHWC axis -> physical axis of a channels-first array. */
    static final int[] TO_PHYSICAL = {0, 2, 3, 1};

    /** A new handle on the same data (a view), so that scopes can own it separately. */
    static NDArray view(NDArray a) {
        int r = a.getShape().dimension();
        if (r <= 1) {
            return a.reshape(a.getShape());
        }
        int[] id = new int[r];
        for (int i = 0; i < r; i++) {
            id[i] = i;
        }
        return a.transpose(id);
    }

    /** The value in TF's own layout (NHWC for 4-D). */
    static NDArray logical(Value v) {
        return v.channelsFirst() ? v.array().transpose(0, 2, 3, 1) : v.array();
    }

    /** A 4-D value in the engine's layout, {@code [N, C, H, W]}. */
    static NDArray channelsFirst(Value v) {
        if (v.channelsFirst()) {
            return v.array();
        }
        if (v.array().getShape().dimension() != 4) {
            throw new IllegalArgumentException("expected a 4-D NHWC tensor, got " + v.array().getShape());
        }
        return v.array().transpose(0, 3, 1, 2);
    }

    /**
     * An array built from Java data at run time, as an engine-owned copy in the given type. DJL's
     * PyTorch engine wraps the direct buffer of {@code create(...)} without copying it, and only the Java
     * handle keeps that buffer alive; an op's scope closes the handle while the autograd graph may still
     * hold the tensor (a matrix product saves both factors), so a garbage collection before the backward
     * pass would leave the graph reading freed memory. A type conversion is no copy when the type
     * already matches (not even {@code toType(t, true)}: the engine's conversion never copies), hence
     * the clone.
     *
     * @param fromJava an array just created from Java data (closed here)
     * @param dtype the type wanted
     * @return a copy the engine owns
     */
    static NDArray engineOwned(NDArray fromJava, DataType dtype) {
        NDArray typed = fromJava.toType(dtype, false);
        NDArray owned = typed.duplicate();
        typed.close();
        fromJava.close();
        return owned;
    }

    /**
     * A scalar of {@code like}'s type made by the engine, for arithmetic whose backward pass keeps the
     * operand ({@code minimum}, {@code pow}, {@code mul}, {@code div}): DJL's {@code x.op(Number)} wraps
     * a Java buffer and closes it at once, which leaves the autograd graph the same dangling data as in
     * {@link #engineOwned}.
     *
     * @param like the array the scalar meets
     * @param value the value (exact in float32)
     * @return a 0-d array in {@code like}'s manager
     */
    static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType());
    }

    /** A single owned output. */
    static Value[] one(NDArray a, boolean cf) {
        return new Value[] {new Value(a, cf, true)};
    }

    /** The integer values of a (small, constant-like) array. */
    static long[] ints(NDArray a) {
        return a.toType(DataType.INT64, false).toLongArray();
    }

    /** A TF axis (negative counts from the end) as a non-negative one, checked against the rank. */
    static int axis(long a, int rank) {
        int r = (int) (a < 0 ? a + rank : a);
        if (r < 0 || r >= rank) {
            throw new IllegalArgumentException("axis " + a + " out of range for rank " + rank);
        }
        return r;
    }
}
