package io.github.sharedvis.backbone.tfjs;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.Fingerprints;
import io.github.sharedvis.backbone.Gradients;
import io.github.sharedvis.backbone.LayerInfo;
import io.github.sharedvis.util.Half;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A TensorFlow.js graph model ({@code model.json} with {@code format: graph-model} and its binary
 * weight shards), parsed and evaluated with DJL NDArray operations so that autograd reaches the input
 * from any node.
 *
 * <p>Weights may be float32, int32 or bool, and quantised to float16, uint8 or uint16 (decoded to
 * float32 at load). Every operation of the graph is checked against the supported set when the model
 * is loaded: an unsupported one is an {@link IOException} naming the operation and the node. The
 * supported operations are {@link #SUPPORTED_OPS}.
 *
 * <p>Layout: TF.js graphs are NHWC. Inside, 4-D activations are kept channels-first (NCHW) as the
 * engine's convolutions want them, and axis-dependent operations translate their axes; the
 * conversion happens once, at the input and at the requested outputs ({@link Layout}).
 *
 * <p>An integer image input followed by a {@code Cast} to float (as MoveNet has) is fed past that
 * cast, so float pixels enter the graph and gradients reach them ({@link #feedNode()}).
 *
 * <p>For the model-randomisation sanity check of Adebayo et al. (NeurIPS 2018), {@link #weightLayers(String)}
 * lists the weight layers a node depends on, top first, and {@link #randomised(String, int, long)} makes a
 * copy with the top k of them re-initialised.
 *
 * <p>Thread safety: one evaluation at a time per model (DJL allows one gradient scope per engine).
 */
public final class TfjsGraphModel implements AutoCloseable {

    /** The layout of 4-D tensors passed to and returned from {@link #execute}. */
    public enum Layout {
        /** {@code [N, H, W, C]}, TensorFlow's own. */
        NHWC,
        /** {@code [N, C, H, W]}, the engine's and sharedvis' image layout. */
        NCHW
    }

    /** The operations this importer evaluates. */
    public static final Set<String> SUPPORTED_OPS = Set.of(
            "Placeholder", "Const", "Identity", "Snapshot", "StopGradient", "Cast",
            "_FusedConv2D", "Conv2D", "DepthwiseConv2dNative", "DepthwiseConv2d", "FusedDepthwiseConv2dNative",
            "BiasAdd", "Add", "AddV2", "Sub", "Mul", "RealDiv", "Div", "Maximum", "Minimum",
            "SquaredDifference", "FloorDiv", "FloorMod", "Pow",
            "Equal", "NotEqual", "Greater", "GreaterEqual", "Less", "LessEqual",
            "Relu", "Relu6", "Sigmoid", "Tanh", "Elu", "LeakyRelu", "Sqrt", "Rsqrt", "Square", "Exp", "Log",
            "Neg", "Abs", "Softmax",
            "Mean", "Sum", "Max", "Min",
            "MaxPool", "AvgPool", "ConcatV2", "Pack", "Unpack", "Reshape", "Squeeze", "ExpandDims",
            "Pad", "PadV2", "ResizeBilinear", "ResizeNearestNeighbor", "StridedSlice", "Transpose",
            "ArgMax", "GatherNd", "GatherV2", "TopKV2");

    /** Operations that treat the batch axis 0 independently (and so allow N > 1 in one pass). */
    static final Set<String> BATCH_SAFE = Set.of(
            "Placeholder", "Const", "Identity", "Snapshot", "StopGradient", "Cast",
            "_FusedConv2D", "Conv2D", "DepthwiseConv2dNative", "DepthwiseConv2d", "FusedDepthwiseConv2dNative",
            "BiasAdd", "Add", "AddV2", "Sub", "Mul", "RealDiv", "Div", "Maximum", "Minimum",
            "SquaredDifference", "FloorDiv", "FloorMod", "Pow",
            "Equal", "NotEqual", "Greater", "GreaterEqual", "Less", "LessEqual",
            "Relu", "Relu6", "Sigmoid", "Tanh", "Elu", "LeakyRelu", "Sqrt", "Rsqrt", "Square", "Exp", "Log",
            "Neg", "Abs", "Softmax", "MaxPool", "AvgPool", "ResizeBilinear", "ResizeNearestNeighbor",
            // axis-taking ops are batch-safe when their axis is not 0; checked per node
            "Mean", "Sum", "Max", "Min", "ConcatV2", "Pad", "PadV2");

    private static final Set<String> CONV_OPS = Set.of("_FusedConv2D", "Conv2D", "DepthwiseConv2dNative",
            "DepthwiseConv2d", "FusedDepthwiseConv2dNative");

    /** Decoded constant data: floats or ints, row-major, TF shape. */
    record ConstData(String dtype, long[] shape, float[] floats, int[] ints) {}

    private final Path file;
    private final Device device;
    private final Map<String, GraphNode> nodes;
    private final List<String> order;
    private final Map<String, String> aliases;
    private final Map<String, ConstData> constData;
    private final NDManager manager;
    private final Map<String, NDArray> constants = new HashMap<>();
    private final Map<String, NDArray> convWeights = new HashMap<>();
    private final String placeholder;
    private final long[] inputShape;
    private final String inputType;
    private final String feedNode;
    private final List<String> signatureOutputs;
    private final Map<String, List<String>> consumers;
    private final String digest;
    private List<LayerInfo> layers;
    private Map<String, long[]> probedShapes;

    private TfjsGraphModel(Path file, Device device) throws IOException {
        this.file = file;
        this.device = device;
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": TF.js model.json not found; for the bundled models run `make models`");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        JsonNode topo = root.get("modelTopology");
        if (topo == null || !topo.has("node")) {
            throw new IOException(file + ": no modelTopology.node; only TF.js graph models (format "
                    + "'graph-model', from tensorflowjs_converter) are supported, not layers models");
        }
        Map<String, GraphNode> parsed = new LinkedHashMap<>();
        for (JsonNode n : topo.get("node")) {
            List<String> ins = new ArrayList<>();
            if (n.has("input")) {
                for (JsonNode i : n.get("input")) {
                    String s = i.asText();
                    if (!s.startsWith("^")) {
                        ins.add(s);
                    }
                }
            }
            GraphNode g = new GraphNode(n.get("name").asText(), n.get("op").asText(), List.copyOf(ins),
                    n.get("attr"));
            parsed.put(g.name(), g);
        }
        this.nodes = Collections.unmodifiableMap(parsed);
        validate();
        this.constData = readWeights(root);
        for (GraphNode g : nodes.values()) {
            if (g.op().equals("Const") && !constData.containsKey(g.name())) {
                throw new IOException(file + ": constant node '" + g.name() + "' has no entry in weightsManifest");
            }
        }
        List<String> ph = nodes.values().stream().filter(g -> g.op().equals("Placeholder"))
                .map(GraphNode::name).toList();
        if (ph.size() != 1) {
            throw new IOException(file + ": expected one input (Placeholder), found " + ph
                    + "; only single-input image models are supported");
        }
        this.placeholder = ph.get(0);
        GraphNode p = nodes.get(placeholder);
        this.inputShape = p.placeholderShape();
        this.inputType = p.typeAttr("dtype", "DT_FLOAT");
        Map<String, List<String>> cons = new HashMap<>();
        for (GraphNode g : nodes.values()) {
            for (String in : g.inputs()) {
                cons.computeIfAbsent(GraphNode.nodeOf(in), k -> new ArrayList<>()).add(g.name());
            }
        }
        this.consumers = cons;
        this.feedNode = chooseFeed();
        this.aliases = peephole();
        this.order = topologicalOrder();
        List<String> outs = new ArrayList<>();
        JsonNode sig = root.path("signature").path("outputs");
        sig.fieldNames().forEachRemaining(k -> outs.add(GraphNode.nodeOf(sig.get(k).path("name").asText(k))));
        outs.removeIf(o -> !nodes.containsKey(o));
        this.signatureOutputs = List.copyOf(outs);
        this.manager = NDManager.newBaseManager(device, Engines.PYTORCH);
        try {
            prepareConstants();
            this.digest = Fingerprints.of(Fingerprints.fileDigest(file), weightDigests(root));
        } catch (RuntimeException | IOException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A copy of {@code base} whose listed constants hold other values: the parsed graph is shared
     * (immutable), the engine arrays are made afresh in the copy's own manager.
     */
    private TfjsGraphModel(TfjsGraphModel base, Map<String, ConstData> replaced, String digest) {
        this.file = base.file;
        this.device = base.device;
        this.nodes = base.nodes;
        this.order = base.order;
        this.aliases = base.aliases;
        Map<String, ConstData> data = new HashMap<>(base.constData);
        data.putAll(replaced);
        this.constData = Collections.unmodifiableMap(data);
        this.placeholder = base.placeholder;
        this.inputShape = base.inputShape;
        this.inputType = base.inputType;
        this.feedNode = base.feedNode;
        this.signatureOutputs = base.signatureOutputs;
        this.consumers = base.consumers;
        this.digest = digest;
        synchronized (base) {
            // output shapes do not depend on the weights' values
            this.layers = base.layers;
            this.probedShapes = base.probedShapes;
        }
        this.manager = NDManager.newBaseManager(device, Engines.PYTORCH);
        try {
            prepareConstants();
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Loads a graph model and checks that every operation is supported.
     *
     * @param modelJson the {@code model.json}; its weight shards are read from the same folder
     * @param device where the weights live and the graph runs
     * @return the model (close it)
     * @throws IOException when a file is missing or malformed, or an operation is unsupported
     */
    public static TfjsGraphModel load(Path modelJson, Device device) throws IOException {
        Engines.pytorch();
        return new TfjsGraphModel(modelJson, device == null ? Device.cpu() : device);
    }

    private void validate() throws IOException {
        List<String> bad = new ArrayList<>();
        for (GraphNode g : nodes.values()) {
            if (!SUPPORTED_OPS.contains(g.op())) {
                bad.add("operation " + g.op() + " at node '" + g.name() + "'");
                continue;
            }
            for (String in : g.inputs()) {
                if (!nodes.containsKey(GraphNode.nodeOf(in))) {
                    throw new IOException(file + ": node '" + g.name() + "' reads '" + in + "', which is not in the graph");
                }
            }
            String why = unsupportedAttrs(g);
            if (why != null) {
                bad.add("operation " + g.op() + " at node '" + g.name() + "' (" + why + ")");
            }
        }
        if (!bad.isEmpty()) {
            throw new IOException(file + ": unsupported " + String.join("; ", bad.subList(0, Math.min(5, bad.size())))
                    + (bad.size() > 5 ? " and " + (bad.size() - 5) + " more" : "")
                    + ". Supported operations: " + new java.util.TreeSet<>(SUPPORTED_OPS));
        }
    }

    /** Attribute combinations the evaluator does not implement, or null when fine. */
    private static String unsupportedAttrs(GraphNode g) {
        String fmt = g.stringAttr("data_format", "NHWC");
        if (!fmt.equals("NHWC")) {
            return "data_format " + fmt + "; only NHWC";
        }
        switch (g.op()) {
            case "_FusedConv2D", "FusedDepthwiseConv2dNative" -> {
                List<String> fused = g.stringsAttr("fused_ops");
                for (int i = 0; i < fused.size(); i++) {
                    String f = fused.get(i);
                    boolean ok = i == 0 ? f.equals("BiasAdd")
                            : Set.of("Relu", "Relu6", "Elu", "Sigmoid", "LeakyRelu", "Prelu", "Tanh").contains(f);
                    if (!ok) {
                        return "fused op " + fused + "; supported: BiasAdd followed by one activation";
                    }
                }
            }
            case "StridedSlice" -> {
                if (g.intAttr("ellipsis_mask", 0) != 0 || g.intAttr("new_axis_mask", 0) != 0) {
                    return "ellipsis_mask/new_axis_mask";
                }
            }
            case "GatherV2" -> {
                if (g.intAttr("batch_dims", 0) != 0) {
                    return "batch_dims != 0";
                }
            }
            default -> { }
        }
        return null;
    }

    /**
     * An integer input whose only consumers cast it to float is fed past the cast: the float pixels
     * enter there, which is what lets gradients reach them.
     */
    private String chooseFeed() throws IOException {
        if (inputType.equals("DT_FLOAT") || inputType.equals("DT_HALF") || inputType.equals("DT_DOUBLE")) {
            return placeholder;
        }
        List<String> cs = consumers.getOrDefault(placeholder, List.of());
        if (cs.size() == 1 && nodes.get(cs.get(0)).op().equals("Cast")
                && nodes.get(cs.get(0)).typeAttr("DstT", "").equals("DT_FLOAT")) {
            return cs.get(0);
        }
        throw new IOException(file + ": input '" + placeholder + "' is " + inputType
                + " and not followed by a single Cast to float; gradients cannot reach integer pixels");
    }

    /**
     * Rewrites batch-size-1 idioms into identities so that N > 1 runs in one pass: a
     * {@code Squeeze(d)} of an {@code ExpandDims(d)}, and an {@code ExpandDims(a)} of the single output
     * of an {@code Unpack(axis=a, num=1)}. Returns node -> the value reference it equals.
     */
    private Map<String, String> peephole() {
        Map<String, String> alias = new HashMap<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (GraphNode g : nodes.values()) {
                if (alias.containsKey(g.name()) || g.inputs().isEmpty()) {
                    continue;
                }
                for (String in : List.of(g.inputs().get(0), resolve(alias, g.inputs().get(0)))) {
                    GraphNode src = nodes.get(GraphNode.nodeOf(in));
                    String target = null;
                    if (g.op().equals("Squeeze") && src.op().equals("ExpandDims") && GraphNode.outputOf(in) == 0) {
                        Long d = constScalar(src, 1);
                        long[] sq = g.intsAttr("squeeze_dims");
                        if (d != null && sq.length == 1 && sq[0] == d && d >= 0) {
                            target = resolve(alias, src.inputs().get(0));
                        }
                    } else if (g.op().equals("ExpandDims") && src.op().equals("Unpack")
                            && src.intAttr("num", -1) == 1) {
                        Long d = constScalar(g, 1);
                        if (d != null && d == src.intAttr("axis", 0) && d >= 0) {
                            target = resolve(alias, src.inputs().get(0));
                        }
                    }
                    if (target != null) {
                        alias.put(g.name(), target);
                        changed = true;
                        break;
                    }
                }
            }
        }
        return alias;
    }

    private static String resolve(Map<String, String> alias, String ref) {
        String r = ref;
        while (alias.containsKey(GraphNode.nodeOf(r)) && GraphNode.outputOf(r) == 0) {
            r = alias.get(GraphNode.nodeOf(r));
        }
        return r;
    }

    /** The value of a scalar integer constant input of a node, or null when it is not a constant. */
    private Long constScalar(GraphNode g, int input) {
        if (g.inputs().size() <= input) {
            return null;
        }
        GraphNode c = nodes.get(GraphNode.nodeOf(g.inputs().get(input)));
        ConstData d = constData.get(c.name());
        if (!c.op().equals("Const") || d == null || d.ints() == null || d.ints().length != 1) {
            return null;
        }
        return (long) d.ints()[0];
    }

    /** Resolves an input reference through the peephole aliases. */
    String resolve(String ref) {
        return resolve(aliases, ref);
    }

    private List<String> topologicalOrder() throws IOException {
        List<String> out = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>();
        for (String n : nodes.keySet()) {
            visit(n, state, out);
        }
        return List.copyOf(out);
    }

    private void visit(String start, Map<String, Integer> state, List<String> out) throws IOException {
        // iterative DFS: graphs are deep (hundreds of nodes in a chain)
        java.util.ArrayDeque<String[]> stack = new java.util.ArrayDeque<>();
        if (state.getOrDefault(start, 0) == 2) {
            return;
        }
        stack.push(new String[] {start, "0"});
        while (!stack.isEmpty()) {
            String[] top = stack.peek();
            String name = top[0];
            int idx = Integer.parseInt(top[1]);
            if (idx == 0) {
                state.put(name, 1);
            }
            List<String> ins = dependencies(name);
            if (idx < ins.size()) {
                top[1] = Integer.toString(idx + 1);
                String dep = ins.get(idx);
                int s = state.getOrDefault(dep, 0);
                if (s == 1) {
                    throw new IOException(file + ": the graph has a cycle through node '" + dep + "'");
                }
                if (s == 0) {
                    stack.push(new String[] {dep, "0"});
                }
            } else {
                state.put(name, 2);
                out.add(name);
                stack.pop();
            }
        }
    }

    /** The nodes whose values a node reads, after aliasing; the feed node reads nothing. */
    List<String> dependencies(String name) {
        if (name.equals(feedNode) || aliases.containsKey(name)) {
            return aliases.containsKey(name) ? List.of(GraphNode.nodeOf(resolve(name))) : List.of();
        }
        List<String> out = new ArrayList<>();
        for (String in : nodes.get(name).inputs()) {
            out.add(GraphNode.nodeOf(resolve(in)));
        }
        return out;
    }

    // ---------------------------------------------------------------- weights

    private Map<String, ConstData> readWeights(JsonNode root) throws IOException {
        Map<String, ConstData> out = new HashMap<>();
        JsonNode manifest = root.get("weightsManifest");
        if (manifest == null) {
            return out;
        }
        Path dir = file.toAbsolutePath().getParent();
        for (JsonNode group : manifest) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (JsonNode p : group.get("paths")) {
                Path shard = dir.resolve(p.asText());
                if (!Files.isRegularFile(shard)) {
                    throw new IOException(file + ": weight shard " + shard + " (weightsManifest.paths) not found");
                }
                bytes.write(Files.readAllBytes(shard));
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode w : group.get("weights")) {
                String name = w.get("name").asText();
                long[] shape = new long[w.get("shape").size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = w.get("shape").get(i).asLong();
                    count *= shape[i];
                }
                String dtype = w.get("dtype").asText();
                JsonNode q = w.get("quantization");
                int n = Math.toIntExact(count);
                try {
                    out.put(name, decode(buf, name, dtype, q, shape, n));
                } catch (java.nio.BufferUnderflowException e) {
                    throw new IOException(file + ": weight '" + name + "' runs past the end of its shard(s); "
                            + "the .bin files do not match model.json", e);
                }
            }
            if (buf.hasRemaining()) {
                throw new IOException(file + ": " + buf.remaining() + " bytes left over in the weight shards "
                        + group.get("paths") + "; the .bin files do not match model.json");
            }
        }
        return out;
    }

    private ConstData decode(ByteBuffer buf, String name, String dtype, JsonNode q, long[] shape, int n)
            throws IOException {
        if (q != null && q.has("dtype")) {
            String qd = q.get("dtype").asText();
            float[] f = new float[n];
            switch (qd) {
                case "float16" -> {
                    for (int i = 0; i < n; i++) {
                        f[i] = Half.toFloat(buf.getShort());
                    }
                }
                case "uint8", "uint16" -> {
                    float scale = (float) q.get("scale").asDouble();
                    float min = (float) q.get("min").asDouble();
                    for (int i = 0; i < n; i++) {
                        int v = qd.equals("uint8") ? (buf.get() & 0xff) : (buf.getShort() & 0xffff);
                        f[i] = v * scale + min;
                    }
                }
                default -> throw new IOException(file + ": weight '" + name + "' has quantization dtype '" + qd
                        + "'; supported: float16, uint8, uint16");
            }
            if (dtype.equals("int32")) {
                int[] ints = new int[n];
                for (int i = 0; i < n; i++) {
                    ints[i] = Math.round(f[i]);
                }
                return new ConstData("int32", shape, null, ints);
            }
            return new ConstData("float32", shape, f, null);
        }
        switch (dtype) {
            case "float32" -> {
                float[] f = new float[n];
                buf.asFloatBuffer().get(f);
                buf.position(buf.position() + 4 * n);
                return new ConstData("float32", shape, f, null);
            }
            case "int32" -> {
                int[] v = new int[n];
                buf.asIntBuffer().get(v);
                buf.position(buf.position() + 4 * n);
                return new ConstData("int32", shape, null, v);
            }
            case "bool" -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = buf.get() != 0 ? 1 : 0;
                }
                return new ConstData("bool", shape, null, v);
            }
            default -> throw new IOException(file + ": weight '" + name + "' has dtype '" + dtype
                    + "'; supported: float32, int32, bool (optionally quantised)");
        }
    }

    private String weightDigests(JsonNode root) throws IOException {
        StringBuilder sb = new StringBuilder();
        Path dir = file.toAbsolutePath().getParent();
        for (JsonNode group : root.path("weightsManifest")) {
            for (JsonNode p : group.get("paths")) {
                sb.append(Fingerprints.fileDigest(dir.resolve(p.asText())));
            }
        }
        return sb.toString();
    }

    /** Creates the engine arrays once: raw constants and convolution filters in the engine's layout. */
    private void prepareConstants() {
        Set<String> filterOnly = new HashSet<>();
        for (GraphNode g : nodes.values()) {
            if (g.op().equals("Const")) {
                List<String> cs = consumers.getOrDefault(g.name(), List.of());
                boolean onlyFilter = !cs.isEmpty();
                for (String c : cs) {
                    GraphNode user = nodes.get(c);
                    if (!(CONV_OPS.contains(user.op()) && GraphNode.nodeOf(user.inputs().get(1)).equals(g.name())
                            && !GraphNode.nodeOf(user.inputs().get(0)).equals(g.name()))) {
                        onlyFilter = false;
                    }
                }
                if (onlyFilter) {
                    filterOnly.add(g.name());
                }
            }
        }
        for (Map.Entry<String, ConstData> e : constData.entrySet()) {
            if (!nodes.containsKey(e.getKey()) || filterOnly.contains(e.getKey())) {
                continue;
            }
            constants.put(e.getKey(), toArray(e.getValue()));
        }
        for (GraphNode g : nodes.values()) {
            if (!CONV_OPS.contains(g.op())) {
                continue;
            }
            String w = GraphNode.nodeOf(g.inputs().get(1));
            ConstData d = constData.get(w);
            if (d == null || d.floats() == null || d.shape().length != 4) {
                continue; // a computed filter is converted at run time
            }
            boolean depthwise = g.op().contains("Depthwise");
            long[] fs = d.shape();
            long[] engineShape = depthwise ? new long[] {fs[2] * fs[3], 1, fs[0], fs[1]}
                    : new long[] {fs[3], fs[2], fs[0], fs[1]};
            convWeights.computeIfAbsent(w + (depthwise ? "#depthwise" : "#conv"),
                    k -> manager.create(Ops.filterToEngine(d.floats(), fs, depthwise), new Shape(engineShape)));
        }
    }

    private NDArray toArray(ConstData d) {
        Shape s = new Shape(d.shape());
        if (d.floats() != null) {
            return manager.create(d.floats(), s);
        }
        NDArray a = manager.create(d.ints(), s);
        return d.dtype().equals("bool") ? a.toType(DataType.BOOLEAN, false) : a;
    }

    // ---------------------------------------------------------------- accessors

    /** @return the {@code model.json} this model was read from */
    public Path file() {
        return file;
    }

    /** @return the device the weights live on */
    public Device device() {
        return device;
    }

    /** @return the input node ({@code Placeholder}) */
    public String inputNode() {
        return placeholder;
    }

    /** @return the input's declared shape, NHWC, e.g. {@code [1, 256, 256, 3]} ({@code -1} = any) */
    public long[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    /** @return the input's declared TensorFlow dtype, e.g. {@code DT_INT32} */
    public String inputType() {
        return inputType;
    }

    /**
     * @return the node whose value the float input becomes: the input itself, or the {@code Cast} that
     *     follows an integer input
     */
    public String feedNode() {
        return feedNode;
    }

    /** @return the model's declared outputs ({@code signature.outputs}) */
    public List<String> signatureOutputs() {
        return signatureOutputs;
    }

    /** @return every node in topological order (constants included) */
    public List<String> nodeNames() {
        return order;
    }

    /**
     * @param name a node
     * @return its operation, or null when there is no such node
     */
    public String op(String name) {
        GraphNode g = nodes.get(GraphNode.nodeOf(name));
        return g == null ? null : g.op();
    }

    /** @return a digest of the topology and weight files */
    public String digest() {
        return digest;
    }

    GraphNode node(String name) {
        return nodes.get(name);
    }

    /** The nodes that read a node's outputs (as written in the graph, before aliasing). */
    List<String> consumers(String name) {
        return consumers.getOrDefault(name, List.of());
    }

    /** Bytes of the engine arrays this model holds (its constants and converted filters). */
    long nativeWeightBytes() {
        long b = 0;
        for (NDArray a : constants.values()) {
            b += a.getShape().size() * a.getDataType().getNumOfBytes();
        }
        for (NDArray a : convWeights.values()) {
            b += a.getShape().size() * a.getDataType().getNumOfBytes();
        }
        return b;
    }

    NDArray constant(String name) {
        return constants.get(name);
    }

    NDArray convWeight(String name, boolean depthwise) {
        return convWeights.get(name + (depthwise ? "#depthwise" : "#conv"));
    }

    ConstData constData(String name) {
        return constData.get(name);
    }

    // ---------------------------------------------------------------- model randomisation

    /**
     * The weight layers a node depends on, for the cascading model-randomisation check of Adebayo et
     * al. (NeurIPS 2018, "Sanity Checks for Saliency Maps"), ordered from the one nearest the output to
     * the one nearest the input.
     *
     * <p>A weight layer is a convolution ({@code _FusedConv2D}, {@code Conv2D} and the depthwise
     * variants, the only weight-bearing operations this importer supports) whose filter is a constant;
     * its weights are the filter, the fused bias and PReLU slope, and the per-channel constants of a
     * {@code BiasAdd}/{@code Add}/{@code Sub}/{@code Mul} chain that solely follows it (an unfused bias
     * or batch norm) ({@link WeightLayer}). Other constants (input scaling, clip bounds, shapes) are not
     * learned and never re-initialised.
     *
     * <p>Order: by {@link WeightLayer#depth()}, the longest path from the layer to {@code node}, then by
     * name. The longest path (not the shortest, which a skip connection would shorten) makes the order
     * consistent with the graph: a layer never comes after a layer it reads from. So randomising the
     * first k leaves every node that is not downstream of one of them, in particular the input of the
     * k-th, unchanged.
     *
     * @param node the cut node ({@code name} or {@code name:k})
     * @return the layers {@code node} depends on (itself included when it is one), top first; empty when
     *     none
     * @throws IllegalArgumentException when there is no such node
     */
    public List<WeightLayer> weightLayers(String node) {
        if (!nodes.containsKey(GraphNode.nodeOf(node))) {
            throw new IllegalArgumentException(file + ": no node named '" + node + "'");
        }
        return WeightRandomisation.layers(this, node);
    }

    /**
     * A copy of this model with the {@code topLayers} weight layers of {@link #weightLayers(String)}
     * nearest {@code node} re-initialised, for Adebayo et al.'s cascading randomisation (k = 1 is the
     * top layer only, k = 2 that one and the next, and so on down to the input).
     *
     * <p>Each constant of those layers is replaced by Gaussian values with the original tensor's mean
     * and standard deviation (matched exactly: the draw is standardised before scaling), so that
     * activations stay in range and maps do not just vanish. A constant's values depend only on
     * {@code seed} and its name: the same seed gives identical weights, and step k + 1 of the cascade
     * keeps the values step k drew. A constant shared with a lower layer is re-initialised with the
     * topmost layer that reads it. A tensor with a single value (or no spread) keeps its value.
     *
     * <p>Cost: the copy shares the parsed graph and the other constants' host arrays with this model,
     * holds host arrays for the re-initialised constants, and creates its own engine arrays for all
     * weights (one more native copy of the model's weights, {@code 4 x} its parameter count in bytes,
     * about 9 MB for MoveNet Lightning), so that it owns its native memory and outlives this model.
     * Close it; this model is unchanged and stays usable.
     *
     * @param node the cut node the layers are counted from
     * @param topLayers how many layers to re-initialise, from 0 (an exact copy) to
     *     {@code weightLayers(node).size()}
     * @param seed the random seed
     * @return the copy (close it); its {@link #digest()} differs from this model's and includes the node,
     *     {@code topLayers} and {@code seed}
     * @throws IllegalArgumentException when there is no such node or {@code topLayers} is out of range
     */
    public TfjsGraphModel randomised(String node, int topLayers, long seed) {
        List<WeightLayer> all = weightLayers(node);
        if (topLayers < 0 || topLayers > all.size()) {
            throw new IllegalArgumentException(file + ": topLayers = " + topLayers + ", but node '" + node + "' depends on "
                    + all.size() + " weight layers; choose 0.." + all.size());
        }
        Map<String, ConstData> replaced = WeightRandomisation.reinitialise(this, all.subList(0, topLayers), seed);
        String d = Fingerprints.of(digest, "randomised-weights", "node=" + GraphNode.nodeOf(node),
                "top=" + topLayers, "seed=" + seed, "gaussian-matched-moments");
        return new TfjsGraphModel(this, replaced, d);
    }

    /**
     * The nodes that can be cut at (every computed node, in topological order) with their output
     * shapes for one image at the declared input size: {@code [C, H, W]} for 4-D activations (the
     * layout {@link TfjsBackbone} returns), otherwise the TF shape without its batch dimension.
     * Computed once by one forward pass.
     *
     * @return the nodes
     */
    public synchronized List<LayerInfo> layers() {
        if (layers == null) {
            probe();
        }
        return layers;
    }

    /**
     * @param name a node
     * @return its TF (NHWC) output shape at batch size 1 and the declared input size
     */
    public synchronized long[] probedShape(String name) {
        if (probedShapes == null) {
            probe();
        }
        long[] s = probedShapes.get(name);
        return s == null ? null : s.clone();
    }

    private void probe() {
        long h = inputShape != null && inputShape.length == 4 && inputShape[1] > 0 ? inputShape[1] : 224;
        long w = inputShape != null && inputShape.length == 4 && inputShape[2] > 0 ? inputShape[2] : 224;
        List<String> computed = new ArrayList<>();
        for (String n : order) {
            String op = nodes.get(n).op();
            if (!op.equals("Const") && !op.equals("Placeholder") && !n.equals(feedNode)) {
                computed.add(n);
            }
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (NDManager probe = NDManager.newBaseManager(device, Engines.PYTORCH)) {
            // mid-grey, not zeros: arg-max style post-processing then still sees a varied map
            NDArray x = probe.full(new Shape(1, h, w, 3), 128f);
            Gradients.noGradList(() -> {
                new GraphExecutor(this, probe).run(x, Layout.NHWC, List.of(), shapes);
                return new NDList();
            });
        }
        List<LayerInfo> list = new ArrayList<>();
        for (String n : computed) {
            long[] s = shapes.get(n);
            if (s == null) {
                continue;
            }
            long[] per;
            if (s.length == 4) {
                per = new long[] {s[3], s[1], s[2]};
            } else if (s.length >= 1 && s[0] == 1) {
                per = java.util.Arrays.copyOfRange(s, 1, s.length);
            } else {
                per = s;
            }
            list.add(new LayerInfo(n, per));
        }
        this.probedShapes = shapes;
        this.layers = List.copyOf(list);
    }

    /**
     * Evaluates the graph up to the requested nodes, computing only their ancestors and freeing every
     * intermediate once its last consumer ran. The result stays attached to the input's autograd
     * graph: run it inside a gradient scope to differentiate.
     *
     * <p>Any batch size works: when a needed operation mixes images (a {@code Reshape} of the batch
     * axis, a gather, ...) the images are evaluated one by one and the results concatenated.
     *
     * @param input float pixels {@code [N, H, W, 3]} or {@code [N, 3, H, W]} (see {@code layout}), in
     *     the model's value range, float32 or float64 (float64 evaluates the whole graph in float64)
     * @param layout the layout of {@code input} and of the 4-D outputs
     * @param outputs node names ({@code name} or {@code name:k} for a node's k-th output)
     * @return one array per requested output, attached to the input's manager
     */
    public NDList execute(NDArray input, Layout layout, List<String> outputs) {
        for (String o : outputs) {
            GraphNode g = nodes.get(GraphNode.nodeOf(o));
            if (g == null) {
                throw new IllegalArgumentException(file + ": no node named '" + o + "'; list them with "
                        + "`sharedvis backbones --model " + file + " --layers`");
            }
        }
        if (input.getShape().dimension() != 4) {
            throw new IllegalArgumentException("input must be 4-D, got " + input.getShape());
        }
        long n = input.getShape().get(0);
        if (n == 1 || batchSafe(outputs)) {
            return new GraphExecutor(this, input.getManager()).run(input, layout, outputs, null);
        }
        NDManager outer = input.getManager();
        List<NDList> parts = new ArrayList<>();
        try (NDManager scope = outer.newSubManager()) {
            for (long i = 0; i < n; i++) {
                NDArray xi = input.get(i + ":" + (i + 1));
                xi.attach(scope);
                NDList r = new GraphExecutor(this, scope).run(xi, layout, outputs, null);
                r.attach(scope);
                parts.add(r);
            }
            NDList out = new NDList();
            for (int k = 0; k < outputs.size(); k++) {
                NDList col = new NDList();
                for (NDList p : parts) {
                    col.add(p.get(k));
                }
                NDArray cat = col.size() == 1 ? col.get(0).duplicate() : ai.djl.ndarray.NDArrays.concat(col, 0);
                cat.attach(outer);
                out.add(cat);
            }
            return out;
        }
    }

    /** Whether every node needed for the outputs keeps images independent along axis 0. */
    boolean batchSafe(List<String> outputs) {
        for (String n : ancestors(outputs)) {
            GraphNode g = nodes.get(n);
            if (!BATCH_SAFE.contains(g.op())) {
                return false;
            }
            switch (g.op()) {
                case "Mean", "Sum", "Max", "Min", "ConcatV2" -> {
                    int axisInput = g.op().equals("ConcatV2") ? g.inputs().size() - 1 : 1;
                    ConstData d = constData.get(GraphNode.nodeOf(g.inputs().get(axisInput)));
                    if (d == null || d.ints() == null) {
                        return false;
                    }
                    for (int a : d.ints()) {
                        if (a < 0) {
                            // a negative axis counts from the input's rank, known after one probe pass
                            long[] in = probedShape(GraphNode.nodeOf(resolve(g.inputs().get(0))));
                            a = in == null ? 0 : a + in.length;
                        }
                        if (a == 0) {
                            return false;
                        }
                    }
                }
                case "Pad", "PadV2" -> {
                    ConstData d = constData.get(GraphNode.nodeOf(g.inputs().get(1)));
                    if (d == null || d.ints() == null || d.ints().length < 2 || d.ints()[0] != 0 || d.ints()[1] != 0) {
                        return false;
                    }
                }
                default -> { }
            }
        }
        return true;
    }

    /** The nodes needed to compute the outputs (the outputs included), in topological order. */
    List<String> ancestors(List<String> outputs) {
        Set<String> need = new HashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
        for (String o : outputs) {
            todo.add(GraphNode.nodeOf(o));
        }
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (need.add(n)) {
                todo.addAll(dependencies(n));
            }
        }
        List<String> out = new ArrayList<>();
        for (String n : order) {
            if (need.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "TfjsGraphModel[" + file + ", " + nodes.size() + " nodes, input " + placeholder + " "
                + java.util.Arrays.toString(inputShape) + " " + inputType + "]";
    }
}
