package io.github.sharedvis.backbone.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import io.github.sharedvis.backbone.tfjs.GraphExecutor.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * The TensorFlow operations in DJL NDArray terms, every floating-point path differentiable.
 *
 * <p>Values are logically NHWC (TensorFlow's semantics); a 4-D value may be stored NCHW
 * ({@link Value#channelsFirst()}), which convolutions, pooling, resizing, element-wise operations,
 * reductions with {@code keep_dims}, concatenation and padding handle directly by translating axes.
 * Any other operation first turns its inputs back to NHWC.
 */
final class Ops {

    private Ops() {}

    /** Logical NHWC axis -> physical axis of a channels-first array. */
    private static final int[] TO_PHYSICAL = {0, 2, 3, 1};

    /** What an operation needs besides its inputs. */
    record Ctx(TfjsGraphModel model, GraphNode node, NDManager manager, DataType dtype) {}

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

    static NDArray logical(Value v) {
        return v.channelsFirst() ? v.array().transpose(0, 2, 3, 1) : v.array();
    }

    static NDArray channelsFirst(Value v) {
        if (v.channelsFirst()) {
            return v.array();
        }
        if (v.array().getShape().dimension() != 4) {
            throw new IllegalArgumentException("expected a 4-D NHWC tensor, got " + v.array().getShape());
        }
        return v.array().transpose(0, 3, 1, 2);
    }

    private static Value[] one(NDArray a, boolean cf) {
        return new Value[] {new Value(a, cf, true)};
    }

    private static long[] ints(NDArray a) {
        return a.toType(DataType.INT64, false).toLongArray();
    }

    private static int axis(long a, int rank) {
        int r = (int) (a < 0 ? a + rank : a);
        if (r < 0 || r >= rank) {
            throw new IllegalArgumentException("axis " + a + " out of range for rank " + rank);
        }
        return r;
    }

    static Value[] apply(Ctx c, String op, List<Value> in) {
        GraphNode g = c.node();
        switch (op) {
            case "Identity", "Snapshot" -> {
                return new Value[] {new Value(in.get(0).array(), in.get(0).channelsFirst(), true)};
            }
            case "StopGradient" -> {
                return one(in.get(0).array().stopGradient(), in.get(0).channelsFirst());
            }
            case "Cast" -> {
                return one(cast(c, in.get(0).array(), g.typeAttr("DstT", "DT_FLOAT")), in.get(0).channelsFirst());
            }
            case "_FusedConv2D", "Conv2D", "DepthwiseConv2dNative", "DepthwiseConv2d", "FusedDepthwiseConv2dNative" -> {
                return one(conv(c, op, in), true);
            }
            case "Add", "AddV2", "BiasAdd" -> {
                return binary(in, NDArray::add);
            }
            case "Sub" -> {
                return binary(in, NDArray::sub);
            }
            case "Mul" -> {
                return binary(in, NDArray::mul);
            }
            case "RealDiv", "Div" -> {
                return binary(in, (a, b) -> a.getDataType().isFloating() ? a.div(b) : floorDiv(a, b));
            }
            case "FloorDiv" -> {
                return binary(in, Ops::floorDiv);
            }
            case "FloorMod" -> {
                return binary(in, (a, b) -> a.sub(floorDiv(a, b).mul(b)));
            }
            case "Maximum" -> {
                return binary(in, NDArray::maximum);
            }
            case "Minimum" -> {
                return binary(in, NDArray::minimum);
            }
            case "Pow" -> {
                return binary(in, NDArray::pow);
            }
            case "SquaredDifference" -> {
                return binary(in, (a, b) -> a.sub(b).square());
            }
            case "Equal" -> {
                return binary(in, NDArray::eq);
            }
            case "NotEqual" -> {
                return binary(in, NDArray::neq);
            }
            case "Greater" -> {
                return binary(in, NDArray::gt);
            }
            case "GreaterEqual" -> {
                return binary(in, NDArray::gte);
            }
            case "Less" -> {
                return binary(in, NDArray::lt);
            }
            case "LessEqual" -> {
                return binary(in, NDArray::lte);
            }
            case "Relu", "Relu6", "Sigmoid", "Tanh", "Elu", "LeakyRelu" -> {
                return one(activation(op, in.get(0).array(), g.floatAttr("alpha", 0.2f)), in.get(0).channelsFirst());
            }
            case "Sqrt" -> {
                return one(in.get(0).array().sqrt(), in.get(0).channelsFirst());
            }
            case "Rsqrt" -> {
                return one(in.get(0).array().pow(-0.5), in.get(0).channelsFirst());
            }
            case "Square" -> {
                return one(in.get(0).array().square(), in.get(0).channelsFirst());
            }
            case "Exp" -> {
                return one(in.get(0).array().exp(), in.get(0).channelsFirst());
            }
            case "Log" -> {
                return one(in.get(0).array().log(), in.get(0).channelsFirst());
            }
            case "Neg" -> {
                return one(in.get(0).array().neg(), in.get(0).channelsFirst());
            }
            case "Abs" -> {
                return one(in.get(0).array().abs(), in.get(0).channelsFirst());
            }
            case "Softmax" -> {
                return one(logical(in.get(0)).softmax(-1), false);
            }
            case "Mean", "Sum", "Max", "Min" -> {
                return reduce(op, in, g.boolAttr("keep_dims", false));
            }
            case "MaxPool", "AvgPool" -> {
                return one(pool(c, op, channelsFirst(in.get(0))), true);
            }
            case "ConcatV2" -> {
                return concat(in);
            }
            case "Pack" -> {
                NDList list = new NDList();
                for (Value v : in) {
                    list.add(logical(v));
                }
                int rank = list.get(0).getShape().dimension() + 1;
                return one(NDArrays.stack(list, axis(g.intAttr("axis", 0), rank)), false);
            }
            case "Unpack" -> {
                NDArray x = logical(in.get(0));
                int ax = axis(g.intAttr("axis", 0), x.getShape().dimension());
                long num = x.getShape().get(ax);
                NDList parts = x.split(num, ax);
                Value[] out = new Value[parts.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = new Value(parts.get(i).squeeze(ax), false, true);
                }
                return out;
            }
            case "Reshape" -> {
                return one(logical(in.get(0)).reshape(new Shape(ints(in.get(1).array()))), false);
            }
            case "Squeeze" -> {
                NDArray x = logical(in.get(0));
                long[] dims = g.intsAttr("squeeze_dims");
                if (dims.length == 0) {
                    return one(x.squeeze(), false);
                }
                int[] ax = new int[dims.length];
                for (int i = 0; i < dims.length; i++) {
                    ax[i] = axis(dims[i], x.getShape().dimension());
                }
                return one(x.squeeze(ax), false);
            }
            case "ExpandDims" -> {
                NDArray x = logical(in.get(0));
                long d = ints(in.get(1).array())[0];
                int rank = x.getShape().dimension() + 1;
                return one(x.expandDims(axis(d, rank)), false);
            }
            case "Transpose" -> {
                long[] p = ints(in.get(1).array());
                return one(logical(in.get(0)).transpose(Arrays.stream(p).mapToInt(v -> (int) v).toArray()), false);
            }
            case "Pad", "PadV2" -> {
                double value = in.size() > 2 ? in.get(2).array().toType(DataType.FLOAT64, false).toDoubleArray()[0] : 0;
                return pad(in.get(0), ints(in.get(1).array()), value);
            }
            case "ResizeBilinear", "ResizeNearestNeighbor" -> {
                long[] size = ints(in.get(1).array());
                return one(resize(c, channelsFirst(in.get(0)), size, op.equals("ResizeBilinear"),
                        g.boolAttr("align_corners", false), g.boolAttr("half_pixel_centers", false)), true);
            }
            case "StridedSlice" -> {
                return one(stridedSlice(g, logical(in.get(0)), ints(in.get(1).array()), ints(in.get(2).array()),
                        ints(in.get(3).array())), false);
            }
            case "ArgMax" -> {
                NDArray x = logical(in.get(0));
                int ax = axis(ints(in.get(1).array())[0], x.getShape().dimension());
                DataType t = g.typeAttr("output_type", "DT_INT64").equals("DT_INT32") ? DataType.INT32 : DataType.INT64;
                return one(x.argMax(ax).toType(t, false), false);
            }
            case "GatherNd" -> {
                return one(gatherNd(c, logical(in.get(0)), logical(in.get(1))), false);
            }
            case "GatherV2" -> {
                NDArray p = logical(in.get(0));
                int ax = axis(ints(in.get(2).array())[0], p.getShape().dimension());
                return one(gather(c, p, logical(in.get(1)), ax), false);
            }
            case "TopKV2" -> {
                NDArray x = logical(in.get(0));
                int k = (int) ints(in.get(1).array())[0];
                NDList r = x.topK(k, -1, true, true);
                return new Value[] {new Value(r.get(0), false, true),
                    new Value(r.get(1).toType(DataType.INT32, false), false, true)};
            }
            default -> throw new IllegalArgumentException("operation " + op + " is not implemented");
        }
    }

    private static NDArray cast(Ctx c, NDArray x, String dst) {
        return switch (dst) {
            case "DT_FLOAT", "DT_HALF", "DT_DOUBLE" -> x.getDataType() == c.dtype() ? view(x) : x.toType(c.dtype(), false);
            case "DT_INT32" -> x.toType(DataType.INT32, false); // truncates towards zero, as TF does
            case "DT_INT64" -> x.toType(DataType.INT64, false);
            case "DT_BOOL" -> x.getDataType() == DataType.BOOLEAN ? view(x) : x.neq(0);
            default -> throw new IllegalArgumentException("Cast to " + dst + " is not supported");
        };
    }

    /** TensorFlow's floor division (rounds towards minus infinity, also for integers). */
    private static NDArray floorDiv(NDArray a, NDArray b) {
        if (a.getDataType().isFloating()) {
            return a.div(b).floor();
        }
        DataType t = a.getDataType();
        return a.toType(DataType.FLOAT64, false).div(b.toType(DataType.FLOAT64, false)).floor().toType(t, false);
    }

    private static NDArray activation(String op, NDArray x, float alpha) {
        return switch (op) {
            case "Relu" -> Activation.relu(x);
            case "Relu6" -> x.clip(0, 6);
            case "Sigmoid" -> Activation.sigmoid(x);
            case "Tanh" -> x.tanh();
            case "Elu" -> Activation.elu(x, 1f);
            case "LeakyRelu" -> Activation.leakyRelu(x, alpha);
            default -> throw new IllegalArgumentException("activation " + op);
        };
    }

    /**
     * Element-wise binary operation with TF broadcasting. When exactly one operand is stored
     * channels-first, the other is brought to the same physical layout (prepending unit axes to rank
     * 4 as NumPy broadcasting would, then permuting).
     */
    private static Value[] binary(List<Value> in, BinaryOperator<NDArray> f) {
        Value a = in.get(0);
        Value b = in.get(1);
        NDArray x = a.array();
        NDArray y = b.array();
        if (x.getDataType() != y.getDataType()) {
            if (x.getDataType().isFloating() && !y.getDataType().isFloating()) {
                y = y.toType(x.getDataType(), false);
            } else if (y.getDataType().isFloating() && !x.getDataType().isFloating()) {
                x = x.toType(y.getDataType(), false);
            } else if (x.getDataType() == DataType.INT64 || y.getDataType() == DataType.INT64) {
                x = x.toType(DataType.INT64, false);
                y = y.toType(DataType.INT64, false);
            }
        }
        if (a.channelsFirst() == b.channelsFirst()) {
            return one(f.apply(x, y), a.channelsFirst());
        }
        boolean aFirst = a.channelsFirst();
        NDArray other = aFirst ? y : x;
        if (other.getShape().dimension() <= 4) {
            NDArray o4 = toRank4(other).transpose(0, 3, 1, 2);
            return one(aFirst ? f.apply(x, o4) : f.apply(o4, y), true);
        }
        NDArray xl = aFirst ? x.transpose(0, 2, 3, 1) : x;
        NDArray yl = aFirst ? y : y.transpose(0, 2, 3, 1);
        return one(f.apply(xl, yl), false);
    }

    private static NDArray toRank4(NDArray a) {
        long[] s = a.getShape().getShape();
        long[] t = new long[4];
        Arrays.fill(t, 1);
        System.arraycopy(s, 0, t, 4 - s.length, s.length);
        return a.reshape(new Shape(t));
    }

    private static Value[] reduce(String op, List<Value> in, boolean keep) {
        Value v = in.get(0);
        long[] axesL = ints(in.get(1).array());
        boolean cf = v.channelsFirst() && keep;
        NDArray x = cf ? v.array() : logical(v);
        int rank = x.getShape().dimension();
        int[] axes = new int[axesL.length];
        for (int i = 0; i < axes.length; i++) {
            int a = axis(axesL[i], rank);
            axes[i] = cf ? TO_PHYSICAL[a] : a;
        }
        if (axes.length == 0) {
            return one(view(x), cf);
        }
        // the engine reduces one axis at a time (keeping it), from the last, then drops them
        int[] sorted = Arrays.stream(axes).distinct().sorted().toArray();
        NDArray r = x;
        for (int i = sorted.length - 1; i >= 0; i--) {
            int[] one = {sorted[i]};
            r = switch (op) {
                case "Mean" -> r.mean(one, true);
                case "Sum" -> r.sum(one, true);
                case "Max" -> r.max(one, true);
                default -> r.min(one, true);
            };
        }
        if (!keep) {
            r = r.squeeze(sorted);
        }
        return one(r, cf);
    }

    private static Value[] concat(List<Value> in) {
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

    private static Value[] pad(Value v, long[] p, double value) {
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

    /** TF's SAME padding for one spatial axis: {before, after}. */
    private static long[] samePadding(long in, long k, long stride, long dilation) {
        long eff = (k - 1) * dilation + 1;
        long out = (in + stride - 1) / stride;
        long total = Math.max((out - 1) * stride + eff - in, 0);
        return new long[] {total / 2, total - total / 2};
    }

    /** Physical (NCHW) padding amounts {top, bottom, left, right} for a conv or pool node. */
    private static long[] spatialPadding(GraphNode g, long h, long w, long kh, long kw, long[] strides, long[] dil) {
        String padding = g.stringAttr("padding", "VALID");
        switch (padding) {
            case "VALID" -> {
                return new long[4];
            }
            case "SAME" -> {
                long[] ph = samePadding(h, kh, strides[1], dil[1]);
                long[] pw = samePadding(w, kw, strides[2], dil[2]);
                return new long[] {ph[0], ph[1], pw[0], pw[1]};
            }
            case "EXPLICIT" -> {
                long[] e = g.intsAttr("explicit_paddings");
                return new long[] {e[2], e[3], e[4], e[5]};
            }
            default -> throw new IllegalArgumentException("padding " + padding);
        }
    }

    private static NDArray conv(Ctx c, String op, List<Value> in) {
        GraphNode g = c.node();
        boolean depthwise = op.contains("Depthwise");
        NDArray x = channelsFirst(in.get(0));
        String filterName = GraphNode.nodeOf(g.inputs().get(1));
        NDArray w = c.model().convWeight(filterName, depthwise);
        if (w != null) {
            w = view(w);
            w.attach(c.manager());
            if (w.getDataType() != c.dtype()) {
                w = w.toType(c.dtype(), false);
            }
        } else {
            w = filterToEngine(in.get(1).array(), depthwise);
        }
        long[] s = x.getShape().getShape();
        long kh = w.getShape().get(2);
        long kw = w.getShape().get(3);
        long[] strides = orDefault(g.intsAttr("strides"));
        long[] dil = orDefault(g.intsAttr("dilations"));
        long[] p = spatialPadding(g, s[2], s[3], kh, kw, strides, dil);
        Shape convPad;
        if (p[0] == p[1] && p[2] == p[3]) {
            convPad = new Shape(p[0], p[2]);
        } else {
            x = x.pad(new Shape(p[2], p[3], p[0], p[1]), 0);
            convPad = new Shape(0, 0);
        }
        List<String> fused = g.stringsAttr("fused_ops");
        NDArray bias = null;
        if (!fused.isEmpty()) {
            bias = in.get(2).array();
        }
        int groups = depthwise ? (int) s[1] : 1;
        NDArray y = x.getNDArrayInternal().convolution(x, w, bias, new Shape(strides[1], strides[2]), convPad,
                new Shape(dil[1], dil[2]), groups).singletonOrThrow();
        if (fused.size() > 1) {
            String act = fused.get(1);
            if (act.equals("Prelu")) {
                NDArray alpha = in.get(3).array().reshape(1, -1, 1, 1);
                y = Activation.relu(y).add(alpha.mul(y.minimum(0)));
            } else {
                y = activation(act, y, g.floatAttr("leakyrelu_alpha", 0.2f));
            }
        }
        return y;
    }

    private static long[] orDefault(long[] a) {
        return a.length == 4 ? a : new long[] {1, 1, 1, 1};
    }

    /**
     * A TF filter in the engine's layout: conv {@code [kh, kw, in, out] -> [out, in, kh, kw]};
     * depthwise {@code [kh, kw, in, mult] -> [in * mult, 1, kh, kw]} (TF orders depthwise outputs
     * channel-major, {@code c * mult + m}, as grouped convolution does).
     */
    static NDArray filterToEngine(NDArray f, boolean depthwise) {
        long[] s = f.getShape().getShape();
        if (depthwise) {
            return f.transpose(2, 3, 0, 1).reshape(s[2] * s[3], 1, s[0], s[1]);
        }
        return f.transpose(3, 2, 0, 1);
    }

    /** The same as {@link #filterToEngine(NDArray, boolean)} on Java arrays (contiguous result). */
    static float[] filterToEngine(float[] f, long[] s, boolean depthwise) {
        int kh = (int) s[0];
        int kw = (int) s[1];
        int ci = (int) s[2];
        int co = (int) s[3];
        float[] out = new float[f.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < ci; i++) {
                    for (int o = 0; o < co; o++) {
                        float v = f[((y * kw + x) * ci + i) * co + o];
                        int dst = depthwise
                                ? ((i * co + o) * kh + y) * kw + x   // [ci*mult, 1, kh, kw]
                                : ((o * ci + i) * kh + y) * kw + x;  // [co, ci, kh, kw]
                        out[dst] = v;
                    }
                }
            }
        }
        return out;
    }

    private static NDArray pool(Ctx c, String op, NDArray x) {
        GraphNode g = c.node();
        long[] k = orDefault(g.intsAttr("ksize"));
        long[] strides = orDefault(g.intsAttr("strides"));
        long[] s = x.getShape().getShape();
        long[] p = spatialPadding(g, s[2], s[3], k[1], k[2], strides, new long[] {1, 1, 1, 1});
        Shape kernel = new Shape(k[1], k[2]);
        Shape stride = new Shape(strides[1], strides[2]);
        Shape zero = new Shape(0, 0);
        Shape torchPad = new Shape(p[2], p[3], p[0], p[1]);
        boolean padded = p[0] + p[1] + p[2] + p[3] > 0;
        if (op.equals("MaxPool")) {
            NDArray xp = padded ? x.pad(torchPad, Double.NEGATIVE_INFINITY) : x;
            return Pool.maxPool2d(xp, kernel, stride, zero, false);
        }
        // TF's average leaves padded cells out of the count: divide by the pooled mask of real cells
        NDArray xp = padded ? x.pad(torchPad, 0) : x;
        NDArray sum = Pool.avgPool2d(xp, kernel, stride, zero, false, true);
        if (!padded) {
            return sum;
        }
        NDArray ones = c.manager().ones(new Shape(1, 1, s[2], s[3]), c.dtype()).pad(torchPad, 0);
        NDArray count = Pool.avgPool2d(ones, kernel, stride, zero, false, true);
        return sum.div(count);
    }

    /**
     * Resizing as two small matrix products (rows, then columns), which reproduces TF's sampling
     * grids exactly, including the legacy {@code half_pixel_centers = false} one that the engine's
     * interpolation lacks, and stays differentiable.
     */
    private static NDArray resize(Ctx c, NDArray x, long[] size, boolean bilinear, boolean alignCorners,
            boolean halfPixel) {
        long[] s = x.getShape().getShape();
        NDArray ry = interpolationMatrix(c, (int) s[2], (int) size[0], bilinear, alignCorners, halfPixel);
        NDArray rx = interpolationMatrix(c, (int) s[3], (int) size[1], bilinear, alignCorners, halfPixel);
        return ry.matMul(x).matMul(rx.transpose(1, 0));
    }

    private static NDArray interpolationMatrix(Ctx c, int in, int out, boolean bilinear, boolean alignCorners,
            boolean halfPixel) {
        double[] m = new double[out * in];
        double ratio = alignCorners && out > 1 ? (in - 1) / (double) (out - 1) : in / (double) out;
        for (int o = 0; o < out; o++) {
            if (bilinear) {
                double src = halfPixel ? ratio * (o + 0.5) - 0.5 : ratio * o;
                int lo = (int) Math.max(0, Math.floor(src));
                int hi = (int) Math.min(in - 1, Math.ceil(src));
                double frac = src - lo;
                m[o * in + lo] += 1 - frac;
                m[o * in + hi] += frac;
            } else {
                double src = halfPixel ? ratio * (o + 0.5) : ratio * o;
                int idx = (int) Math.min(in - 1, alignCorners ? Math.round(src) : Math.floor(src));
                m[o * in + idx] = 1;
            }
        }
        return c.manager().create(m, new Shape(out, in)).toType(c.dtype(), false);
    }

    private static NDArray stridedSlice(GraphNode g, NDArray x, long[] begin, long[] end, long[] strides) {
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
        return x.get(new NDIndex(String.join(",", parts)));
    }

    private static long clamp(long v, long d) {
        return Math.max(0, Math.min(d, v));
    }

    /** TF GatherNd: rows of the flattened leading {@code k} axes, picked by linear index. */
    private static NDArray gatherNd(Ctx c, NDArray params, NDArray indices) {
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
        return picked.reshape(new Shape(outShape));
    }

    /** TF GatherV2 with batch_dims 0. */
    private static NDArray gather(Ctx c, NDArray params, NDArray indices, int axis) {
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
            return out;
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
        return out.transpose(perm);
    }

    /** Rows {@code idx} of a 2-D array, by flat element indices (differentiable through take). */
    private static NDArray takeRows(Ctx c, NDArray table, NDArray idx) {
        long width = table.getShape().get(1);
        NDArray cols = c.manager().arange(0, (int) width, 1, DataType.INT64);
        NDArray flat = idx.reshape(-1, 1).mul(width).add(cols.reshape(1, -1));
        return table.take(c.manager(), flat.reshape(-1)).reshape(idx.getShape().get(0), width);
    }
}
