package io.github.sharedvis.compare;

import io.github.sharedvis.backbone.LayerInfo;
import io.github.sharedvis.util.InputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which nodes of which networks to compare, from the command line: {@code --models M1,M2} and
 * {@code --layers [MODEL:]NODE,NODE,...} (repeatable). A {@code --layers} value whose first node has
 * the prefix {@code MODEL:} (a model of {@code --models}, or any model string, which is then added)
 * gives that model's nodes; without a prefix the nodes are the run's own model's. A model without
 * {@code --layers} gets {@link #defaults}: five nodes spread through the network. The run's own node
 * ({@code [backbone] layer}) is always compared (placed first unless the list holds it already), so
 * every comparison holds the layer the run fitted and its scores check against {@code summary.csv}.
 *
 * @param nodes per model, in order, the nodes as given (validated when the network is opened); an
 *     empty list means {@link #defaults}; the run's model comes first
 * @param runLayer the config's {@code [backbone] layer}, or null for the model's default
 */
public record LayerSelection(Map<String, List<String>> nodes, String runLayer) {

    /**
     * @param runModel the config's {@code [backbone] model}
     * @param runLayer the config's {@code [backbone] layer}, or null for the model's default
     * @param models {@code --models} (empty: the run's model alone)
     * @param layers the {@code --layers} values
     * @return the selection; a model's list is empty where {@link #defaults} decides
     */
    public static LayerSelection parse(String runModel, String runLayer, List<String> models, List<String> layers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put(runModel, new ArrayList<>());
        for (String m : models) {
            if (m.isBlank()) {
                throw new InputException("--models lists an empty model name; give names separated by commas, "
                        + "e.g. --models movenet-thunder,centernet");
            }
            out.putIfAbsent(m.strip(), new ArrayList<>());
        }
        for (String value : layers) {
            String model = runModel;
            String rest = value;
            int colon = value.indexOf(':');
            if (colon > 0 && (out.containsKey(value.substring(0, colon)) || looksLikeModel(value.substring(0, colon)))) {
                model = value.substring(0, colon);
                rest = value.substring(colon + 1);
            }
            List<String> list = out.computeIfAbsent(model, k -> new ArrayList<>());
            for (String node : rest.split(",")) {
                if (node.isBlank()) {
                    throw new InputException("--layers " + value + " has an empty node name; write --layers "
                            + "[MODEL:]NODE,NODE (list the nodes with sharedvis backbones --model " + model + " --layers)");
                }
                if (!list.contains(node.strip())) {
                    list.add(node.strip());
                }
            }
        }
        return new LayerSelection(out, runLayer);
    }

    private static boolean looksLikeModel(String s) {
        return s.endsWith(".json") || s.endsWith(".pt") || DEFAULTS.containsKey(s);
    }

    /** Five nodes spread through each bundled network (early to late), by unique name suffix. */
    private static final Map<String, List<String>> DEFAULTS = Map.of(
            "movenet-thunder", movenet(), "movenet-lightning", movenet(),
            "centernet", List.of("expanded_conv_2/add", "expanded_conv_5/add", "expanded_conv_9/add",
                    "expanded_conv_11/add", "expanded_conv_14/add"),
            "faceres", List.of("conv_pw_3_relu/clip_by_value", "conv_pw_5_relu/clip_by_value",
                    "conv_pw_7_relu/clip_by_value", "conv_pw_11_relu/clip_by_value", "conv_pw_13_relu/clip_by_value"),
            "mobilefacenet", List.of());

    private static List<String> movenet() {
        return List.of("block_3_expand_relu/Relu6", "block_6_expand_relu/Relu6", "block_10_expand_relu/Relu6",
                "block_13_expand_relu/Relu6", "out_relu/Relu6");
    }

    /**
     * The nodes compared when none are given for a model: for the bundled networks, five block outputs
     * from early to late; otherwise five nodes evenly spaced in graph order among those with a
     * spatial {@code [C, H, W]} output (or among all nodes when fewer have one).
     *
     * @param model the model string
     * @param layers the network's nodes ({@code Backbone.layers()})
     * @return up to five node names
     */
    public static List<String> defaults(String model, List<LayerInfo> layers) {
        List<String> fixed = DEFAULTS.get(model);
        if (fixed != null && !fixed.isEmpty()) {
            return fixed;
        }
        List<String> spatial = layers.stream().filter(l -> l.shape().length == 3).map(LayerInfo::name).toList();
        List<String> pool = spatial.size() >= 5 ? spatial : layers.stream().map(LayerInfo::name).toList();
        List<String> out = new ArrayList<>();
        int n = Math.min(5, pool.size());
        for (int i = 1; i <= n; i++) {
            String s = pool.get((int) Math.round((double) i * pool.size() / n) - 1);
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
