package io.github.sharedvis.backbone.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.Gradients;
import io.github.sharedvis.backbone.Pooling;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cascading model-randomisation check of Adebayo et al. (NeurIPS 2018): which weight layers a
 * node depends on and in which order ({@link TfjsGraphModel#weightLayers(String)}), and randomised
 * copies ({@link TfjsBackbone#randomised(int, long)}): k = 0 is the trained network bit for bit,
 * randomising the top k changes the cut node but no node upstream of them, the new weights keep the
 * original moments and depend only on the seed, gradients still reach the pixels, and the original
 * is untouched. On {@link SyntheticGraph}, on a small chain graph written here (an unfused bias and
 * batch norm to fold) and on the bundled MoveNet Lightning.
 */
class TfjsRandomisationTest {

    static final String LIGHTNING = "movenet-lightning";
    static final String MOBILENET = "StatefulPartitionedCall/center_net_mobile_net_v2fpn_feature_extractor/model_1/model/";
    static final String BLOCK12_EXPAND = MOBILENET + "block_12_expand_relu/Relu6";
    static final String OUT_RELU = MOBILENET + "out_relu/Relu6";

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ which layers, in which order

    @Test
    void chainGraphFoldsUnfusedBiasAndBatchNormAndLeavesPreprocessingConstantsAlone() throws IOException {
        try (TfjsGraphModel model = TfjsGraphModel.load(ChainGraph.write(tmp), Device.cpu())) {
            List<WeightLayer> layers = model.weightLayers(ChainGraph.OUT);
            assertEquals(List.of("head", "dw", "conv"), layers.stream().map(WeightLayer::node).toList());
            // out = 2 * head(act(bn_shift(bn_scale(dw(relu(bias(conv(x / 255))))))))
            assertEquals(List.of(1, 5, 8), layers.stream().map(WeightLayer::depth).toList(), "longest paths to 'out'");
            assertEquals(List.of("head_filter", "head_bias"), layers.get(0).weights());
            assertEquals(List.of("dw_filter", "bn_scale_c", "bn_shift_c"), layers.get(1).weights());
            assertEquals(List.of("bn_scale", "bn_shift"), layers.get(1).folded());
            assertEquals(List.of("conv_filter", "conv_bias"), layers.get(2).weights());
            assertEquals(List.of("bias"), layers.get(2).folded());
            assertEquals(4 * 2 + 2, layers.get(0).parameters());
            // the input scaling (Mul by 1/255) and the output Mul by 2 are not learned weights
            Set<String> all = new HashSet<>();
            layers.forEach(l -> all.addAll(l.weights()));
            assertFalse(all.contains("inv255") || all.contains("two"), all.toString());
            // counted from an inner node, only what it depends on; the cut node itself is depth 0
            List<WeightLayer> inner = model.weightLayers("dw");
            assertEquals(List.of("dw", "conv"), inner.stream().map(WeightLayer::node).toList());
            assertEquals(List.of("dw_filter"), inner.get(0).weights(), "the batch norm after 'dw' is not upstream of it");
            assertEquals(0, inner.get(0).depth());
            assertEquals(List.of(), model.weightLayers("scaled"));
            assertThrows(IllegalArgumentException.class, () -> model.weightLayers("no/such/node"));
        }
    }

    /** Top first, and never after a layer it reads from: what makes "below the k-th layer" well defined. */
    @Test
    void syntheticGraphLayersAreEveryConvolutionUpstreamTopFirst() throws IOException {
        try (TfjsGraphModel model = TfjsGraphModel.load(SyntheticGraph.write(tmp), Device.cpu())) {
            List<WeightLayer> layers = model.weightLayers(SyntheticGraph.OUT);
            Set<String> convs = new HashSet<>();
            for (String n : model.ancestors(List.of(SyntheticGraph.OUT))) {
                // transposed convolutions (Conv2DBackpropInput) are not weight layers yet: see weightLayers
                if ((model.op(n).contains("Conv2d") || model.op(n).contains("Conv2D"))
                        && !model.op(n).equals("Conv2DBackpropInput")) {
                    convs.add(n);
                }
            }
            assertEquals(8, convs.size(), "the synthetic graph has eight convolutions");
            assertEquals(convs, new HashSet<>(layers.stream().map(WeightLayer::node).toList()));
            for (int i = 0; i < layers.size(); i++) {
                for (int j = i + 1; j < layers.size(); j++) {
                    assertTrue(layers.get(i).depth() <= layers.get(j).depth(), "ordered by depth");
                    assertFalse(model.ancestors(List.of(layers.get(j).node())).contains(layers.get(i).node()),
                            layers.get(j).node() + " (lower) reads from " + layers.get(i).node() + " (higher)");
                }
            }
            // c2 -> c3 -> c4 -> d3 is the longest chain: d3 nearest the output, c2 below c3 below c4
            List<String> names = layers.stream().map(WeightLayer::node).toList();
            String c2 = SyntheticGraph.probes().get(2);
            String c3 = SyntheticGraph.probes().get(5);
            String c4 = SyntheticGraph.probes().get(6);
            String d3 = SyntheticGraph.probes().get(8);
            assertTrue(names.indexOf(d3) < names.indexOf(c4) && names.indexOf(c4) < names.indexOf(c3)
                    && names.indexOf(c3) < names.indexOf(c2), names.toString());
            for (WeightLayer l : layers) {
                assertTrue(l.weights().size() >= 1 && l.folded().isEmpty(), l.toString());
            }
        }
    }

    // ------------------------------------------------------------------ randomised copies

    @Test
    void zeroLayersGiveBitwiseIdenticalFeaturesUnderAnotherFingerprint() throws IOException {
        try (TfjsBackbone bb = syntheticBackbone(); TfjsBackbone same = bb.randomised(0, 3);
                NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            NDArray x = pixels(m, 2);
            assertArrayEquals(Gradients.noGrad(bb, x).toFloatArray(), Gradients.noGrad(same, x).toFloatArray());
            assertNotEquals(bb.fingerprint(), same.fingerprint(), "never the trained network's cache entry");
            assertEquals(bb.layer(), same.layer());
            assertEquals(bb.pooling(), same.pooling());
            assertEquals(bb.preprocessing(), same.preprocessing());
        }
    }

    /**
     * For every k: the randomised layers' outputs change, and so does the cut node, while every node
     * not downstream of a randomised layer (the k-th layer's input among them) is bitwise unchanged.
     */
    @Test
    void randomisingTheTopKLayersChangesNothingUpstreamOfThem() throws IOException {
        try (TfjsGraphModel model = TfjsGraphModel.load(SyntheticGraph.write(tmp), Device.cpu());
                NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            List<WeightLayer> layers = model.weightLayers(SyntheticGraph.OUT);
            List<String> computed = new ArrayList<>();
            for (String n : model.ancestors(List.of(SyntheticGraph.OUT))) {
                if (!model.op(n).equals("Const") && !model.op(n).equals("Placeholder") && !n.equals(model.feedNode())) {
                    computed.add(n);
                }
            }
            NDArray x = pixels(m, 1).transpose(0, 2, 3, 1);
            NDList before = Gradients.noGradList(() -> model.execute(x, TfjsGraphModel.Layout.NHWC, computed));
            for (int k = 1; k <= layers.size(); k++) {
                Set<String> randomised = new HashSet<>();
                layers.subList(0, k).forEach(l -> randomised.add(l.node()));
                Set<String> downstream = downstreamOf(model, computed, randomised);
                try (TfjsGraphModel copy = model.randomised(SyntheticGraph.OUT, k, 11)) {
                    NDList after = Gradients.noGradList(() -> copy.execute(x, TfjsGraphModel.Layout.NHWC, computed));
                    int unchanged = 0;
                    for (int i = 0; i < computed.size(); i++) {
                        String n = computed.get(i);
                        boolean same = Arrays.equals(before.get(i).toByteArray(), after.get(i).toByteArray());
                        if (randomised.contains(n)) {
                            assertFalse(same, "k = " + k + ": randomised layer " + n + " gives the trained output");
                        } else if (!downstream.contains(n)) {
                            assertTrue(same, "k = " + k + ": " + n + " is upstream of every randomised layer but changed");
                            unchanged++;
                        }
                    }
                    String input = GraphNode.nodeOf(model.resolve(model.node(layers.get(k - 1).node()).inputs().get(0)));
                    assertTrue(input.equals(model.feedNode()) || !downstream.contains(input), input);
                    assertFalse(Arrays.equals(before.get(computed.size() - 1).toByteArray(),
                            after.get(computed.size() - 1).toByteArray()), "k = " + k + ": the cut node did not change");
                    assertEquals(SyntheticGraph.OUT, computed.get(computed.size() - 1));
                    assertTrue(k == layers.size() || unchanged > 0, "k = " + k + " compared no node");
                    after.close();
                }
            }
        }
    }

    @Test
    void randomisedWeightsKeepTheOriginalMomentsAndDependOnlyOnTheSeed() throws IOException {
        try (TfjsBackbone bb = syntheticBackbone(); NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            int all = bb.weightLayers().size();
            NDArray x = pixels(m, 1);
            try (TfjsBackbone a = bb.randomised(all, 7); TfjsBackbone again = bb.randomised(all, 7);
                    TfjsBackbone other = bb.randomised(all, 8); TfjsBackbone fewer = bb.randomised(all - 1, 7)) {
                Set<String> weights = new HashSet<>();
                bb.weightLayers().forEach(l -> weights.addAll(l.weights()));
                for (String w : weights) {
                    float[] orig = bb.model().constData(w).floats();
                    float[] rand = a.model().constData(w).floats();
                    double[] mo = moments(orig);
                    double[] mr = moments(rand);
                    assertEquals(mo[0], mr[0], 1e-5 * mo[1] + 1e-7, w + ": mean");
                    assertEquals(mo[1], mr[1], 1e-5 * mo[1], w + ": standard deviation");
                    assertFalse(Arrays.equals(orig, rand), w + " was not re-initialised");
                    assertArrayEquals(rand, again.model().constData(w).floats(), w + ": same seed, same values");
                    // a constant gets the same values whichever step of the cascade randomises it
                    if (!bb.weightLayers().get(all - 1).weights().contains(w)) {
                        assertArrayEquals(rand, fewer.model().constData(w).floats(), w + " at k = all - 1");
                    }
                }
                for (String n : bb.model().nodeNames()) {
                    if (bb.model().op(n).equals("Const") && !weights.contains(n)) {
                        assertTrue(bb.model().constData(n) == a.model().constData(n), n + " is not a weight and is shared");
                    }
                }
                float[] fa = Gradients.noGrad(a, x).toFloatArray();
                assertArrayEquals(fa, Gradients.noGrad(again, x).toFloatArray(), "same seed, same features");
                assertFalse(Arrays.equals(fa, Gradients.noGrad(other, x).toFloatArray()), "another seed, other features");
                assertEquals(a.fingerprint(), again.fingerprint());
                Set<String> prints = Set.of(bb.fingerprint(), a.fingerprint(), other.fingerprint(), fewer.fingerprint());
                assertEquals(4, prints.size(), "the fingerprint depends on k and the seed");
                assertTrue(a.name().contains("top" + all) && a.name().contains("seed7"), a.name());
            }
            assertThrows(IllegalArgumentException.class, () -> bb.randomised(all + 1, 7));
            assertThrows(IllegalArgumentException.class, () -> bb.randomised(-1, 7));
        }
    }

    /** J^T v of a fully randomised copy against central differences, in float64, every pixel. */
    @Test
    void inputGradientOfARandomisedCopyMatchesFiniteDifferences() throws IOException {
        try (TfjsBackbone bb = TfjsBackbone.builder(ChainGraph.write(tmp)).layer(ChainGraph.OUT).build();
                TfjsBackbone rand = bb.randomised(bb.weightLayers().size(), 5);
                NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            Random r = new Random(3);
            int n = 3 * ChainGraph.SIZE * ChainGraph.SIZE;
            double[] xs = new double[n];
            for (int i = 0; i < n; i++) {
                xs[i] = r.nextDouble() * 255;
            }
            Shape shape = new Shape(1, 3, ChainGraph.SIZE, ChainGraph.SIZE);
            NDArray x = m.create(xs, shape);
            long d = Gradients.noGrad(rand, x).getShape().get(1);
            double[] vs = new double[(int) d];
            for (int i = 0; i < vs.length; i++) {
                vs[i] = r.nextGaussian();
            }
            NDArray v = m.create(vs, new Shape(1, d));
            double[] grad = Gradients.vjp(rand, x, v).toDoubleArray();
            double[] trained = Gradients.vjp(bb, x, v).toDoubleArray();
            assertFalse(Arrays.equals(grad, trained), "the randomised network has another gradient");
            FiniteDifferences.Result fd = FiniteDifferences.central(rand, m, xs, shape, vs, grad, 1e-4);
            assertTrue(fd.scale() > 1e-6, "the gradient is not trivially zero: " + fd.scale());
            assertTrue(fd.within(1e-6), "J^T v differs from finite differences: " + fd);
        }
    }

    /** The copy owns its arrays: closing it leaves the original as it was, and either may go first. */
    @Test
    void theOriginalIsUnchangedByMakingAndClosingCopies() throws IOException {
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            NDArray x = pixels(m, 2);
            TfjsBackbone bb = syntheticBackbone();
            try {
                float[] before = Gradients.noGrad(bb, x).toFloatArray();
                String print = bb.fingerprint();
                try (TfjsBackbone rand = bb.randomised(bb.weightLayers().size(), 1)) {
                    assertFalse(Arrays.equals(before, Gradients.noGrad(rand, x).toFloatArray()));
                }
                assertArrayEquals(before, Gradients.noGrad(bb, x).toFloatArray(), "after closing a copy");
                assertEquals(print, bb.fingerprint());
                TfjsBackbone outliving = bb.randomised(2, 1);
                bb.close();
                bb = outliving; // closed by the finally block
                assertEquals(before.length, Gradients.noGrad(outliving, x).size(),
                        "a copy runs after its original is closed");
            } finally {
                bb.close();
            }
        }
    }

    // ------------------------------------------------------------------ MoveNet Lightning

    /** MobileNetV2 counted by hand: Conv1, then 2 convolutions in block 0 and 3 in each block 1..16, then Conv_1. */
    @Test
    void moveNetLightningHasTheMobileNetV2WeightLayers() throws IOException {
        Path file = TfjsOracle.bundled(LIGHTNING);
        try (TfjsGraphModel model = TfjsGraphModel.load(file, Device.cpu())) {
            List<WeightLayer> upToBlock12 = model.weightLayers(BLOCK12_EXPAND);
            List<WeightLayer> upToOut = model.weightLayers(OUT_RELU);
            System.out.printf("MoveNet Lightning weight layers: %d up to block_12_expand_relu, %d up to out_relu%n",
                    upToBlock12.size(), upToOut.size());
            assertEquals(1 + 2 + 3 * 11 + 1, upToBlock12.size(), "Conv1, block 0, blocks 1..11, block_12_expand");
            assertEquals(1 + 2 + 3 * 16 + 1, upToOut.size(), "Conv1, block 0, blocks 1..16, Conv_1");
            assertEquals(BLOCK12_EXPAND, upToBlock12.get(0).node(), "the cut node is a fused convolution");
            assertTrue(upToOut.get(upToOut.size() - 1).node().contains("/Conv1"), upToOut.get(upToOut.size() - 1).node());
        }
    }

    /**
     * k = 0 is bitwise the trained network; k = 3 at out_relu (Conv_1, block 16 project and
     * depthwise) leaves the input of block 16's depthwise convolution bitwise unchanged, changes the
     * cut node, and gradients still reach the pixels. Prints the cost of one fully randomised copy.
     */
    @Test
    void moveNetLightningCascadeChangesTheCutNodeButNothingBelowTheKthLayer() throws IOException {
        Path file = TfjsOracle.bundled(LIGHTNING);
        try (TfjsBackbone bb = TfjsBackbone.builder(file).layer(OUT_RELU).pooling(Pooling.AVERAGE)
                        .preprocessing(BundledModel.byName(LIGHTNING).preprocessing()).build();
                NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            NDArray x = pixels(m, 1, 192);
            List<WeightLayer> layers = bb.weightLayers();
            float[] trained = Gradients.noGrad(bb, x).toFloatArray();
            try (TfjsBackbone same = bb.randomised(0, 1)) {
                assertArrayEquals(trained, Gradients.noGrad(same, x).toFloatArray(), "k = 0");
            }
            String below = GraphNode.nodeOf(bb.model().resolve(bb.model().node(layers.get(2).node()).inputs().get(0)));
            assertTrue(below.contains("block_16_expand_relu"), below);
            List<String> probe = List.of(below, OUT_RELU);
            NDList before = Gradients.noGradList(() -> bb.model().execute(x, TfjsGraphModel.Layout.NCHW, probe));
            try (TfjsBackbone rand = bb.randomised(3, 1)) {
                NDList after = Gradients.noGradList(() -> rand.model().execute(x, TfjsGraphModel.Layout.NCHW, probe));
                assertArrayEquals(before.get(0).toFloatArray(), after.get(0).toFloatArray(), below + " is below layer 3");
                assertFalse(Arrays.equals(before.get(1).toFloatArray(), after.get(1).toFloatArray()), "the cut node");
                float[] f = Gradients.noGrad(rand, x).toFloatArray();
                assertFalse(Arrays.equals(trained, f));
                NDArray g = Gradients.vjp(rand, x, m.ones(new Shape(1, f.length)));
                assertTrue(g.abs().max().getFloat() > 0, "the gradient reaches the pixels of a randomised copy");
            }
            // reported, not asserted: the machine is shared
            for (int repeat = 0; repeat < 2; repeat++) {
                long t0 = System.nanoTime();
                try (TfjsBackbone rand = bb.randomised(layers.size(), 1)) {
                    double ms = (System.nanoTime() - t0) / 1e6;
                    long params = layers.stream().mapToLong(WeightLayer::parameters).sum();
                    System.out.printf("MoveNet Lightning, all %d layers up to out_relu randomised: copy made in %.0f ms, "
                            + "%.1f MB native weights (the original: %.1f MB), %.1f MB host arrays for %d re-initialised "
                            + "values%n", layers.size(), ms, rand.model().nativeWeightBytes() / 1e6,
                            bb.model().nativeWeightBytes() / 1e6, params * 4 / 1e6, params);
                    assertTrue(Float.isFinite(Gradients.noGrad(rand, x).sum().getFloat()), "features stay finite");
                }
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private TfjsBackbone syntheticBackbone() throws IOException {
        return TfjsBackbone.builder(SyntheticGraph.write(tmp)).layer(SyntheticGraph.OUT).build();
    }

    /** Seeded pixels {@code [n, 3, 8, 8]} in 0..255 for the synthetic graph. */
    private static NDArray pixels(NDManager m, int n) {
        return pixels(m, n, SyntheticGraph.H);
    }

    /** Seeded pixels {@code [n, 3, size, size]} in 0..255. */
    private static NDArray pixels(NDManager m, int n, int size) {
        Random r = new Random(17);
        float[] v = new float[n * 3 * size * size];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() * 255;
        }
        return m.create(v, new Shape(n, 3, size, size));
    }

    /** The nodes that read, directly or not, from one of {@code roots} (the roots included). */
    private static Set<String> downstreamOf(TfjsGraphModel model, List<String> topological, Set<String> roots) {
        Set<String> out = new HashSet<>(roots);
        for (String n : topological) {
            for (String d : model.dependencies(n)) {
                if (out.contains(d)) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    private static double[] moments(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        double mean = Arrays.stream(d).average().orElse(0);
        double ss = Arrays.stream(d).map(a -> (a - mean) * (a - mean)).sum();
        return new double[] {mean, Math.sqrt(ss / d.length)};
    }

    /**
     * A float-input chain written by hand, {@code out = 2 * head(relu6(dw(relu(conv(x / 255) + b)) * s + t))}:
     * an unfused {@code Conv2D} + {@code BiasAdd}, an unfused depthwise convolution followed by a
     * batch norm left as {@code Mul} and {@code AddV2} with per-channel constants, a fused 1x1 head,
     * and scalar constants (input scaling, output factor) that are not weights.
     */
    static final class ChainGraph {
        static final String OUT = "out";
        static final int SIZE = 6;

        private final ObjectMapper json = new ObjectMapper();
        private final ArrayNode nodes = json.createArrayNode();
        private final ArrayNode weights = json.createArrayNode();
        private final ByteArrayOutputStream bin = new ByteArrayOutputStream();
        private final Random rnd = new Random(5);

        static Path write(Path dir) throws IOException {
            ChainGraph g = new ChainGraph();
            ObjectNode ph = g.node("x", "Placeholder", List.of());
            ph.putObject("attr").putObject("dtype").put("type", "DT_FLOAT");
            ArrayNode dims = ((ObjectNode) ph.get("attr")).putObject("shape").putObject("shape").putArray("dim");
            for (long d : new long[] {1, SIZE, SIZE, 3}) {
                dims.addObject().put("size", Long.toString(d));
            }
            g.constant("inv255", new long[0], 1 / 255f, 0);
            g.node("scaled", "Mul", List.of("x", "inv255"));
            g.constant("conv_filter", new long[] {3, 3, 3, 4}, 0, 0.3);
            g.conv("conv", "Conv2D", List.of("scaled", "conv_filter"), List.of());
            g.constant("conv_bias", new long[] {4}, 0.1f, 0.2);
            g.node("bias", "BiasAdd", List.of("conv", "conv_bias"));
            g.node("relu", "Relu", List.of("bias"));
            g.constant("dw_filter", new long[] {3, 3, 4, 1}, 0, 0.4);
            g.conv("dw", "DepthwiseConv2dNative", List.of("relu", "dw_filter"), List.of());
            g.constant("bn_scale_c", new long[] {4}, 1.5f, 0.3);
            g.node("bn_scale", "Mul", List.of("dw", "bn_scale_c"));
            g.constant("bn_shift_c", new long[] {4}, 0.5f, 0.2);
            g.node("bn_shift", "AddV2", List.of("bn_scale", "bn_shift_c"));
            g.node("act", "Relu6", List.of("bn_shift"));
            g.constant("head_filter", new long[] {1, 1, 4, 2}, 0, 0.5);
            g.constant("head_bias", new long[] {2}, 0.1f, 0.1);
            g.conv("head", "_FusedConv2D", List.of("act", "head_filter", "head_bias"), List.of("BiasAdd", "Relu"));
            g.constant("two", new long[0], 2f, 0);
            g.node(OUT, "Mul", List.of("head", "two"));
            return g.save(dir);
        }

        private ObjectNode node(String name, String op, List<String> inputs) {
            ObjectNode n = nodes.addObject();
            n.put("name", name);
            n.put("op", op);
            ArrayNode in = n.putArray("input");
            inputs.forEach(in::add);
            if (!op.equals("Placeholder")) {
                n.putObject("attr").putObject("T").put("type", "DT_FLOAT");
            }
            return n;
        }

        private void conv(String name, String op, List<String> inputs, List<String> fused) {
            ObjectNode a = (ObjectNode) node(name, op, inputs).get("attr");
            a.putObject("padding").put("s", b64("SAME"));
            ArrayNode s = a.putObject("strides").putObject("list").putArray("i");
            List.of("1", "1", "1", "1").forEach(s::add);
            if (!fused.isEmpty()) {
                ArrayNode f = a.putObject("fused_ops").putObject("list").putArray("s");
                fused.forEach(v -> f.add(b64(v)));
                a.putObject("num_args").put("i", "1");
            }
        }

        /** A float32 constant: {@code mean + spread * N(0, 1)} per value. */
        private void constant(String name, long[] shape, float mean, double spread) {
            ObjectNode c = nodes.addObject();
            c.put("name", name);
            c.put("op", "Const");
            c.putObject("attr").putObject("dtype").put("type", "DT_FLOAT");
            int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            ByteBuffer buf = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                buf.putFloat((float) (mean + spread * rnd.nextGaussian()));
            }
            bin.writeBytes(buf.array());
            ObjectNode w = weights.addObject();
            w.put("name", name);
            ArrayNode s = w.putArray("shape");
            Arrays.stream(shape).forEach(s::add);
            w.put("dtype", "float32");
        }

        private static String b64(String s) {
            return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
        }

        private Path save(Path dir) throws IOException {
            Files.createDirectories(dir);
            ObjectNode root = json.createObjectNode();
            root.put("format", "graph-model");
            root.putObject("modelTopology").set("node", nodes);
            root.putObject("signature").putObject("outputs").putObject(OUT + ":0").put("name", OUT + ":0");
            ObjectNode group = root.putArray("weightsManifest").addObject();
            group.putArray("paths").add("weights.bin");
            group.set("weights", weights);
            Files.write(dir.resolve("weights.bin"), bin.toByteArray());
            Path file = dir.resolve("model.json");
            json.writeValue(file.toFile(), root);
            return file;
        }
    }
}
