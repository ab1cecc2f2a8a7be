package io.github.sharedvis.backbone.tfjs;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.Fingerprints;
import io.github.sharedvis.backbone.Gradients;
import io.github.sharedvis.backbone.LayerInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A TensorFlow.js graph model ({@code model.json} with {@code format: graph-model} and its binary
 * weight shards), parsed and evaluated with DJL NDArray operations so that autograd reaches the input
 * from any node.
 *
 * <p>This class ties the importer's three stages together: {@code GraphModelReader} parses the files
 * (weights may be float32, int32 or bool, and quantised to float16, uint8 or uint16) and rejects an
 * unsupported operation at load with an {@link IOException} naming the operation and the node;
 * {@code GraphPlan} orders the graph and decides what an evaluation computes and frees;
 * {@code GraphExecutor} runs it with the operations of {@code OpRegistry} ({@link #SUPPORTED_OPS}).
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

    /**
     * The version of the importer's feature path (parsing, planning, operations). It is part of
     * every {@link TfjsBackbone#fingerprint()}, so feature caches written by an older importer are
     * not served. Bump it whenever a change can alter any node's values (an operation's arithmetic,
     * weight decoding, layout handling); a pure restructuring that keeps every value bit for bit
     * leaves it.
     */
    public static final String IMPORTER_VERSION = "tfjs-importer-2";

    /** The layout of 4-D tensors passed to and returned from {@link #execute}. */
    public enum Layout {
        /** {@code [N, H, W, C]}, TensorFlow's own. */
        NHWC,
        /** {@code [N, C, H, W]}, the engine's and sharedvis' image layout. */
        NCHW
    }

    /** The operations this importer evaluates (the names of {@code OpRegistry}). */
    public static final Set<String> SUPPORTED_OPS = OpRegistry.names();

    private final ParsedGraph graph;
    private final GraphPlan plan;
    private final Device device;
    private final Map<String, ConstData> constData;
    private final EngineWeights weights;
    private final GraphExecutor executor;
    private final String digest;
    private List<LayerInfo> layers;
    private Map<String, long[]> probedShapes;

    private TfjsGraphModel(ParsedGraph graph, GraphPlan plan, Device device, Map<String, ConstData> constData,
            String digest) {
        this.graph = graph;
        this.plan = plan;
        this.device = device;
        this.constData = constData;
        this.digest = digest;
        this.weights = new EngineWeights(plan, graph.nodes().keySet(), constData, device);
        this.executor = new GraphExecutor(graph.file(), plan, weights);
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
        ParsedGraph g = GraphModelReader.read(modelJson);
        GraphPlan plan = new GraphPlan(g);
        return new TfjsGraphModel(g, plan, device == null ? Device.cpu() : device, g.constants(), g.digest());
    }

    /** Resolves an input reference through the planner's peephole aliases ({@link GraphPlan#resolve}). */
    String resolve(String ref) {
        return plan.resolve(ref);
    }

    /** The nodes whose values a node reads, after aliasing; the feed node reads nothing. */
    List<String> dependencies(String name) {
        return plan.dependencies(name);
    }

    // ---------------------------------------------------------------- accessors

    /** @return the {@code model.json} this model was read from */
    public Path file() {
        return graph.file();
    }

    /** @return the device the weights live on */
    public Device device() {
        return device;
    }

    /** @return the input node ({@code Placeholder}) */
    public String inputNode() {
        return plan.placeholder();
    }

    /** @return the input's declared shape, NHWC, e.g. {@code [1, 256, 256, 3]} ({@code -1} = any) */
    public long[] inputShape() {
        long[] s = plan.inputShape();
        return s == null ? null : s.clone();
    }

    /** @return the input's declared TensorFlow dtype, e.g. {@code DT_INT32} */
    public String inputType() {
        return plan.inputType();
    }

    /**
     * @return the node whose value the float input becomes: the input itself, or the {@code Cast} that
     *     follows an integer input
     */
    public String feedNode() {
        return plan.feedNode();
    }

    /** @return the model's declared outputs ({@code signature.outputs}) */
    public List<String> signatureOutputs() {
        return graph.signatureOutputs();
    }

    /** @return every node in topological order (constants included) */
    public List<String> nodeNames() {
        return plan.order();
    }

    /**
     * @param name a node
     * @return its operation, or null when there is no such node
     */
    public String op(String name) {
        GraphNode g = plan.node(GraphNode.nodeOf(name));
        return g == null ? null : g.op();
    }

    /** @return a digest of the topology and weight files */
    public String digest() {
        return digest;
    }

    GraphNode node(String name) {
        return plan.node(name);
    }

    /** The nodes that read a node's outputs (as written in the graph, before aliasing). */
    List<String> consumers(String name) {
        return plan.consumers(name);
    }

    /** Bytes of the engine arrays this model holds (its constants and converted filters). */
    long nativeWeightBytes() {
        return weights.nativeBytes();
    }

    /** @return a constant's decoded values (this model's: a randomised copy has its own), or null */
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
     * variants) whose filter is a constant. Not yet counted, so never re-initialised: the dense
     * ({@code MatMul}, {@code _FusedMatMul}) and transposed ({@code Conv2DBackpropInput}) layers the
     * face networks added, none of them below the bundled networks' default nodes;
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
        if (plan.node(GraphNode.nodeOf(node)) == null) {
            throw new IllegalArgumentException(file() + ": no node named '" + node + "'");
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
            throw new IllegalArgumentException(file() + ": topLayers = " + topLayers + ", but node '" + node + "' depends on "
                    + all.size() + " weight layers; choose 0.." + all.size());
        }
        Map<String, ConstData> replaced = WeightRandomisation.reinitialise(this, all.subList(0, topLayers), seed);
        String d = Fingerprints.of(digest, "randomised-weights", "node=" + GraphNode.nodeOf(node),
                "top=" + topLayers, "seed=" + seed, "gaussian-matched-moments");
        Map<String, ConstData> data = new HashMap<>(constData);
        data.putAll(replaced);
        TfjsGraphModel copy = new TfjsGraphModel(graph, plan, device, Collections.unmodifiableMap(data), d);
        synchronized (this) {
            // output shapes do not depend on the weights' values
            copy.layers = layers;
            copy.probedShapes = probedShapes;
        }
        return copy;
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
        long[] inputShape = plan.inputShape();
        long h = inputShape != null && inputShape.length == 4 && inputShape[1] > 0 ? inputShape[1] : 224;
        long w = inputShape != null && inputShape.length == 4 && inputShape[2] > 0 ? inputShape[2] : 224;
        List<String> computed = new ArrayList<>();
        for (String n : plan.order()) {
            String op = plan.node(n).op();
            if (!op.equals("Const") && !op.equals("Placeholder") && !n.equals(plan.feedNode())) {
                computed.add(n);
            }
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (NDManager probe = NDManager.newBaseManager(device, Engines.PYTORCH)) {
            // mid-grey, not zeros: arg-max style post-processing then still sees a varied map
            NDArray x = probe.full(new Shape(1, h, w, 3), 128f);
            Gradients.noGradList(() -> {
                executor.probe(x, shapes);
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
                per = Arrays.copyOfRange(s, 1, s.length);
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
            if (plan.node(GraphNode.nodeOf(o)) == null) {
                throw new IllegalArgumentException(file() + ": no node named '" + o + "'; list them with "
                        + "`sharedvis backbones --model " + file() + " --layers`");
            }
        }
        if (input.getShape().dimension() != 4) {
            throw new IllegalArgumentException("input must be 4-D, got " + input.getShape());
        }
        long n = input.getShape().get(0);
        return executor.execute(input, layout, outputs, n == 1 || batchSafe(outputs));
    }

    /** Whether every node needed for the outputs keeps images independent along axis 0. */
    boolean batchSafe(List<String> outputs) {
        return plan.batchSafe(outputs, this::probedShape);
    }

    /** The nodes needed to compute the outputs (the outputs included), in topological order. */
    List<String> ancestors(List<String> outputs) {
        return plan.ancestors(outputs);
    }

    @Override
    public void close() {
        weights.close();
    }

    @Override
    public String toString() {
        return "TfjsGraphModel[" + file() + ", " + graph.nodes().size() + " nodes, input " + plan.placeholder() + " "
                + Arrays.toString(plan.inputShape()) + " " + plan.inputType() + "]";
    }
}
