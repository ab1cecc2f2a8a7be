package io.github.sharedvis.compare;

/**
 * One compared node of one network.
 *
 * @param model the model string as given ({@code movenet-thunder}, a {@code model.json}, a {@code .pt})
 * @param node the node's full name in the network (a TF.js suffix such as {@code out_relu/Relu6} resolved)
 * @param label a short label for tables and figures: the model and the node's last path parts
 */
public record LayerRef(String model, String node, String label) {

    /**
     * @param model the model string
     * @param node the full node name
     * @return the reference with its label
     */
    public static LayerRef of(String model, String node) {
        String[] parts = node.split("/");
        String tail = parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : node;
        String shortModel = model.replaceAll("^.*[/\\\\]", "");
        return new LayerRef(model, node, shortModel + " " + tail);
    }

    /** @return {@code model#node}, unique per compared node */
    public String key() {
        return model + "#" + node;
    }
}
