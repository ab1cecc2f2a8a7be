package io.github.sharedvis.backbone;

/**
 * What to load: a model, the node to cut at, pooling, preprocessing and device.
 *
 * @param model a TorchScript file ({@code .pt}), a TF.js {@code model.json}, a bundled offline name
 *     (see {@code sharedvis backbones}) or a DJL model-zoo name ({@code zoo:resnet50}, online only)
 * @param layer the node to cut at, by the network's own name; {@code null} for the model's default
 * @param pooling spatial pooling of the node's output
 * @param preprocessing the model's preprocessing, or {@code null} for the model's declared default
 * @param device {@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto}
 */
public record BackboneSpec(String model, String layer, Pooling pooling, Preprocessing preprocessing,
        String device) {

    /**
     * @param model the model
     * @param layer the node
     * @return a spec with no pooling, the model's preprocessing, on CPU
     */
    public static BackboneSpec of(String model, String layer) {
        return new BackboneSpec(model, layer, Pooling.NONE, null, "cpu");
    }

    /**
     * @param p the pooling
     * @return a copy with that pooling
     */
    public BackboneSpec withPooling(Pooling p) {
        return new BackboneSpec(model, layer, p, preprocessing, device);
    }
}
