package io.github.sharedvis.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.util.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link FeatureExtractor} for several nodes of one network at once: ONE forward pass per batch of
 * images gives the features of every node ({@link Backbone#inferenceFeatures(NDArray, List)}), where
 * one extractor per node would run the network once per node.
 *
 * <p>Decoding, preprocessing, batching and padding are {@link FeatureExtractor}'s (every pass holds
 * exactly {@code batchSize} images). With a cache folder, each node's rows are read from and written
 * to the entry a {@link FeatureExtractor} of a backbone cut at that node uses (same folder key:
 * fingerprint of that backbone, code versions, batch size; same image digest), so {@code sharedvis
 * run} with one of these nodes later finds them, and a changed image, node or setting is never served
 * an old entry. An image is computed when any node lacks its entry.
 */
public final class MultiNodeExtractor {

    private final Backbone backbone;
    private final List<String> nodes;
    private final List<String> fingerprints;
    private final int batchSize;
    private final Path cacheDir;
    private final PrintStream progress;

    /**
     * @param backbone the network, open (cut at any of its nodes)
     * @param nodes the nodes, as {@link Backbone#layers()} names them
     * @param fingerprints for each node, the {@link Backbone#fingerprint()} of this network cut at it
     *     (e.g. {@code Backbones.fingerprint(spec)} with that layer): what keys its cache entries
     * @param batchSize images per forward pass
     * @param cacheDir the feature cache, or null for none
     * @param progress where the progress bar is drawn, or null
     */
    public MultiNodeExtractor(Backbone backbone, List<String> nodes, List<String> fingerprints, int batchSize,
            Path cacheDir, PrintStream progress) {
        if (nodes.isEmpty() || nodes.size() != fingerprints.size()) {
            throw new IllegalArgumentException("need one fingerprint per node, got " + nodes.size() + " nodes and "
                    + fingerprints.size() + " fingerprints");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.backbone = backbone;
        this.nodes = List.copyOf(nodes);
        this.fingerprints = List.copyOf(fingerprints);
        this.batchSize = batchSize;
        this.cacheDir = cacheDir;
        this.progress = progress;
    }

    /**
     * @param images image files
     * @return per node, {@code [N][D_node]} features, one row per image in input order
     * @throws IOException naming the file when an image cannot be read
     */
    public List<float[][]> extract(List<Path> images) throws IOException {
        int n = images.size();
        int m = nodes.size();
        List<float[][]> out = new ArrayList<>();
        Path[] dirs = new Path[m];
        for (int k = 0; k < m; k++) {
            out.add(new float[n][]);
            dirs[k] = cacheDir == null ? null
                    : cacheDir.resolve(FeatureExtractor.cacheKey(fingerprints.get(k), backbone.codeVersion()) + "-b"
                            + batchSize);
        }
        String[] keys = new String[n];
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean complete = cacheDir != null;
            if (cacheDir != null) {
                keys[i] = Fingerprints.fileDigest(images.get(i));
                for (int k = 0; k < m; k++) {
                    out.get(k)[i] = FeatureExtractor.readEntry(dirs[k].resolve(keys[i] + ".f32"));
                    complete &= out.get(k)[i] != null;
                }
            }
            if (!complete) {
                todo.add(i);
            }
        }
        Preprocessing pre = backbone.preprocessing();
        int plane = 3 * pre.height() * pre.width();
        try (Progress bar = new Progress("extract " + m + " nodes", todo.size(), progress);
                NDManager manager = NDManager.newBaseManager(backbone.device(), Engines.PYTORCH)) {
            for (int start = 0; start < todo.size(); start += batchSize) {
                int end = Math.min(todo.size(), start + batchSize);
                float[] batch = new float[batchSize * plane]; // padded as FeatureExtractor pads
                for (int b = start; b < end; b++) {
                    float[] px = pre.apply(ImageDecoder.read(images.get(todo.get(b))));
                    System.arraycopy(px, 0, batch, (b - start) * plane, plane);
                }
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = scope.create(batch, new Shape(batchSize, 3, pre.height(), pre.width()));
                    NDList f = backbone.inferenceFeatures(x, nodes);
                    for (int k = 0; k < m; k++) {
                        int d = (int) f.get(k).getShape().get(1);
                        float[] flat = f.get(k).toFloatArray();
                        for (int b = start; b < end; b++) {
                            int i = todo.get(b);
                            float[] row = new float[d];
                            System.arraycopy(flat, (b - start) * d, row, 0, d);
                            out.get(k)[i] = row;
                            if (dirs[k] != null) {
                                FeatureExtractor.writeEntry(dirs[k].resolve(keys[i] + ".f32"), row);
                            }
                        }
                    }
                }
                bar.step(end - start);
            }
        }
        return out;
    }
}
