package io.github.sharedvis.backbone.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

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
