package io.github.sharedvis.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.TestFixtures;
import io.github.sharedvis.backbone.tfjs.BundledModel;
import io.github.sharedvis.synthetic.SilhouetteStimuli;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Features of several nodes from one forward pass equal those of one pass per node through the
 * shipped {@link FeatureExtractor} (TorchScript dict outputs and a TF.js graph), and the entries they
 * leave in the cache are the ones a single-node extraction reads.
 */
class MultiNodeExtractorTest {

    @TempDir
    Path tmp;

    private static final Path TINY = Path.of("src/test/resources/fixtures/tiny_conv/model.pt");
    private static final Preprocessing PRE = new Preprocessing(0, 32, 32, true, 1f / 255f,
            new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f});

    private List<Path> images(int perCategory) throws IOException {
        return new SilhouetteStimuli(64, 2).write(tmp.resolve("stimuli"), perCategory);
    }

    /** One pass for all nodes vs one FeatureExtractor per node, then the single-node cache hits. */
    private void check(String model, Preprocessing pre, List<String> nodes, Pooling pooling, int batch,
            List<Path> images) throws IOException {
        Backbones reg = Backbones.withDefaults();
        List<String> fps = new ArrayList<>();
        for (String n : nodes) {
            fps.add(reg.fingerprint(new BackboneSpec(model, n, pooling, pre, "cpu")));
        }
        Path cache = tmp.resolve("cache-" + pooling);
        List<float[][]> multi;
        try (Backbone bb = reg.open(new BackboneSpec(model, nodes.get(0), pooling, pre, "cpu"))) {
            multi = new MultiNodeExtractor(bb, nodes, fps, batch, cache, null).extract(images);
        }
        for (int k = 0; k < nodes.size(); k++) {
            try (Backbone one = reg.open(new BackboneSpec(model, nodes.get(k), pooling, pre, "cpu"))) {
                assertEquals(fps.get(k), one.fingerprint(), "the fingerprint the entries are keyed by");
                float[][] single = FeatureExtractor.builder(one).batchSize(batch).build().extract(images);
                for (int i = 0; i < images.size(); i++) {
                    assertEquals(single[i].length, multi.get(k)[i].length, nodes.get(k));
                    assertArrayEquals(single[i], multi.get(k)[i], 1e-6f, nodes.get(k) + " image " + i);
                }
                FeatureExtractor cached = FeatureExtractor.builder(one).batchSize(batch).cacheDir(cache).build();
                assertEquals(List.of(), cached.uncached(images), "a run cut at " + nodes.get(k) + " hits the cache");
                float[][] fromCache = cached.extract(images);
                for (int i = 0; i < images.size(); i++) {
                    assertArrayEquals(multi.get(k)[i], fromCache[i], 0f);
                }
                // another batch size is another entry: not served
                assertEquals(images.size(), FeatureExtractor.builder(one).batchSize(batch + 1).cacheDir(cache).build()
                        .uncached(images).size());
            }
        }
    }

    @Test
    void torchScriptDictOutputsInOnePassEqualOnePassPerNode() throws Exception {
        List<Path> images = images(2); // 10 images: two full batches of 4 and a padded one
        check(TINY.toString(), PRE, List.of("conv1", "conv2", "pool", "fc"), Pooling.NONE, 4, images);
        check(TINY.toString(), PRE, List.of("conv2", "conv1"), Pooling.AVERAGE, 4, images);
    }

    @Test
    void tfjsNodesInOnePassEqualOnePassPerNode() throws Exception {
        Path file;
        try {
            file = BundledModel.byName("movenet-lightning").path();
        } catch (IOException e) {
            TestFixtures.missing(e.getMessage());
            return;
        }
        String prefix = "StatefulPartitionedCall/center_net_mobile_net_v2fpn_feature_extractor/model_1/model/";
        List<String> nodes = List.of(prefix + "block_3_expand_relu/Relu6", prefix + "block_10_expand_relu/Relu6",
                prefix + "out_relu/Relu6");
        assertTrue(file.toFile().isFile());
        check("movenet-lightning", null, nodes, Pooling.AVERAGE, 2, images(1).subList(0, 3));
    }

    @Test
    void aBackboneWithoutMultiNodeSupportRefusesOtherNodes() throws Exception {
        try (Backbone bb = Backbones.withDefaults().open(new BackboneSpec(TINY.toString(), "conv1", Pooling.NONE, PRE,
                "cpu"))) {
            Backbone plain = new Backbone() { // the interface's default: only its own node
                public ai.djl.ndarray.NDArray features(ai.djl.ndarray.NDArray b) {
                    return bb.features(b);
                }
                public String name() {
                    return "plain";
                }
                public String layer() {
                    return "conv1";
                }
                public List<LayerInfo> layers() {
                    return bb.layers();
                }
                public Pooling pooling() {
                    return bb.pooling();
                }
                public Preprocessing preprocessing() {
                    return bb.preprocessing();
                }
                public ai.djl.Device device() {
                    return bb.device();
                }
                public String fingerprint() {
                    return bb.fingerprint();
                }
                public String codeVersion() {
                    return "plain";
                }
                public void close() {}
            };
            List<Path> images = images(1).subList(0, 2);
            assertEquals(1, new MultiNodeExtractor(plain, List.of("conv1"), List.of("fp"), 2, null, null)
                    .extract(images).size());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MultiNodeExtractor(
                    plain, List.of("conv1", "conv2"), List.of("a", "b"), 2, null, null).extract(images));
            assertTrue(e.getMessage().contains("conv2"), e.getMessage());
        }
    }
}
