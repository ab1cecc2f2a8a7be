package io.github.sharedvis.backbone.tfjs;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneIdentity;
import io.github.sharedvis.backbone.Fingerprints;
import io.github.sharedvis.backbone.Gradients;
import io.github.sharedvis.backbone.LayerInfo;
import io.github.sharedvis.backbone.Pool;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.util.FileDigests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A TF.js graph model cut at a named node, as a {@link Backbone}.
 *
 * <p>{@link #features(NDArray)} takes {@code [N, 3, H, W]} floats in the model's own value range
 * (see {@link #preprocessing()}; MoveNet and CenterNet take raw 0..255 pixels) and returns
 * {@code [N, D]}. A 4-D node ({@code [N, H, W, C]} in TensorFlow) is delivered as
 * {@code [N, C, H, W]} before pooling, so {@link Pooling#AVERAGE} averages over space and gives
 * {@code [N, C]}; other nodes are flattened per image. Gradients reach the input pixels (an int32
 * model input is bypassed by feeding past its {@code Cast}, see {@link TfjsGraphModel#feedNode()}).
 */
public final class TfjsBackbone implements Backbone {

    private final TfjsGraphModel model;
    private final String name;
    private final String layer;
    private final Pooling pooling;
    private final Preprocessing preprocessing;
    private final String fingerprint;

    private TfjsBackbone(Builder b) throws IOException {
        this.model = TfjsGraphModel.load(b.file, b.device);
        try {
            BackboneIdentity id = identify(b, name -> model.op(name) != null, model.nodeNames(), model.signatureOutputs(),
                    model.inputShape(), model.digest());
            this.layer = id.layer();
            this.name = id.name();
            this.pooling = b.pooling;
            this.preprocessing = id.preprocessing();
            this.fingerprint = id.fingerprint();
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }


    /**
     * The node, name, preprocessing and fingerprint a builder's backbone gets: one decision for the
     * opened backbone and for {@link Builder#fingerprint()}, which must agree.
     */
    private static BackboneIdentity identify(Builder b, java.util.function.Predicate<String> hasNode, List<String> nodeNames,
            List<String> signatureOutputs, long[] inputShape, String digest) {
        String chosen = b.layer != null && !b.layer.isEmpty() ? b.layer : b.defaultLayer;
        if (chosen == null && signatureOutputs.size() == 1) {
            chosen = signatureOutputs.get(0);
        }
        if (chosen != null && !hasNode.test(chosen)) {
            chosen = bySuffix(nodeNames, chosen, b);
        }
        String name = (b.name != null ? b.name : b.file.getFileName().toString()) + (chosen == null ? "" : "#" + chosen);
        Preprocessing pre = b.preprocessing != null ? b.preprocessing : defaultPreprocessing(inputShape);
        String fingerprint = Fingerprints.of(digest, "tfjs", "layer=" + chosen, "pool=" + b.pooling, pre.key(),
                "code=" + TfjsGraphModel.IMPORTER_VERSION);
        return new BackboneIdentity(name, chosen, pre, fingerprint);
    }

    /** A copy of {@code base} evaluating another model (its randomised weights); everything else the same. */
    private TfjsBackbone(TfjsBackbone base, TfjsGraphModel model, int topLayers, long seed) {
        this.model = model;
        this.layer = base.layer;
        this.name = base.name + "~randomised-top" + topLayers + "-seed" + seed;
        this.pooling = base.pooling;
        this.preprocessing = base.preprocessing;
        this.fingerprint = Fingerprints.of(model.digest(), "tfjs", "layer=" + layer, "pool=" + pooling,
                preprocessing.key(), "code=" + TfjsGraphModel.IMPORTER_VERSION, "randomised-top=" + topLayers,
                "seed=" + seed);
    }

    /**
     * TF.js node names are long paths; a unique trailing part of one ({@code out_relu/Relu6}) names it
     * too. An ambiguous or unknown name is an error that says what matched.
     */
    private static String bySuffix(List<String> nodeNames, String wanted, Builder b) {
        List<String> matches = nodeNames.stream().filter(n -> n.endsWith("/" + wanted)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        String list = "`sharedvis backbones --model " + (b.name != null ? b.name : b.file) + " --layers`";
        if (matches.isEmpty()) {
            throw new IllegalArgumentException(b.file + ": no node named '" + wanted + "' (nor ending in '/" + wanted
                    + "'); list the nodes with " + list);
        }
        throw new IllegalArgumentException(b.file + ": '" + wanted + "' ends " + matches.size() + " node names "
                + matches.subList(0, Math.min(5, matches.size())) + "; give more of the name (" + list + ")");
    }

    /** Raw 0..255 pixels at the declared input size (what TF.js image models usually take). */
    private static Preprocessing defaultPreprocessing(long[] s) {
        int h = s != null && s.length == 4 && s[1] > 0 ? (int) s[1] : 224;
        int w = s != null && s.length == 4 && s[2] > 0 ? (int) s[2] : 224;
        return new Preprocessing(0, h, w, true, 1f, new float[] {0, 0, 0}, new float[] {1, 1, 1});
    }

    /**
     * Starts a builder.
     *
     * @param modelJson the TF.js {@code model.json}
     * @return the builder
     */
    public static Builder builder(Path modelJson) {
        return new Builder(modelJson);
    }

    @Override
    public NDArray features(NDArray batch) {
        if (layer == null) {
            throw new IllegalArgumentException(model.file() + ": no node chosen and the model has "
                    + model.signatureOutputs().size() + " outputs; set layer = one of `sharedvis backbones --model "
                    + model.file() + " --layers`");
        }
        Shape s = batch.getShape();
        if (s.dimension() != 4 || s.get(1) != 3) {
            throw new IllegalArgumentException("features() takes a batch [N, 3, H, W], got " + s);
        }
        NDArray node = model.execute(batch, TfjsGraphModel.Layout.NCHW, List.of(layer)).get(0);
        if (node.getShape().dimension() == 0 || node.getShape().get(0) != s.get(0)) {
            node.close();
            throw new IllegalArgumentException(model.file() + ": node '" + layer + "' has shape " + node.getShape()
                    + ", not one row per image; choose a node with a batch axis");
        }
        NDArray out = Pool.apply(node, pooling);
        if (out != node) {
            node.close();
        }
        return out;
    }

    /**
     * Several nodes from one evaluation of the graph ({@link TfjsGraphModel#execute}: every node once,
     * whatever number of outputs need it), each delivered and pooled as {@link #features(NDArray)}
     * delivers the cut node.
     *
     * @param batch preprocessed images {@code [N, 3, H, W]}
     * @param nodes full node names (or {@code name:k})
     * @return one {@code [N, D_i]} per node
     */
    @Override
    public NDList inferenceFeatures(NDArray batch, List<String> nodes) {
        Shape s = batch.getShape();
        if (s.dimension() != 4 || s.get(1) != 3) {
            throw new IllegalArgumentException("features() takes a batch [N, 3, H, W], got " + s);
        }
        return Gradients.noGradList(() -> {
            NDList raw = model.execute(batch, TfjsGraphModel.Layout.NCHW, nodes);
            NDList out = new NDList();
            for (int i = 0; i < raw.size(); i++) {
                NDArray node = raw.get(i);
                if (node.getShape().dimension() == 0 || node.getShape().get(0) != s.get(0)) {
                    raw.close();
                    out.close();
                    throw new IllegalArgumentException(model.file() + ": node '" + nodes.get(i) + "' has shape "
                            + node.getShape() + ", not one row per image; choose a node with a batch axis");
                }
                NDArray pooled = Pool.apply(node, pooling);
                if (pooled != node) {
                    node.close();
                }
                out.add(pooled);
            }
            return out;
        });
    }

    /**
     * The weight layers the cut node depends on, nearest the output first: what
     * {@link #randomised(int, long)} counts ({@link TfjsGraphModel#weightLayers(String)}).
     *
     * @return the layers, top first
     * @throws IllegalStateException when no node is chosen
     */
    public List<WeightLayer> weightLayers() {
        return model.weightLayers(requireLayer());
    }

    /**
     * A copy of this backbone whose {@code topLayers} weight layers nearest the cut node are
     * re-initialised: the model-randomisation sanity check of Adebayo et al. (NeurIPS 2018, "Sanity
     * Checks for Saliency Maps"), cascading from the top. Maps that survive randomising the weights they
     * explain do not explain the network. Each constant of those layers becomes seeded Gaussian noise
     * with the original tensor's mean and standard deviation
     * ({@link TfjsGraphModel#randomised(String, int, long)}); preprocessing, layer and pooling are this
     * backbone's, so {@link #features(NDArray)} still maps {@code [N, 3, H, W]} to {@code [N, D]} with
     * the same D, and gradients still reach the pixels.
     *
     * <p>Cost: about the time and memory of loading the model's weights once more, without reading any
     * file (one more native copy of all weights, e.g. 9 MB for MoveNet Lightning, plus host arrays
     * for the re-initialised ones). The copy owns that memory: close it. This backbone is unchanged and
     * stays usable; either may be closed first.
     *
     * @param topLayers how many of {@link #weightLayers()} to re-initialise, top first: 0 (same features)
     *     to {@code weightLayers().size()} (every weight the cut node depends on)
     * @param seed the random seed; the same {@code topLayers} and seed give identical weights
     * @return the copy; its {@link #fingerprint()} differs from this one's and depends on
     *     {@code topLayers} and {@code seed}, so it never shares a feature cache entry with the trained
     *     network
     * @throws IllegalArgumentException when {@code topLayers} is out of range
     * @throws IllegalStateException when no node is chosen
     */
    public TfjsBackbone randomised(int topLayers, long seed) {
        TfjsGraphModel copy = model.randomised(requireLayer(), topLayers, seed);
        try {
            return new TfjsBackbone(this, copy, topLayers, seed);
        } catch (RuntimeException e) {
            copy.close();
            throw e;
        }
    }

    private String requireLayer() {
        if (layer == null) {
            throw new IllegalStateException(model.file() + ": no node chosen; randomisation counts weight layers "
                    + "from the cut node");
        }
        return layer;
    }

    /** @return the parsed graph (for direct evaluation of several nodes) */
    public TfjsGraphModel model() {
        return model;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String layer() {
        return layer;
    }

    @Override
    public List<LayerInfo> layers() {
        return model.layers();
    }

    @Override
    public Pooling pooling() {
        return pooling;
    }

    @Override
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    @Override
    public Device device() {
        return model.device();
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    /** @return {@link TfjsGraphModel#IMPORTER_VERSION} */
    @Override
    public String codeVersion() {
        return TfjsGraphModel.IMPORTER_VERSION;
    }

    @Override
    public void close() {
        model.close();
    }

    /** Options for {@link TfjsBackbone}. */
    public static final class Builder {
        private final Path file;
        private String layer;
        private String defaultLayer;
        private String name;
        private Pooling pooling = Pooling.NONE;
        private Preprocessing preprocessing;
        private Device device;

        private Builder(Path file) {
            this.file = file;
        }

        /**
         * @param node the node to cut at (a graph node name, or {@code name:k} for a k-th output)
         * @return this
         */
        public Builder layer(String node) {
            this.layer = node;
            return this;
        }

        /**
         * @param node the node used when {@link #layer(String)} is not given
         * @return this
         */
        public Builder defaultLayer(String node) {
            this.defaultLayer = node;
            return this;
        }

        /**
         * @param n a display name, e.g. the bundled model's name
         * @return this
         */
        public Builder name(String n) {
            this.name = n;
            return this;
        }

        /**
         * @param p spatial pooling; default {@link Pooling#NONE}
         * @return this
         */
        public Builder pooling(Pooling p) {
            this.pooling = p;
            return this;
        }

        /**
         * @param p the model's preprocessing; default raw 0..255 pixels at the declared input size
         * @return this
         */
        public Builder preprocessing(Preprocessing p) {
            this.preprocessing = p;
            return this;
        }

        /**
         * @param d the device; default CPU
         * @return this
         */
        public Builder device(Device d) {
            this.device = d;
            return this;
        }

        /**
         * The identity (name, node, preprocessing, fingerprint) {@link #build()}'s backbone has, from {@code model.json} and the weight
         * shards' bytes alone: no engine, no decoding of weights (the cost of an up-to-date check).
         * A model that {@link #build()} would refuse is opened, so that its error is the one raised.
         *
         * @param digests where the files' digests come from (a run's memo, or {@link FileDigests#none()})
         * @return the identity
         * @throws IOException when the files are missing or malformed
         */
        public BackboneIdentity identity(FileDigests digests) throws IOException {
            ParsedGraph g = GraphModelReader.readTopology(file, digests);
            List<GraphNode> inputs = g.nodes().values().stream().filter(n -> n.op().equals("Placeholder")).toList();
            if (inputs.size() != 1) {
                try (TfjsBackbone b = build()) { // fails with the loader's message
                    return BackboneIdentity.of(b);
                }
            }
            return identify(this, g.nodes()::containsKey, List.copyOf(g.nodes().keySet()), g.signatureOutputs(),
                    inputs.get(0).placeholderShape(), g.digest());
        }

        /**
         * Loads the model and checks every operation.
         *
         * @return the backbone
         * @throws IOException when a file is missing or malformed, or an operation is unsupported
         */
        public TfjsBackbone build() throws IOException {
            return new TfjsBackbone(this);
        }
    }
}
