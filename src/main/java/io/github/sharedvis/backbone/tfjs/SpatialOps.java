package io.github.sharedvis.backbone.tfjs;

import static io.github.sharedvis.backbone.tfjs.OpSupport.channelsFirst;
import static io.github.sharedvis.backbone.tfjs.OpSupport.ints;
import static io.github.sharedvis.backbone.tfjs.OpSupport.one;
import static io.github.sharedvis.backbone.tfjs.OpSupport.view;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * Operations over the image plane: convolutions (plain, depthwise, with fused bias and activation,
 * transposed),
 * max and average pooling, and bilinear / nearest-neighbour resizing. They run in the engine's
 * channels-first layout and return channels-first values; TF's padding rules (VALID, SAME, EXPLICIT)
 * are reproduced exactly.
 */
final class SpatialOps {

    private SpatialOps() {}

    /**
     * {@code Conv2D}, {@code DepthwiseConv2dNative}/{@code DepthwiseConv2d} and the fused variants
     * ({@code _FusedConv2D}, {@code FusedDepthwiseConv2dNative}: a bias, then at most one activation).
     * Inputs: data {@code [N, H, W, C]}, filter {@code [kh, kw, in, out]} (depthwise
     * {@code [kh, kw, in, mult]}), then the fused bias {@code [out]} and PReLU slope.
     */
    static Value[] conv(OpContext c, List<Value> in) {
        GraphNode g = c.node();
        boolean depthwise = c.op().contains("Depthwise");
        NDArray x = channelsFirst(in.get(0));
        String filterName = GraphNode.nodeOf(g.inputs().get(1));
        NDArray w = c.weights().convWeight(filterName, depthwise);
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
        } else if (depthwise && dil[1] == 1 && dil[2] == 1) {
            // asymmetric padding, which the engine's convolution cannot express: pad symmetrically by the
            // larger side and give the filter zero taps on the other side, so the taps line up as TF's do
            // (no copy of the activation; for a memory-bound depthwise filter the extra taps cost less)
            w = shiftedFilter(w, p);
            convPad = new Shape(Math.max(p[0], p[1]), Math.max(p[2], p[3]));
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
                y = Activation.relu(y).add(alpha.mul(y.minimum(OpSupport.scalar(y, 0f))));
            } else {
                y = MathOps.activation(c, act, y, g.floatAttr("leakyrelu_alpha", 0.2f));
            }
        }
        return one(y, true);
    }

    /**
     * A filter {@code [out, in, kh, kw]} extended by {@code |after - before|} zero taps per spatial axis,
     * before its first tap where TF pads more after (SAME's odd totals), else after its last: with a
     * symmetric padding of {@code max(before, after)} its windows read the same input cells as TF's
     * asymmetric padding {@code p = {top, bottom, left, right}} at dilation 1, and the output size is the same.
     */
    static NDArray shiftedFilter(NDArray w, long[] p) {
        long dh = Math.abs(p[1] - p[0]);
        long dw = Math.abs(p[3] - p[2]);
        // torch's pad order: last axis first, {before, after}
        return w.pad(new Shape(p[3] > p[2] ? dw : 0, p[3] > p[2] ? 0 : dw, p[1] > p[0] ? dh : 0, p[1] > p[0] ? 0 : dh), 0);
    }

    /**
     * {@code Conv2DBackpropInput}, the transposed convolution: inputs the output size
     * {@code [4]} (NHWC), the filter {@code [kh, kw, outC, inC]} of the forward convolution it
     * transposes, and the data {@code [N, H, W, inC]}. The engine has no transposed convolution, so the
     * data is spread out by the stride (zeros between pixels), padded fully, convolved with the
     * flipped filter, and cropped by the forward convolution's padding, all differentiable.
     */
    static Value[] convTranspose(OpContext c, List<Value> in) {
        GraphNode g = c.node();
        long[] size = ints(in.get(0).array());
        NDArray f = in.get(1).array();
        NDArray x = channelsFirst(in.get(2));
        long[] strides = orDefault(g.intsAttr("strides"));
        long[] dil = orDefault(g.intsAttr("dilations"));
        long kh = f.getShape().get(0);
        long kw = f.getShape().get(1);
        // forward padding of the convolution whose gradient this is, computed on its input (our output)
        long[] p = spatialPadding(g, size[1], size[2], kh, kw, strides, dil);
        x = spread(c.manager(), spread(c.manager(), x, 2, strides[1]), 3, strides[2]);
        long fh = (kh - 1) * dil[1];
        long fw = (kw - 1) * dil[2];
        x = x.pad(new Shape(fw, fw, fh, fh), 0);
        NDArray w = f.transpose(2, 3, 0, 1).flip(2, 3);
        NDArray y = x.getNDArrayInternal().convolution(x, w, null, new Shape(1, 1), new Shape(0, 0),
                new Shape(dil[1], dil[2]), 1).singletonOrThrow();
        long[] ys = y.getShape().getShape();
        long padH = Math.max(0, p[0] + size[1] - ys[2]);
        long padW = Math.max(0, p[2] + size[2] - ys[3]);
        if (padH + padW > 0) {
            // VALID strides that left input rows unused: those receive nothing
            y = y.pad(new Shape(0, padW, 0, padH), 0);
        }
        return one(y.get(new NDIndex(":, :, {}:{}, {}:{}", p[0], p[0] + size[1], p[2], p[2] + size[2])), true);
    }

    /** Puts {@code s - 1} zeros after every element of axis 2 or 3 of {@code [N, C, H, W]}, but the last. */
    private static NDArray spread(NDManager m, NDArray x, int axis, long s) {
        if (s == 1) {
            return x;
        }
        long[] shape = x.getShape().getShape();
        // [.., n, ..] -> [.., n, s, ..] with the data at index 0 of the new axis, zeros after it
        NDArray z = m.zeros(insert(shape, axis, s - 1), x.getDataType());
        long[] merged = shape.clone();
        merged[axis] *= s;
        NDArray r = x.expandDims(axis + 1).concat(z, axis + 1).reshape(new Shape(merged));
        long keep = (shape[axis] - 1) * s + 1;
        return axis == 2 ? r.get(new NDIndex(":, :, :{}", keep)) : r.get(new NDIndex(":, :, :, :{}", keep));
    }

    private static Shape insert(long[] shape, int axis, long n) {
        long[] out = new long[shape.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) {
            out[i] = i == axis + 1 ? n : shape[j++];
        }
        return new Shape(out);
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

    /** {@code MaxPool} and {@code AvgPool} with TF's padding. */
    static Value[] pool(OpContext c, List<Value> in) {
        NDArray x = channelsFirst(in.get(0));
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
        if (c.op().equals("MaxPool")) {
            NDArray xp = padded ? x.pad(torchPad, Double.NEGATIVE_INFINITY) : x;
            return one(Pool.maxPool2d(xp, kernel, stride, zero, false), true);
        }
        // TF's average leaves padded cells out of the count: divide by the pooled mask of real cells
        NDArray xp = padded ? x.pad(torchPad, 0) : x;
        NDArray sum = Pool.avgPool2d(xp, kernel, stride, zero, false, true);
        if (!padded) {
            return one(sum, true);
        }
        NDArray ones = c.manager().ones(new Shape(1, 1, s[2], s[3]), c.dtype()).pad(torchPad, 0);
        NDArray count = Pool.avgPool2d(ones, kernel, stride, zero, false, true);
        return one(sum.div(count), true);
    }

    /**
     * {@code ResizeBilinear} and {@code ResizeNearestNeighbor} to the size of input 1, as two small
     * matrix products (rows, then columns), which reproduces TF's sampling grids exactly, including
     * the legacy {@code half_pixel_centers = false} one that the engine's interpolation lacks, and
     * stays differentiable.
     */
    static Value[] resize(OpContext c, List<Value> in) {
        GraphNode g = c.node();
        NDArray x = channelsFirst(in.get(0));
        long[] size = ints(in.get(1).array());
        boolean bilinear = c.op().equals("ResizeBilinear");
        boolean alignCorners = g.boolAttr("align_corners", false);
        boolean halfPixel = g.boolAttr("half_pixel_centers", false);
        long[] s = x.getShape().getShape();
        NDArray ry = interpolationMatrix(c, (int) s[2], (int) size[0], bilinear, alignCorners, halfPixel);
        NDArray rx = interpolationMatrix(c, (int) s[3], (int) size[1], bilinear, alignCorners, halfPixel);
        return one(ry.matMul(x).matMul(rx.transpose(1, 0)), true);
    }

    private static NDArray interpolationMatrix(OpContext c, int in, int out, boolean bilinear, boolean alignCorners,
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
        return OpSupport.engineOwned(c.manager().create(m, new Shape(out, in)), c.dtype());
    }
}
