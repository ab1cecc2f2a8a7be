package io.github.sharedvis.backbone.tfjs;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every TensorFlow operation the importer evaluates, each declared once, with its implementation
 * and its properties: how it treats the batch axis and which attribute values it cannot handle. The
 * supported set ({@link TfjsGraphModel#SUPPORTED_OPS}), the load-time check and the batch-safety
 * rule of {@link GraphPlan#batchSafe} are all read from here, so adding an operation is one line.
 *
 * <p>The map is built once and never changes (the registry holds no mutable state).
 */
final class OpRegistry {

    private OpRegistry() {}

    /** How an operation treats the images of a batch, which decides whether N > 1 runs in one pass. */
    enum Batching {
        /** Each image's output depends on that image only. */
        INDEPENDENT,
        /** May move values across the batch axis (a reshape, a gather, ...): images run one by one. */
        MIXES,
        /** Reduces along the axes in input 1: independent unless axis 0 is one of them. */
        AXES_IN_INPUT_1,
        /** Concatenates along the axis in the last input: independent unless it is axis 0. */
        AXIS_IN_LAST_INPUT,
        /** Pads by input 1 ({@code [rank, 2]}): independent unless axis 0 is padded. */
        PADS
    }

    /**
     * One operation.
     *
     * @param name the TensorFlow operation name, e.g. {@code _FusedConv2D}
     * @param impl its evaluation ({@link #SOURCE} for the graph's input and constants, which the
     *     executor supplies)
     * @param batching how it treats the batch axis
     * @param attrs attribute values it cannot evaluate: returns why, or null when the node is fine
     * @param convolution whether it is a convolution: input 1 is a filter {@code [kh, kw, in, out]}
     *     (depthwise {@code [kh, kw, in, mult]}), the only learned weights the importer knows
     */
    record OpDef(String name, Op impl, Batching batching, Function<GraphNode, String> attrs, boolean convolution) {}

    /** The implementation of {@code Placeholder} and {@code Const}: their values are fed, not computed. */
    static final Op SOURCE = (c, in) -> {
        throw new IllegalStateException(c.op() + " node '" + c.node().name() + "' is supplied by the executor");
    };

    private static final Function<GraphNode, String> ANY = g -> null;

    private static final Set<String> FUSABLE_ACTIVATIONS = Set.of("Relu", "Relu6", "Elu", "Sigmoid", "LeakyRelu",
            "Prelu", "Tanh");

    private static final Map<String, OpDef> OPS = declare();

    private static Map<String, OpDef> declare() {
        Map<String, OpDef> m = new LinkedHashMap<>();
        Batching ind = Batching.INDEPENDENT;
        Batching mixes = Batching.MIXES;
        add(m, ind, SOURCE, "Placeholder", "Const");
        add(m, ind, MathOps::identity, "Identity", "Snapshot");
        add(m, ind, MathOps::stopGradient, "StopGradient");
        add(m, ind, MathOps::cast, "Cast");
        conv(m, ANY, "Conv2D", "DepthwiseConv2dNative", "DepthwiseConv2d");
        conv(m, OpRegistry::fusedOps, "_FusedConv2D", "FusedDepthwiseConv2dNative");
        add(m, ind, MathOps.binary(NDArray::add), "BiasAdd", "Add", "AddV2");
        add(m, ind, MathOps.binary(NDArray::sub), "Sub");
        add(m, ind, MathOps.binary(NDArray::mul), "Mul");
        add(m, ind, MathOps.binary(MathOps::div), "RealDiv", "Div");
        add(m, ind, MathOps.binary(NDArray::maximum), "Maximum");
        add(m, ind, MathOps.binary(NDArray::minimum), "Minimum");
        add(m, ind, MathOps.binary((a, b) -> a.sub(b).square()), "SquaredDifference");
        add(m, ind, MathOps.binary(MathOps::floorDiv), "FloorDiv");
        add(m, ind, MathOps.binary(MathOps::floorMod), "FloorMod");
        add(m, ind, MathOps.binary(NDArray::pow), "Pow");
        add(m, ind, MathOps.binary(NDArray::eq), "Equal");
        add(m, ind, MathOps.binary(NDArray::neq), "NotEqual");
        add(m, ind, MathOps.binary(NDArray::gt), "Greater");
        add(m, ind, MathOps.binary(NDArray::gte), "GreaterEqual");
        add(m, ind, MathOps.binary(NDArray::lt), "Less");
        add(m, ind, MathOps.binary(NDArray::lte), "LessEqual");
        add(m, ind, MathOps::activation, "Relu", "Relu6", "Sigmoid", "Tanh", "Elu", "LeakyRelu");
        add(m, ind, MathOps.unary(NDArray::sqrt), "Sqrt");
        add(m, ind, MathOps.unary(a -> a.pow(OpSupport.scalar(a, -0.5f))), "Rsqrt");
        add(m, ind, MathOps.unary(NDArray::square), "Square");
        add(m, ind, MathOps.unary(NDArray::exp), "Exp");
        add(m, ind, MathOps.unary(NDArray::log), "Log");
        add(m, ind, MathOps.unary(NDArray::neg), "Neg");
        add(m, ind, MathOps.unary(NDArray::abs), "Abs");
        add(m, ind, MathOps.unary(NDArray::floor), "Floor");
        add(m, ind, MathOps::softmax, "Softmax");
        add(m, ind, MathOps::addN, "AddN");
        add(m, ind, MathOps.binary(MathOps::prelu), "Prelu");
        // image-mixing: with transpose_a (or a weight as operand a) the batch axis is the one summed over
        add(m, mixes, MathOps::matMul, "MatMul");
        add(m, mixes, MathOps::matMul, OpRegistry::fusedOps, "_FusedMatMul");
        add(m, mixes, MathOps::batchMatMul, "BatchMatMul", "BatchMatMulV2");
        add(m, ind, (c, in) -> new Value[0], "NoOp"); // a control-dependency sink: no value
        add(m, Batching.AXES_IN_INPUT_1, MathOps::reduce, "Mean", "Sum", "Max", "Min", "Prod");
        add(m, ind, SpatialOps::pool, "MaxPool", "AvgPool");
        add(m, ind, SpatialOps::convTranspose, "Conv2DBackpropInput"); // its output size's batch entry is unused
        add(m, ind, SpatialOps::resize, "ResizeBilinear", "ResizeNearestNeighbor");
        add(m, Batching.AXIS_IN_LAST_INPUT, ShapeOps::concat, "ConcatV2");
        add(m, Batching.PADS, ShapeOps::pad, "Pad", "PadV2");
        add(m, mixes, ShapeOps::pack, "Pack");
        add(m, mixes, ShapeOps::unpack, "Unpack");
        add(m, mixes, ShapeOps::reshape, "Reshape");
        add(m, mixes, ShapeOps::squeeze, "Squeeze");
        add(m, mixes, ShapeOps::expandDims, "ExpandDims");
        add(m, mixes, ShapeOps::transpose, "Transpose");
        add(m, mixes, ShapeOps::shape, "Shape"); // its value holds the batch size
        add(m, ind, ShapeOps::depthToSpace, "DepthToSpace");
        add(m, mixes, ShapeOps::stridedSlice, g -> g.intAttr("ellipsis_mask", 0) != 0
                || g.intAttr("new_axis_mask", 0) != 0 ? "ellipsis_mask/new_axis_mask" : null, "StridedSlice");
        add(m, mixes, GatherOps::argMax, "ArgMax");
        add(m, mixes, GatherOps::gatherNd, "GatherNd");
        add(m, mixes, GatherOps::gatherV2, g -> g.intAttr("batch_dims", 0) != 0 ? "batch_dims != 0" : null,
                "GatherV2");
        add(m, mixes, GatherOps::topK, "TopKV2");
        return Collections.unmodifiableMap(m);
    }

    private static void add(Map<String, OpDef> m, Batching b, Op impl, String... names) {
        add(m, b, impl, ANY, names);
    }

    private static void add(Map<String, OpDef> m, Batching b, Op impl, Function<GraphNode, String> attrs,
            String... names) {
        put(m, b, impl, attrs, false, names);
    }

    private static void conv(Map<String, OpDef> m, Function<GraphNode, String> attrs, String... names) {
        put(m, Batching.INDEPENDENT, SpatialOps::conv, attrs, true, names);
    }

    private static void put(Map<String, OpDef> m, Batching b, Op impl, Function<GraphNode, String> attrs,
            boolean convolution, String... names) {
        for (String n : names) {
            if (m.put(n, new OpDef(n, impl, b, attrs, convolution)) != null) {
                throw new IllegalStateException("operation " + n + " declared twice");
            }
        }
    }

    /** The fused convolutions and matrix products implement a bias followed by at most one activation. */
    private static String fusedOps(GraphNode g) {
        List<String> fused = g.stringsAttr("fused_ops");
        for (int i = 0; i < fused.size(); i++) {
            String f = fused.get(i);
            boolean ok = i == 0 ? f.equals("BiasAdd") : FUSABLE_ACTIVATIONS.contains(f);
            if (!ok) {
                return "fused op " + fused + "; supported: BiasAdd followed by one activation";
            }
        }
        return null;
    }

    /** @return the names of every registered operation */
    static Set<String> names() {
        return OPS.keySet();
    }

    /**
     * @param op an operation name
     * @return its declaration, or null when it is not supported
     */
    static OpDef get(String op) {
        return OPS.get(op);
    }

    /**
     * @param op an operation name
     * @return whether it is a registered convolution (see {@link OpDef#convolution()})
     */
    static boolean isConvolution(String op) {
        OpDef d = OPS.get(op);
        return d != null && d.convolution();
    }

    /**
     * Why a node cannot be evaluated although its operation is registered, or null when it can.
     *
     * @param g a node whose operation is registered
     * @return the reason, or null
     */
    static String unsupportedAttrs(GraphNode g) {
        String fmt = g.stringAttr("data_format", "NHWC");
        if (!fmt.equals("NHWC")) {
            // the layout translation assumes TF's default layout throughout
            return "data_format " + fmt + "; only NHWC";
        }
        return OPS.get(g.op()).attrs().apply(g);
    }

    /**
     * Evaluates one operation.
     *
     * @param c the node and its scope ({@link OpContext#op()} names the operation)
     * @param in the inputs
     * @return the outputs
     * @throws IllegalArgumentException when the operation is not registered
     */
    static Value[] apply(OpContext c, List<Value> in) {
        OpDef d = OPS.get(c.op());
        if (d == null) {
            throw new IllegalArgumentException("operation " + c.op() + " is not implemented");
        }
        return d.impl().apply(c, in);
    }
}
