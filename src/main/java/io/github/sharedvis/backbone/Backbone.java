package io.github.sharedvis.backbone;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;

/**
 * A pretrained network cut at a named node: latent features f(x) that stay differentiable with
 * respect to the input pixels ({@code docs/method.md}, section 1).
 *
 * <p>{@link #features(NDArray)} takes a preprocessed batch {@code [N, 3, H, W]} (see
 * {@link #preprocessing()}) and returns {@code [N, D]}; called inside a gradient scope (a DJL
 * {@code GradientCollector} or {@link Gradients}) the autograd graph reaches the input. A backbone
 * owns native memory: close it.
 */
public interface Backbone extends FeatureFunction, AutoCloseable {

    /** @return a short human-readable name, e.g. {@code resnet18.pt#layer4} */
    String name();

    /** @return the node the network is cut at, or {@code null} when a multi-output model was opened only to list its nodes */
    String layer();

    /** @return the nodes this backbone can be cut at, with shapes where known */
    List<LayerInfo> layers();

    /** @return how spatial outputs are pooled */
    Pooling pooling();

    /** @return the model's own preprocessing */
    Preprocessing preprocessing();

    /** @return the device the network runs on */
    Device device();

    /**
     * A digest of everything that determines the features of a given image: model bytes, layer,
     * pooling, preprocessing and the {@link #codeVersion()} of the code that computes them. The
     * feature cache is keyed by it, so changing any of these is never served a stale entry.
     *
     * @return a hex digest
     */
    String fingerprint();

    /**
     * The version of the code that turns this backbone's model files into features (its importer
     * and evaluation path), e.g. {@code tfjs-importer-1}. Files alone do not determine features: a
     * fixed importer computes other values from the same bytes, and the feature cache must then not
     * serve what the old one wrote. {@link FeatureExtractor} keys its cache by this string, and
     * implementations include it in {@link #fingerprint()}.
     *
     * <p>Each implementation returns a constant that must be bumped whenever a change to its code
     * alters feature values (a pure restructuring that keeps every value bit for bit leaves it).
     *
     * @return a short version string
     */
    String codeVersion();

    /**
     * Features for reading only, the fastest way the engine allows (no autograd graph; for
     * TorchScript, PyTorch's InferenceMode). The result must not enter a gradient computation.
     *
     * @param batch preprocessed images {@code [N, 3, H, W]}
     * @return features {@code [N, D]}
     */
    default NDArray inferenceFeatures(NDArray batch) {
        return Gradients.noGrad(this, batch);
    }

    /**
     * Features of several nodes from ONE forward pass, for reading only (like
     * {@link #inferenceFeatures(NDArray)}): each node pooled as {@link #pooling()}. A node's rows are
     * what a backbone of the same model cut at that node returns from {@link #inferenceFeatures(NDArray)}.
     * The TF.js and TorchScript backbones evaluate the network once for all nodes; this default serves
     * only this backbone's own {@link #layer()}.
     *
     * @param batch preprocessed images {@code [N, 3, H, W]}
     * @param nodes node names as {@link #layers()} lists them
     * @return one array {@code [N, D_i]} per node, in order
     * @throws IllegalArgumentException when a node is unknown or this backbone cannot serve several nodes
     */
    default NDList inferenceFeatures(NDArray batch, List<String> nodes) {
        if (nodes.size() == 1 && nodes.get(0).equals(layer())) {
            return new NDList(inferenceFeatures(batch));
        }
        throw new IllegalArgumentException(name() + " computes only its own node " + layer() + " per pass, not "
                + nodes);
    }

    /** Releases the network's native memory. */
    @Override
    void close();
}
