package io.github.sharedvis.backbone.tfjs;

import static io.github.sharedvis.backbone.tfjs.OpSupport.axis;
import static io.github.sharedvis.backbone.tfjs.OpSupport.ints;
import static io.github.sharedvis.backbone.tfjs.OpSupport.logical;
import static io.github.sharedvis.backbone.tfjs.OpSupport.one;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * Index-producing and index-consuming operations, as detection heads use them in post-processing:
 * {@code ArgMax}, {@code TopKV2}, {@code GatherNd} and {@code GatherV2}. Gathers go through
 * {@code take} on flat indices so that gradients flow back to the gathered values.
 */
final class GatherOps {

    private GatherOps() {}

    static Value[] argMax(OpContext c, List<Value> in) {
        NDArray x = logical(in.get(0));
        int ax = axis(ints(in.get(1).array())[0], x.getShape().dimension());
        DataType t = c.node().typeAttr("output_type", "DT_INT64").equals("DT_INT32") ? DataType.INT32 : DataType.INT64;
        return one(x.argMax(ax).toType(t, false), false);
    }

    /** The k largest values along the last axis, sorted, and their int32 indices. */
    static Value[] topK(OpContext c, List<Value> in) {
        NDArray x = logical(in.get(0));
        int k = (int) ints(in.get(1).array())[0];
        NDList r = x.topK(k, -1, true, true);
        return new Value[] {new Value(r.get(0), false, true),
            new Value(r.get(1).toType(DataType.INT32, false), false, true)};
    }

    /** TF GatherNd: rows of the flattened leading {@code k} axes, picked by linear index. */
    static Value[] gatherNd(OpContext c, List<Value> in) {
        NDArray params = logical(in.get(0));
        NDArray indices = logical(in.get(1));
        long[] ps = params.getShape().getShape();
        long[] is = indices.getShape().getShape();
        int k = (int) is[is.length - 1];
        long[] strides = new long[k];
        long rows = 1;
        for (int j = k - 1; j >= 0; j--) {
            strides[j] = rows;
            rows *= ps[j];
        }
        NDArray st = c.manager().create(strides);
        NDArray lin = indices.toType(DataType.INT64, false).mul(st).sum(new int[] {is.length - 1});
        long[] rest = Arrays.copyOfRange(ps, k, ps.length);
        NDArray picked = takeRows(c, params.reshape(rows, -1), lin.reshape(-1));
        long[] outShape = new long[is.length - 1 + rest.length];
        System.arraycopy(is, 0, outShape, 0, is.length - 1);
        System.arraycopy(rest, 0, outShape, is.length - 1, rest.length);
        return one(picked.reshape(new Shape(outShape)), false);
    }

    /** TF GatherV2 with batch_dims 0: params, indices, axis. */
    static Value[] gatherV2(OpContext c, List<Value> in) {
        NDArray params = logical(in.get(0));
        int axis = axis(ints(in.get(2).array())[0], params.getShape().dimension());
        NDArray indices = logical(in.get(1));
        long[] ps = params.getShape().getShape();
        int r = ps.length;
        int[] front = new int[r];
        front[0] = axis;
        for (int i = 0, j = 1; i < r; i++) {
            if (i != axis) {
                front[j++] = i;
            }
        }
        NDArray p = axis == 0 ? params : params.transpose(front);
        NDArray picked = takeRows(c, p.reshape(ps[axis], -1), indices.toType(DataType.INT64, false).reshape(-1));
        long[] is = indices.getShape().getShape();
        // picked rows: [indices..., params dims without axis (in order)]
        long[] shape = new long[is.length + r - 1];
        System.arraycopy(is, 0, shape, 0, is.length);
        for (int i = 0, j = is.length; i < r; i++) {
            if (i != axis) {
                shape[j++] = ps[i];
            }
        }
        NDArray out = picked.reshape(new Shape(shape));
        if (axis == 0) {
            return one(out, false);
        }
        // move the index axes to where the gathered axis was
        int qi = is.length;
        int[] perm = new int[shape.length];
        int t = 0;
        for (int i = 0; i < axis; i++) {
            perm[t++] = qi + i;
        }
        for (int i = 0; i < qi; i++) {
            perm[t++] = i;
        }
        for (int i = axis; i < r - 1; i++) {
            perm[t++] = qi + i;
        }
        return one(out.transpose(perm), false);
    }

    /** Rows {@code idx} of a 2-D array, by flat element indices (differentiable through take). */
    private static NDArray takeRows(OpContext c, NDArray table, NDArray idx) {
        long width = table.getShape().get(1);
        NDArray cols = c.manager().arange(0, (int) width, 1, DataType.INT64);
        NDArray flat = idx.reshape(-1, 1).mul(width).add(cols.reshape(1, -1));
        return table.take(c.manager(), flat.reshape(-1)).reshape(idx.getShape().get(0), width);
    }
}
