package io.github.sharedvis.backbone;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A TorchScript network ({@code torch.jit.save}) as a {@link Backbone}.
 *
 * <p>The network's outputs are its nodes (listed in the order the engine returns them; a dict's
 * order is not kept by DJL, so name the node): a module that returns a tensor has one node,
 * {@code output}; one that returns a tuple has {@code output.0}, {@code output.1}, ...; one that
 * returns a {@code Dict[str, Tensor]} (as {@code torchvision.models.feature_extraction
 * .create_feature_extractor} builds) has one node per key, e.g. {@code layer4} and {@code avgpool}.
 * See {@code scripts/export_torchscript.py}.
 *
 * <p>Why not DJL's default predictor: DJL loads TorchScript under PyTorch's InferenceMode, which
 * forbids backward. We load the parameters as ordinary tensors ({@code trainParam}), freeze them (no
 * weight gradients are computed), put the module in eval mode (batch norm uses running statistics,
 * dropout is off) and run {@code forward} with autograd on.
 */
public final class TorchScriptBackbone implements Backbone {

    /**
     * The version of the TorchScript feature path (loading, forward pass, output selection, pooling).
     * Part of {@link #fingerprint()}, so cached features of an older path are not served: bump it
     * whenever a change alters feature values.
     */
    public static final String CODE_VERSION = "torchscript-path-1";

    private final Path file;
    private final String layer;
    private final Pooling pooling;
    private final Preprocessing preprocessing;
    private final Device device;
    private final Model model;
    private final PtSymbolBlock block;
    private final String fingerprint;
    private final List<LayerInfo> layers;
    private final int outputIndex;

    private TorchScriptBackbone(Builder b) throws IOException {
        this.file = b.file;
        this.pooling = b.pooling;
        this.preprocessing = b.preprocessing;
        this.device = b.device == null ? Device.cpu() : b.device;
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": TorchScript file not found; export one with "
                    + "scripts/export_torchscript.py or torch.jit.save");
        }
        Engines.pytorch();
        Model m = Model.newInstance(file.getFileName().toString(), device, Engines.PYTORCH);
        try {
            m.load(file, null, Map.of("trainParam", "true", "retrain", "true", "mapLocation", "true"));
        } catch (MalformedModelException | RuntimeException e) {
            m.close();
            throw new IOException(file + ": not a loadable TorchScript file (" + e.getMessage()
                    + "); save it with torch.jit.save(torch.jit.script(model), path)", e);
        }
        this.model = m;
        this.block = (PtSymbolBlock) m.getBlock();
        block.freezeParameters(true);
        JniUtils.enableInferenceMode(block);
        this.fingerprint = fingerprint(Fingerprints.fileDigest(file), b.layer, pooling, preprocessing);
        this.layers = probeLayers();
        String chosen = b.layer;
        if ((chosen == null || chosen.isEmpty()) && layers.size() == 1) {
            chosen = layers.get(0).name();
        }
        int idx = -1;
        if (chosen != null && !chosen.isEmpty()) {
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i).name().equals(chosen)) {
                    idx = i;
                }
            }
            if (idx < 0) {
                close();
                throw new IllegalArgumentException(file + ": no node named '" + chosen + "'; available: "
                        + layers.stream().map(LayerInfo::name).toList()
                        + " (export the nodes you need with scripts/export_torchscript.py --nodes)");
            }
        } else {
            chosen = null;
        }
        this.layer = chosen;
        this.outputIndex = idx;
    }

    private List<LayerInfo> probeLayers() {
        try (NDManager probe = NDManager.newBaseManager(device, Engines.PYTORCH)) {
            NDArray x = probe.zeros(new Shape(1, 3, preprocessing.height(), preprocessing.width()));
            NDList out = Gradients.noGradList(() -> IValueUtils.forward(block, new NDList(x), false));
            List<LayerInfo> list = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                NDArray a = out.get(i);
                String name = a.getName();
                if (name == null || name.isEmpty()) {
                    name = out.size() == 1 ? "output" : "output." + i;
                }
                long[] shape = a.getShape().slice(1).getShape();
                list.add(new LayerInfo(name, shape));
            }
            return List.copyOf(list);
        }
    }

    /**
     * Starts a builder.
     *
     * @param file the TorchScript file
     * @return the builder
     */
    public static Builder builder(Path file) {
        return new Builder(file);
    }

    @Override
    public NDArray features(NDArray batch) {
        return forward(batch, true);
    }

    @Override
    public NDArray inferenceFeatures(NDArray batch) {
        return forward(batch, false);
    }

    /**
     * Several output nodes from one forward pass (the module computes them all anyway), each pooled
     * as {@link #pooling()}.
     *
     * @param batch preprocessed images {@code [N, 3, H, W]}
     * @param nodes output node names as {@link #layers()} lists them
     * @return one {@code [N, D_i]} per node
     */
    @Override
    public NDList inferenceFeatures(NDArray batch, List<String> nodes) {
        int[] idx = new int[nodes.size()];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = -1;
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i).name().equals(nodes.get(k))) {
                    idx[k] = i;
                }
            }
            if (idx[k] < 0) {
                throw new IllegalArgumentException(file + ": no node named '" + nodes.get(k) + "'; available: "
                        + layers.stream().map(LayerInfo::name).toList());
            }
        }
        Shape s = batch.getShape();
        if (s.dimension() != 4 || s.get(1) != 3) {
            throw new IllegalArgumentException("features() takes a batch [N, 3, H, W], got " + s);
        }
        NDList out = IValueUtils.forward(block, new NDList(batch), false);
        NDList result = new NDList();
        boolean[] used = new boolean[out.size()];
        for (int k : idx) {
            result.add(Pool.apply(out.get(k), pooling));
            used[k] = true;
        }
        for (int i = 0; i < out.size(); i++) {
            if (!used[i]) {
                out.get(i).close();
            }
        }
        return result;
    }

    private NDArray forward(NDArray batch, boolean autograd) {
        if (layer == null) {
            throw new IllegalArgumentException(file + " has " + layers.size() + " output nodes; choose one "
                    + "with layer = ...: " + layers.stream().map(LayerInfo::toString).toList());
        }
        Shape s = batch.getShape();
        if (s.dimension() != 4 || s.get(1) != 3) {
            throw new IllegalArgumentException("features() takes a batch [N, 3, H, W], got " + s);
        }
        // isTrain=true runs the method without PyTorch's InferenceMode guard so autograd records;
        // the module itself stays in eval mode (set once at load).
        NDList out = IValueUtils.forward(block, new NDList(batch), autograd);
        NDArray node = out.get(outputIndex);
        for (int i = 0; i < out.size(); i++) {
            if (i != outputIndex) {
                out.get(i).close();
            }
        }
        return Pool.apply(node, pooling);
    }

    @Override
    public String name() {
        return name(file, layer);
    }

    /** @return the name of the backbone of {@code file} cut at {@code layer} (null: none) */
    static String name(Path file, String layer) {
        return file.getFileName() + (layer == null ? "" : "#" + layer);
    }

    @Override
    public String layer() {
        return layer;
    }

    @Override
    public List<LayerInfo> layers() {
        return layers;
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
        return device;
    }

    /** @return the preprocessing of a TorchScript file when the config gives none: ImageNet's */
    static Preprocessing defaultPreprocessing() {
        return Preprocessing.imagenet();
    }

    /**
     * @param file the TorchScript file
     * @param layer the node asked for (as given: null or empty for the default)
     * @param pooling the pooling
     * @param preprocessing the preprocessing
     * @return the fingerprint a backbone built from these has, computed without loading the file
     * @throws IOException when the file cannot be read
     */
    static String fingerprint(String fileDigest, String layer, Pooling pooling, Preprocessing preprocessing) {
        return Fingerprints.of(fileDigest, "torchscript", "layer=" + layer, "pool=" + pooling,
                preprocessing.key(), "code=" + CODE_VERSION);
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public String codeVersion() {
        return CODE_VERSION;
    }

    /** @return the TorchScript file */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        model.close();
    }

    /** Options for {@link TorchScriptBackbone}. */
    public static final class Builder {
        private final Path file;
        private String layer;
        private Pooling pooling = Pooling.NONE;
        private Preprocessing preprocessing = defaultPreprocessing();
        private Device device;

        private Builder(Path file) {
            this.file = file;
        }

        /**
         * @param name the output node to cut at; may be left out when the network has one output
         * @return this
         */
        public Builder layer(String name) {
            this.layer = name;
            return this;
        }

        /**
         * @param p spatial pooling of the node's output; default {@link Pooling#NONE}
         * @return this
         */
        public Builder pooling(Pooling p) {
            this.pooling = p;
            return this;
        }

        /**
         * @param p the model's preprocessing; default {@link Preprocessing#imagenet()}
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
         * Loads the network.
         *
         * @return the backbone
         * @throws IOException when the file is missing or not TorchScript
         */
        public TorchScriptBackbone build() throws IOException {
            return new TorchScriptBackbone(this);
        }
    }
}
