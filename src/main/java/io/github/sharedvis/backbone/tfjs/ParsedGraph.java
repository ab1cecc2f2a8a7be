package io.github.sharedvis.backbone.tfjs;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A TF.js graph model as read from disk by {@link GraphModelReader}, before any planning: checked
 * to use only registered operations, every input naming a node and every constant having its data.
 *
 * @param file the {@code model.json}
 * @param nodes every node by name, in the file's order (unmodifiable)
 * @param constants every weight of the manifest by name, decoded (unmodifiable)
 * @param signatureOutputs the declared outputs ({@code signature.outputs}) that are nodes of the graph
 * @param digest a SHA-256 of {@code model.json} and the weight shards' bytes
 */
record ParsedGraph(Path file, Map<String, GraphNode> nodes, Map<String, ConstData> constants,
        List<String> signatureOutputs, String digest) {}
