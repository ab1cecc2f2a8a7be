package io.github.sharedvis.backbone.tfjs;

import static io.github.sharedvis.backbone.tfjs.OpSupport.TO_PHYSICAL;
import static io.github.sharedvis.backbone.tfjs.OpSupport.axis;
import static io.github.sharedvis.backbone.tfjs.OpSupport.channelsFirst;
import static io.github.sharedvis.backbone.tfjs.OpSupport.ints;
import static io.github.sharedvis.backbone.tfjs.OpSupport.logical;
import static io.github.sharedvis.backbone.tfjs.OpSupport.one;
import static io.github.sharedvis.backbone.tfjs.OpSupport.view;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Operations that move values without arithmetic: concatenation, stacking and unstacking, reshapes,
 * squeezes, axis insertion, transposition, padding, strided slicing, depth-to-space and the shape
 * itself. Concatenation and padding
 * keep a channels-first value so (translating axes); the others work on the TF layout.
 */
final class ShapeOps {

    private ShapeOps() {}

    /** {@code ConcatV2}: inputs, then the axis as the last input. */
    static Value[] concat(OpContext c, List<Value> in) {
        int n = in.size() - 1;
        long ax = ints(in.get(n).array())[0];
        boolean allFour = true;
        boolean anyCf = false;
        for (int i = 0; i < n; i++) {
            allFour &= in.get(i).array().getShape().dimension() == 4;
            anyCf |= in.get(i).channelsFirst();
        }
        boolean cf = allFour && anyCf;
        NDList list = new NDList();
        for (int i = 0; i < n; i++) {
            list.add(cf ? channelsFirst(in.get(i)) : logical(in.get(i)));
        }
        int rank = list.get(0).getShape().dimension();
        int a = axis(ax, rank);
        int phys = cf ? TO_PHYSICAL[a] : a;
        NDArray r = list.size() == 1 ? view(list.get(0)) : NDArrays.concat(list, phys);
        return one(r, cf);
    }

    static Value[] pack(OpContext c, List<Value> in) {
        NDList list = new NDList();
        for (Value v : in) {
            list.add(logical(v));
        }
        int rank = list.get(0).getShape().dimension() + 1;
        return one(NDArrays.stack(list, axis(c.node().intAttr("axis", 0), rank)), false);
    }

    static Value[] unpack(OpContext c, List<Value> in) {
        NDArray x = logical(in.get(0));
        int ax = axis(c.node().intAttr("axis", 0), x.getShape().dimension());
        long num = x.getShape().get(ax);
        NDList parts = x.split(num, ax);
        Value[] out = new Value[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Value(parts.get(i).squeeze(ax), false, true);
        }
        return out;
    }

    static Value[] reshape(OpContext c, List<Value> in) {
        return one(logical(in.get(0)).reshape(new Shape(ints(in.get(1).array()))), false);
    }

    static Value[] squeeze(OpContext c, List<Value> in) {
        NDArray x = logical(in.get(0));
        long[] dims = c.node().intsAttr("squeeze_dims");
        if (dims.length == 0) {
            return one(x.squeeze(), false);
        }
        int[] ax = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            ax[i] = axis(dims[i], x.getShape().dimension());
        }
        return one(x.squeeze(ax), false);
    }

    static Value[] expandDims(OpContext c, List<Value> in) {
        NDArray x = logical(in.get(0));
        long d = ints(in.get(1).array())[0];
        int rank = x.getShape().dimension() + 1;
        return one(x.expandDims(axis(d, rank)), false);
    }

    static Value[] transpose(OpContext c, List<Value> in) {
        long[] p = ints(in.get(1).array());
        return one(logical(in.get(0)).transpose(Arrays.stream(p).mapToInt(v -> (int) v).toArray()), false);
    }

    /** {@code Shape}: the logical (NHWC) shape of input 0, int32 ({@code out_type} int64 gives int64). */
    static Value[] shape(OpContext c, List<Value> in) {
        long[] s = logical(in.get(0)).getShape().getShape();
        NDArray r = c.node().typeAttr("out_type", "DT_INT32").equals("DT_INT64") ? c.manager().create(s)
                : c.manager().create(Arrays.stream(s).mapToInt(v -> (int) v).toArray());
        return one(r, false);
    }

    /**
     * {@code DepthToSpace} (NHWC, DCR order as TF): {@code [N, H, W, b*b*C] -> [N, H*b, W*b, C]} with
     * {@code out[n, h*b + i, w*b + j, c] = in[n, h, w, (i*b + j)*C + c]}.
     */
    static Value[] depthToSpace(OpContext c, List<Value> in) {
        NDArray x = logical(in.get(0));
        long b = c.node().intAttr("block_size", 2);
        long[] s = x.getShape().getShape();
        long ch = s[3] / (b * b);
        NDArray r = x.reshape(s[0], s[1], s[2], b, b, ch).transpose(0, 1, 3, 2, 4, 5)
                .reshape(s[0], s[1] * b, s[2] * b, ch);
        return one(r, false);
    }

    /** {@code Pad} and {@code PadV2}: paddings {@code [rank, 2]}, then (V2) the constant value. */
    static Value[] pad(OpContext c, List<Value> in) {
        double value = in.size() > 2 ? in.get(2).array().toType(DataType.FLOAT64, false).toDoubleArray()[0] : 0;
        Value v = in.get(0);
        long[] p = ints(in.get(1).array());
        NDArray x = v.array();
        int rank = x.getShape().dimension();
        long[] torch = new long[2 * rank];
        // torch's pad lists (before, after) from the last physical axis to the first
        for (int phys = 0; phys < rank; phys++) {
            int logicalAxis = phys;
            if (v.channelsFirst()) {
                logicalAxis = new int[] {0, 3, 1, 2}[phys];
            }
            int slot = rank - 1 - phys;
            torch[2 * slot] = p[2 * logicalAxis];
            torch[2 * slot + 1] = p[2 * logicalAxis + 1];
        }
        return one(x.pad(new Shape(torch), value), v.channelsFirst());
    }

    /** {@code StridedSlice} with positive strides, begin/end/shrink masks (no ellipsis or new axes). */
    static Value[] stridedSlice(OpContext c, List<Value> in) {
        GraphNode g = c.node();
        NDArray x = logical(in.get(0));
        long[] begin = ints(in.get(1).array());
        long[] end = ints(in.get(2).array());
        long[] strides = ints(in.get(3).array());
        long beginMask = g.intAttr("begin_mask", 0);
        long endMask = g.intAttr("end_mask", 0);
        long shrink = g.intAttr("shrink_axis_mask", 0);
        long[] dims = x.getShape().getShape();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < begin.length; i++) {
            long d = dims[i];
            long st = strides[i];
            if (st <= 0) {
                throw new IllegalArgumentException("StridedSlice with stride " + st + " is not supported");
            }
            if ((shrink >> i & 1) == 1) {
                long b = begin[i] < 0 ? begin[i] + d : begin[i];
                parts.add(Long.toString(b));
                continue;
            }
            long b = (beginMask >> i & 1) == 1 ? 0 : clamp(begin[i] < 0 ? begin[i] + d : begin[i], d);
            long e = (endMask >> i & 1) == 1 ? d : clamp(end[i] < 0 ? end[i] + d : end[i], d);
            parts.add(b + ":" + Math.max(b, e) + (st == 1 ? "" : ":" + st));
        }
        return one(x.get(new NDIndex(String.join(",", parts))), false);
    }

    private static long clamp(long v, long d) {
        return Math.max(0, Math.min(d, v));
    }
}
