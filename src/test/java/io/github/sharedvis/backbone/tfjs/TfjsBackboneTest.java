package io.github.sharedvis.backbone.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.Gradients;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The bundled MoveNet as a sharedvis {@link Backbone}: opened by name through
 * {@link Backbones#withDefaults()}, NCHW in, the cut node converted to NCHW before pooling (checked
 * against the tfjs oracle's NHWC output), a batch of two in one pass, gradients per image, errors.
 */
class TfjsBackboneTest {

    static final String BLOCK16 =
            "StatefulPartitionedCall/center_net_mobile_net_v2fpn_feature_extractor/model_1/model/block_16_project_BN/FusedBatchNormV3";

    @TempDir
    Path tmp;

    @Test
    void bundledMoveNetPoolsTheTfjsNodeOverSpaceAndBatches() throws Exception {
        TfjsOracle.bundled("movenet-thunder");
        Path dir = TfjsOracle.oracle("movenet-thunder");
        JsonNode meta = new ObjectMapper().readTree(dir.resolve("nodes.json").toFile());
        String file = null;
        for (JsonNode o : meta.get("outputs")) {
            if (o.get("node").asText().equals(BLOCK16)) {
                file = o.get("file").asText();
            }
        }
        try (Backbone avg = Backbones.withDefaults().open(BackboneSpec.of("movenet-thunder", null)
                        .withPooling(Pooling.AVERAGE));
                Backbone flat = Backbones.withDefaults().open(BackboneSpec.of("movenet-thunder", BLOCK16));
                NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            TfjsBackbone bb = assertInstanceOf(TfjsBackbone.class, avg);
            assertEquals(BLOCK16, bb.layer(), "the bundled default node");
            assertEquals(Preprocessing.raw255(256), bb.preprocessing());
            assertTrue(bb.model().batchSafe(List.of(BLOCK16)),
                    "MoveNet's batch-1 preamble (Unpack/ExpandDims/Squeeze) is folded so N > 1 runs in one pass");
            NDArray expected = TfjsOracle.load(m, dir.resolve(file)); // [1, 8, 8, C] NHWC from tfjs
            long c = expected.getShape().get(3);
            NDArray x = TfjsOracle.load(m, dir.resolve("input_nhwc.npy")).transpose(0, 3, 1, 2);
            NDArray other = x.neg().add(255);
            NDArray batch = NDArrays.concat(new ai.djl.ndarray.NDList(x, other), 0);

            NDArray f = Gradients.noGrad(avg, batch);
            assertEquals(new Shape(2, c), f.getShape(), "AVERAGE pools space: one value per channel");
            TfjsOracle.assertRelClose(expected.mean(new int[] {1}).mean(new int[] {1}), f.get("0:1"), 1e-4,
                    "image 0, mean over space of the tfjs node");
            TfjsOracle.assertRelClose(Gradients.noGrad(avg, other), f.get("1:2"), 1e-5, "image 1 alone vs in the batch");

            NDArray g = Gradients.noGrad(flat, x);
            TfjsOracle.assertRelClose(expected.transpose(0, 3, 1, 2).reshape(1, -1), g, 1e-4,
                    "Pooling.NONE flattens the node in NCHW order");
        }
    }

    @Test
    void batchGradientsEqualSingleImageGradients() throws Exception {
        TfjsOracle.bundled("movenet-lightning");
        try (Backbone bb = Backbones.withDefaults().open(BackboneSpec.of("movenet-lightning", null)
                        .withPooling(Pooling.AVERAGE));
                NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            NDArray x = m.randomUniform(0, 255, new Shape(2, 3, 192, 192));
            long d = Gradients.noGrad(bb, x.get("0:1")).getShape().get(1);
            NDArray v = m.randomNormal(new Shape(2, d));
            NDArray both = Gradients.vjp(bb, x, v);
            assertEquals(x.getShape(), both.getShape());
            for (int i = 0; i < 2; i++) {
                String r = i + ":" + (i + 1);
                NDArray one = Gradients.vjp(bb, x.get(r), v.get(r));
                assertTrue(one.abs().max().getFloat() > 0, "the gradient reaches the pixels");
                // float32: batched and single convolutions round differently, which flips the odd
                // ReLU6 mask of a unit sitting on 0 or 6 in random-noise images and moves that
                // unit's share of the gradient; measured up to 0.3% (L2). The exact batch-vs-single
                // check is TfjsGraphModelTest's, in float64.
                double l2 = one.sub(both.get(r)).norm().getFloat() / one.norm().getFloat();
                assertTrue(l2 < 1e-2, "gradient of image " + i + " in the batch vs alone, L2 relative " + l2);
            }
        }
    }

    @Test
    void missingModelsSayMakeModels() {
        String before = System.getProperty("sharedvis.models");
        System.setProperty("sharedvis.models", tmp.toString());
        try {
            IOException e = assertThrows(IOException.class,
                    () -> Backbones.withDefaults().open(BackboneSpec.of("centernet", null)));
            assertTrue(e.getMessage().contains("make models") && e.getMessage().contains(tmp.toString()), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty("sharedvis.models");
            } else {
                System.setProperty("sharedvis.models", before);
            }
        }
    }

    @Test
    void unknownNodeIsAClearError() {
        TfjsOracle.bundled("movenet-lightning");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backbones.withDefaults().open(BackboneSpec.of("movenet-lightning", "no/such/node")));
        assertTrue(e.getMessage().contains("no/such/node") && e.getMessage().contains("--layers"), e.getMessage());
    }

    @Test
    void aUniqueTrailingPartNamesANode() throws Exception {
        TfjsOracle.bundled("movenet-lightning");
        try (var bb = Backbones.withDefaults().open(BackboneSpec.of("movenet-lightning", "out_relu/Relu6"))) {
            assertTrue(bb.layer().endsWith("/model/out_relu/Relu6") && bb.layer().startsWith("StatefulPartitionedCall/"),
                    bb.layer());
        }
        // "Relu6" ends many node names: ambiguous, and the message says so
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backbones.withDefaults().open(BackboneSpec.of("movenet-lightning", "Relu6")));
        assertTrue(e.getMessage().contains("give more of the name"), e.getMessage());
    }

    @Test
    void cliListsTheNodesWithShapes() {
        TfjsOracle.bundled("movenet-thunder");
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("backbones", "--model", "movenet-thunder", "--layers");
        assertEquals(0, code, out.toString());
        String text = out.toString();
        assertTrue(text.contains(BLOCK16 + " [560, 8, 8]"), text.substring(0, Math.min(2000, text.length())));
        assertTrue(text.contains("Identity [3, 1, 17]"), "the keypoint output [1, 1, 17, 3] as the backbone delivers it, NCHW");
    }
}
