package io.github.sharedvis.backbone.tfjs;

import static io.github.sharedvis.backbone.tfjs.OpSupport.TO_PHYSICAL;
import static io.github.sharedvis.backbone.tfjs.OpSupport.axis;
import static io.github.sharedvis.backbone.tfjs.OpSupport.ints;
import static io.github.sharedvis.backbone.tfjs.OpSupport.logical;
import static io.github.sharedvis.backbone.tfjs.OpSupport.one;
import static io.github.sharedvis.backbone.tfjs.OpSupport.view;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.Arrays;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * Element-wise and reducing operations: identities and casts, binary arithmetic and comparisons with
 * TF broadcasting, activations, unary math, sums of many inputs, matrix products (plain and with a
 * fused bias and activation), softmax and axis reductions. Element-wise operations keep
 * a channels-first value channels-first; every floating-point path is differentiable.
 */
final class MathOps {

    private MathOps() {}

    static Value[] identity(OpContext c, List<Value> in) {
        return new Value[] {new Value(in.get(0).array(), in.get(0).channelsFirst(), true)};
    }

    static Value[] stopGradient(OpContext c, List<Value> in) {
        return one(in.get(0).array().stopGradient(), in.get(0).channelsFirst());
    }

    static Value[] cast(OpContext c, List<Value> in) {
        NDArray x = in.get(0).array();
        String dst = c.node().typeAttr("DstT", "DT_FLOAT");
        NDArray r = switch (dst) {
            case "DT_FLOAT", "DT_HALF", "DT_DOUBLE" -> x.getDataType() == c.dtype() ? view(x) : x.toType(c.dtype(), false);
            case "DT_INT32" -> x.toType(DataType.INT32, false); // truncates towards zero, as TF does
            case "DT_INT64" -> x.toType(DataType.INT64, false);
            case "DT_BOOL" -> x.getDataType() == DataType.BOOLEAN ? view(x) : x.neq(0);
            default -> throw new IllegalArgumentException("Cast to " + dst + " is not supported");
        };
        return one(r, in.get(0).channelsFirst());
    }

    /** An element-wise binary operation as an {@link Op}. */
    static Op binary(BinaryOperator<NDArray> f) {
        return (c, in) -> binary(in, f);
    }

    /** An element-wise unary operation as an {@link Op}: the layout is kept. */
    static Op unary(UnaryOperator<NDArray> f) {
        return (c, in) -> one(f.apply(in.get(0).array()), in.get(0).channelsFirst());
    }

    /** Real division, but TF's {@code Div} of integers floors. */
    static NDArray div(NDArray a, NDArray b) {
        return a.getDataType().isFloating() ? a.div(b) : floorDiv(a, b);
    }

    static NDArray floorMod(NDArray a, NDArray b) {
        return a.sub(floorDiv(a, b).mul(b));
    }

    /** TensorFlow's floor division (rounds towards minus infinity, also for integers). */
    static NDArray floorDiv(NDArray a, NDArray b) {
        if (a.getDataType().isFloating()) {
            return a.div(b).floor();
        }
        DataType t = a.getDataType();
        return a.toType(DataType.FLOAT64, false).div(b.toType(DataType.FLOAT64, false)).floor().toType(t, false);
    }

    /** {@code Relu}, {@code Relu6}, {@code Sigmoid}, {@code Tanh}, {@code Elu}, {@code LeakyRelu}. */
    static Value[] activation(OpContext c, List<Value> in) {
        return one(activation(c, c.op(), in.get(0).array(), c.node().floatAttr("alpha", 0.2f)), in.get(0).channelsFirst());
    }

    /**
     * The activation named {@code op} with the engine's own kernels where DJL lacks them
     * ({@code Relu6}: {@link EngineKernels#relu6}, a single-pass backward instead of a clamp's).
     */
    static NDArray activation(OpContext c, String op, NDArray x, float alpha) {
        if (op.equals("Relu6")) {
            return c.weights().kernels().relu6(x);
        }
        return activation(op, x, alpha);
    }

    /** The activation named {@code op}, in DJL's operations alone (see the overload with a context). */
    static NDArray activation(String op, NDArray x, float alpha) {
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
     * {@code MatMul} and {@code _FusedMatMul} (a bias, then at most one activation, as the fused
     * convolutions): {@code a [M, K]} times {@code b [K, N]} (either transposed first by
     * {@code transpose_a}/{@code transpose_b}), then {@code bias [N]} and the PReLU slope {@code [N]}.
     * Result {@code [M, N]}; differentiable in both operands.
     */
    static Value[] matMul(OpContext c, List<Value> in) {
        GraphNode g = c.node();
        NDArray a = logical(in.get(0));
        NDArray b = logical(in.get(1));
        if (g.boolAttr("transpose_a", false)) {
            a = a.transpose(1, 0);
        }
        if (g.boolAttr("transpose_b", false)) {
            b = b.transpose(1, 0);
        }
        NDArray y = a.matMul(b);
        List<String> fused = g.stringsAttr("fused_ops");
        if (!fused.isEmpty()) {
            y = y.add(in.get(2).array());
        }
        if (fused.size() > 1) {
            String act = fused.get(1);
            if (act.equals("Prelu")) {
                y = Activation.relu(y).add(in.get(3).array().mul(y.minimum(OpSupport.scalar(y, 0f))));
            } else {
                y = activation(act, y, g.floatAttr("leakyrelu_alpha", 0.2f));
            }
        }
        return one(y, false);
    }

    /**
     * {@code BatchMatMul}/{@code BatchMatMulV2}: matrix products over the last two axes, the leading
     * axes broadcast (V2), either operand's last two axes swapped first by {@code adj_x}/{@code adj_y}.
     */
    static Value[] batchMatMul(OpContext c, List<Value> in) {
        NDArray a = logical(in.get(0));
        NDArray b = logical(in.get(1));
        if (c.node().boolAttr("adj_x", false)) {
            a = a.swapAxes(-1, -2);
        }
        if (c.node().boolAttr("adj_y", false)) {
            b = b.swapAxes(-1, -2);
        }
        return one(a.matMul(b), false);
    }

    /** {@code Prelu}: {@code max(x, 0) + alpha * min(x, 0)}, alpha broadcast (per channel). */
    static NDArray prelu(NDArray x, NDArray alpha) {
        return Activation.relu(x).add(alpha.mul(x.minimum(OpSupport.scalar(x, 0f))));
    }

    /** {@code AddN}: the sum of its inputs (all of one shape); channels-first when they all are. */
    static Value[] addN(OpContext c, List<Value> in) {
        boolean cf = in.stream().allMatch(Value::channelsFirst);
        NDArray sum = cf ? in.get(0).array() : logical(in.get(0));
        for (int i = 1; i < in.size(); i++) {
            sum = sum.add(cf ? in.get(i).array() : logical(in.get(i)));
        }
        return one(in.size() == 1 ? view(sum) : sum, cf);
    }

    static Value[] softmax(OpContext c, List<Value> in) {
        return one(logical(in.get(0)).softmax(-1), false);
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

    /**
     * {@code Mean}, {@code Sum}, {@code Max}, {@code Min}, {@code Prod} over the axes of input 1. With
     * {@code keep_dims} a channels-first value stays so (its axes are translated).
     */
    static Value[] reduce(OpContext c, List<Value> in) {
        String op = c.op();
        boolean keep = c.node().boolAttr("keep_dims", false);
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
                case "Prod" -> r.prod(one, true);
                default -> r.min(one, true);
            };
        }
        if (!keep) {
            r = r.squeeze(sorted);
        }
        return one(r, cf);
    }
}
