package io.github.sharedvis.backbone.tfjs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sharedvis.backbone.Fingerprints;
import io.github.sharedvis.util.FileDigests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link GraphModelReader#readTopology}: a {@code model.json}'s nodes (name, operation, inputs; the
 * attributes of the {@code Placeholder} inputs alone), signature outputs and digest, read in one pass
 * of the JSON tokens without building a tree of the rest (the constants' attributes, the weight
 * manifest's entries), which is most of the file. The cost of every up-to-date check of a TF.js
 * backbone; {@code TfjsFingerprintTest} checks that it agrees with the full reader.
 */
final class TopologyReader {
    private TopologyReader() {}

    static ParsedGraph read(Path file, FileDigests digests) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": TF.js model.json not found; for the bundled models run `make models`");
        }
        Map<String, GraphNode> nodes = null;
        JsonNode signature = null;
        List<String> shards = new ArrayList<>();
        try (JsonParser p = new ObjectMapper().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(file + ": not valid JSON (not an object)");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("modelTopology") && t == JsonToken.START_OBJECT) {
                    nodes = topology(p, nodes, file);
                } else if (field.equals("signature") && t == JsonToken.START_OBJECT) {
                    signature = p.readValueAsTree();
                } else if (field.equals("weightsManifest") && t == JsonToken.START_ARRAY) {
                    manifest(p, shards);
                } else {
                    p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (nodes == null) {
            throw new IOException(file + ": no modelTopology.node; only TF.js graph models (format "
                    + "'graph-model', from tensorflowjs_converter) are supported, not layers models");
        }
        Map<String, GraphNode> graph = Collections.unmodifiableMap(nodes);
        List<String> outs = new ArrayList<>();
        if (signature != null) {
            JsonNode sig = signature.path("outputs");
            sig.fieldNames().forEachRemaining(k -> outs.add(GraphNode.nodeOf(sig.get(k).path("name").asText(k))));
        }
        outs.removeIf(o -> !graph.containsKey(o));
        StringBuilder sb = new StringBuilder();
        Path dir = file.toAbsolutePath().getParent();
        for (String s : shards) {
            sb.append(digests.digest(dir.resolve(s)));
        }
        String digest = Fingerprints.of(digests.digest(file), sb.toString());
        return new ParsedGraph(file, graph, Map.of(), List.copyOf(outs), digest);
    }

    /** modelTopology: its {@code node} array, the rest skipped; the nodes so far when it has none. */
    private static Map<String, GraphNode> topology(JsonParser p, Map<String, GraphNode> nodes, Path file) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            if (p.nextToken() == JsonToken.START_ARRAY && field.equals("node")) {
                nodes = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    GraphNode g = node(p, file);
                    nodes.put(g.name(), g);
                }
            } else {
                p.skipChildren();
            }
        }
        return nodes;
    }

    private static GraphNode node(JsonParser p, Path file) throws IOException {
        String name = null;
        String op = null;
        List<String> ins = new ArrayList<>();
        JsonNode attr = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "name" -> name = p.getValueAsString();
                case "op" -> op = p.getValueAsString();
                case "input" -> {
                    if (t == JsonToken.START_ARRAY) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            String s = p.getValueAsString();
                            if (s != null && !s.startsWith("^")) { // control dependencies: as the full reader
                                ins.add(s);
                            }
                        }
                    }
                }
                case "attr" -> {
                    if (op == null || op.equals("Placeholder")) { // only an input's shape is needed here
                        attr = p.readValueAsTree();
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (name == null || op == null) {
            throw new IOException(file + ": a node of modelTopology.node has no " + (name == null ? "name" : "op")
                    + (name == null ? "" : " (node '" + name + "')"));
        }
        return new GraphNode(name, op, List.copyOf(ins), op.equals("Placeholder") ? attr : null);
    }

    /** weightsManifest: each group's {@code paths}, in order. */
    private static void manifest(JsonParser p, List<String> shards) throws IOException {
        while (p.nextToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (p.nextToken() == JsonToken.START_ARRAY && field.equals("paths")) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        shards.add(p.getValueAsString());
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
    }
}
