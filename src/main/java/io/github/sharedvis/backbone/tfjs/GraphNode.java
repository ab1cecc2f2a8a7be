package io.github.sharedvis.backbone.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One node of a TF.js graph model's topology ({@code modelTopology.node[i]} in {@code model.json}),
 * with typed access to its attributes as the TensorFlow GraphDef JSON encodes them.
 *
 * @param name the node's name
 * @param op the TensorFlow operation, e.g. {@code _FusedConv2D}
 * @param inputs data inputs as {@code name} or {@code name:k} (control inputs {@code ^name} dropped)
 * @param attrs the raw {@code attr} object (may be empty)
 */
record GraphNode(String name, String op, List<String> inputs, JsonNode attrs) {

    /** @return whether the attribute is present */
    boolean has(String key) {
        return attrs != null && attrs.has(key);
    }

    long intAttr(String key, long fallback) {
        JsonNode a = has(key) ? attrs.get(key) : null;
        return a != null && a.has("i") ? Long.parseLong(a.get("i").asText()) : fallback;
    }

    float floatAttr(String key, float fallback) {
        JsonNode a = has(key) ? attrs.get(key) : null;
        return a != null && a.has("f") ? (float) a.get("f").asDouble() : fallback;
    }

    boolean boolAttr(String key, boolean fallback) {
        JsonNode a = has(key) ? attrs.get(key) : null;
        return a != null && a.has("b") ? a.get("b").asBoolean() : fallback;
    }

    /** A string attribute; GraphDef JSON stores bytes base64-encoded. */
    String stringAttr(String key, String fallback) {
        JsonNode a = has(key) ? attrs.get(key) : null;
        return a != null && a.has("s") ? decode(a.get("s").asText()) : fallback;
    }

    String typeAttr(String key, String fallback) {
        JsonNode a = has(key) ? attrs.get(key) : null;
        return a != null && a.has("type") ? a.get("type").asText() : fallback;
    }

    long[] intsAttr(String key) {
        JsonNode a = has(key) ? attrs.get(key) : null;
        if (a == null || !a.has("list") || !a.get("list").has("i")) {
            return new long[0];
        }
        JsonNode l = a.get("list").get("i");
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Long.parseLong(l.get(i).asText());
        }
        return out;
    }

    List<String> stringsAttr(String key) {
        JsonNode a = has(key) ? attrs.get(key) : null;
        List<String> out = new ArrayList<>();
        if (a != null && a.has("list") && a.get("list").has("s")) {
            for (JsonNode s : a.get("list").get("s")) {
                out.add(decode(s.asText()));
            }
        }
        return out;
    }

    /** @return the declared shape of a {@code Placeholder} ({@code -1} for unknown dims), or null */
    long[] placeholderShape() {
        JsonNode a = has("shape") ? attrs.get("shape").get("shape") : null;
        if (a == null) {
            return null;
        }
        JsonNode dims = a.get("dim");
        if (dims == null) {
            return a.has("unknownRank") ? null : new long[0];
        }
        long[] out = new long[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dims.get(i).has("size") ? Long.parseLong(dims.get(i).get("size").asText()) : -1;
        }
        return out;
    }

    private static String decode(String b64) {
        try {
            return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return b64; // some converters write plain strings
        }
    }

    /** Splits an input reference {@code name:k} into the node name. */
    static String nodeOf(String ref) {
        int c = ref.lastIndexOf(':');
        if (c > 0 && ref.substring(c + 1).chars().allMatch(Character::isDigit)) {
            return ref.substring(0, c);
        }
        return ref;
    }

    /** The output index of an input reference {@code name:k} (0 when absent). */
    static int outputOf(String ref) {
        int c = ref.lastIndexOf(':');
        if (c > 0 && c < ref.length() - 1 && ref.substring(c + 1).chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(ref.substring(c + 1));
        }
        return 0;
    }
}
