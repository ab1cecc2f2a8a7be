package io.github.sharedvis.backbone.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sharedvis.backbone.Fingerprints;
import io.github.sharedvis.util.FileDigests;
import io.github.sharedvis.util.Half;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a TF.js graph model ({@code model.json} with {@code format: graph-model}, its weight
 * manifest and binary shards) into a {@link ParsedGraph}.
 *
 * <p>Weights may be float32, int32 or bool, and quantised to float16, uint8 or uint16 (decoded to
 * float32, or rounded back to int32, at load). Every node is checked against {@link OpRegistry}: an
 * unregistered operation, or attributes its implementation does not handle, is an {@link IOException}
 * naming the operation and the node, so a model fails at load, not halfway through an evaluation.
 */
final class GraphModelReader {

    private final Path file;

    private GraphModelReader(Path file) {
        this.file = file;
    }

    /**
     * @param file the {@code model.json}; its weight shards are read from the same folder
     * @return the parsed graph
     * @throws IOException when a file is missing or malformed, or an operation is unsupported
     */
    static ParsedGraph read(Path file) throws IOException {
        return new GraphModelReader(file).read();
    }

    /**
     * The graph without its weights: nodes, outputs and the same digest as {@link #read}, with no
     * constants decoded, no operation checked and only the inputs' attributes kept, for what needs only
     * the topology (a fingerprint); read by {@link TopologyReader} without a tree of the whole file.
     *
     * @param file the {@code model.json}
     * @param digests where the files' digests come from (a run's memo)
     * @return the parsed graph, with an empty constants map
     * @throws IOException when a file is missing or malformed
     */
    static ParsedGraph readTopology(Path file, FileDigests digests) throws IOException {
        return TopologyReader.read(file, digests);
    }

    private ParsedGraph read() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": TF.js model.json not found; for the bundled models run `make models`");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        JsonNode topo = root.get("modelTopology");
        if (topo == null || !topo.has("node")) {
            throw new IOException(file + ": no modelTopology.node; only TF.js graph models (format "
                    + "'graph-model', from tensorflowjs_converter) are supported, not layers models");
        }
        Map<String, GraphNode> parsed = new LinkedHashMap<>();
        for (JsonNode n : topo.get("node")) {
            List<String> ins = new ArrayList<>();
            if (n.has("input")) {
                for (JsonNode i : n.get("input")) {
                    String s = i.asText();
                    if (!s.startsWith("^")) { // control dependencies order side effects; graphs here have none
                        ins.add(s);
                    }
                }
            }
            GraphNode g = new GraphNode(n.get("name").asText(), n.get("op").asText(), List.copyOf(ins),
                    n.get("attr"));
            parsed.put(g.name(), g);
        }
        Map<String, GraphNode> nodes = Collections.unmodifiableMap(parsed);
        validate(nodes);
        Map<String, ConstData> constants = Collections.unmodifiableMap(readWeights(root));
        for (GraphNode g : nodes.values()) {
            if (g.op().equals("Const") && !constants.containsKey(g.name())) {
                throw new IOException(file + ": constant node '" + g.name() + "' has no entry in weightsManifest");
            }
        }
        List<String> outs = new ArrayList<>();
        JsonNode sig = root.path("signature").path("outputs");
        sig.fieldNames().forEachRemaining(k -> outs.add(GraphNode.nodeOf(sig.get(k).path("name").asText(k))));
        outs.removeIf(o -> !nodes.containsKey(o));
        String digest = Fingerprints.of(Fingerprints.fileDigest(file), weightDigests(root));
        return new ParsedGraph(file, nodes, constants, List.copyOf(outs), digest);
    }

    private void validate(Map<String, GraphNode> nodes) throws IOException {
        List<String> bad = new ArrayList<>();
        for (GraphNode g : nodes.values()) {
            if (OpRegistry.get(g.op()) == null) {
                bad.add("operation " + g.op() + " at node '" + g.name() + "'");
                continue;
            }
            for (String in : g.inputs()) {
                if (!nodes.containsKey(GraphNode.nodeOf(in))) {
                    throw new IOException(file + ": node '" + g.name() + "' reads '" + in + "', which is not in the graph");
                }
            }
            String why = OpRegistry.unsupportedAttrs(g);
            if (why != null) {
                bad.add("operation " + g.op() + " at node '" + g.name() + "' (" + why + ")");
            }
        }
        if (!bad.isEmpty()) {
            throw new IOException(file + ": unsupported " + String.join("; ", bad.subList(0, Math.min(5, bad.size())))
                    + (bad.size() > 5 ? " and " + (bad.size() - 5) + " more" : "")
                    + ". Supported operations: " + new TreeSet<>(OpRegistry.names()));
        }
    }

    private Map<String, ConstData> readWeights(JsonNode root) throws IOException {
        Map<String, ConstData> out = new HashMap<>();
        JsonNode manifest = root.get("weightsManifest");
        if (manifest == null) {
            return out;
        }
        Path dir = file.toAbsolutePath().getParent();
        for (JsonNode group : manifest) {
            // a group's weights are laid end to end across its shards, in order
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (JsonNode p : group.get("paths")) {
                Path shard = dir.resolve(p.asText());
                if (!Files.isRegularFile(shard)) {
                    throw new IOException(file + ": weight shard " + shard + " (weightsManifest.paths) not found");
                }
                bytes.write(Files.readAllBytes(shard));
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode w : group.get("weights")) {
                String name = w.get("name").asText();
                long[] shape = new long[w.get("shape").size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = w.get("shape").get(i).asLong();
                    count *= shape[i];
                }
                String dtype = w.get("dtype").asText();
                JsonNode q = w.get("quantization");
                int n = Math.toIntExact(count);
                try {
                    out.put(name, decode(buf, name, dtype, q, shape, n));
                } catch (BufferUnderflowException e) {
                    throw new IOException(file + ": weight '" + name + "' runs past the end of its shard(s); "
                            + "the .bin files do not match model.json", e);
                }
            }
            if (buf.hasRemaining()) {
                throw new IOException(file + ": " + buf.remaining() + " bytes left over in the weight shards "
                        + group.get("paths") + "; the .bin files do not match model.json");
            }
        }
        return out;
    }

    private ConstData decode(ByteBuffer buf, String name, String dtype, JsonNode q, long[] shape, int n)
            throws IOException {
        if (q != null && q.has("dtype")) {
            String qd = q.get("dtype").asText();
            float[] f = new float[n];
            switch (qd) {
                case "float16" -> {
                    for (int i = 0; i < n; i++) {
                        f[i] = Half.toFloat(buf.getShort());
                    }
                }
                case "uint8", "uint16" -> {
                    float scale = (float) q.get("scale").asDouble();
                    float min = (float) q.get("min").asDouble();
                    for (int i = 0; i < n; i++) {
                        int v = qd.equals("uint8") ? (buf.get() & 0xff) : (buf.getShort() & 0xffff);
                        f[i] = v * scale + min;
                    }
                }
                default -> throw new IOException(file + ": weight '" + name + "' has quantization dtype '" + qd
                        + "'; supported: float16, uint8, uint16");
            }
            if (dtype.equals("int32")) {
                int[] ints = new int[n];
                for (int i = 0; i < n; i++) {
                    ints[i] = Math.round(f[i]);
                }
                return new ConstData("int32", shape, null, ints);
            }
            return new ConstData("float32", shape, f, null);
        }
        switch (dtype) {
            case "float32" -> {
                float[] f = new float[n];
                buf.asFloatBuffer().get(f);
                buf.position(buf.position() + 4 * n);
                return new ConstData("float32", shape, f, null);
            }
            case "int32" -> {
                int[] v = new int[n];
                buf.asIntBuffer().get(v);
                buf.position(buf.position() + 4 * n);
                return new ConstData("int32", shape, null, v);
            }
            case "bool" -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = buf.get() != 0 ? 1 : 0;
                }
                return new ConstData("bool", shape, null, v);
            }
            default -> throw new IOException(file + ": weight '" + name + "' has dtype '" + dtype
                    + "'; supported: float32, int32, bool (optionally quantised)");
        }
    }

    private String weightDigests(JsonNode root) throws IOException {
        StringBuilder sb = new StringBuilder();
        Path dir = file.toAbsolutePath().getParent();
        for (JsonNode group : root.path("weightsManifest")) {
            for (JsonNode p : group.get("paths")) {
                sb.append(Fingerprints.fileDigest(dir.resolve(p.asText())));
            }
        }
        return sb.toString();
    }
}
