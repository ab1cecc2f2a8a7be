package io.github.sharedvis.backbone.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sharedvis.TestFixtures;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.Gradients;
import io.github.sharedvis.backbone.Pooling;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The imported MoveNet Thunder, CenterNet, FaceRes and MobileFaceNet against @tensorflow/tfjs (pure
 * JavaScript, run by Node on the same model files and inputs by {@code scripts/tfjs-oracle.sh}): node
 * outputs at several cut nodes within 1e-4 relative (max-norm), and the input gradient of an inner
 * node (CenterNet) or of the default readout node (the face networks) against tfjs's own
 * {@code tf.grad}. When node, the tfjs outputs or the models are absent it skips with the
 * reason, and fails under CI ({@link TestFixtures}), where {@code make fixtures} has made them.
 */
class TfjsOracleTest {

    static final double TOL = 1e-4;

    @Test
    void moveNetThunderNodesMatchTfjs() throws Exception {
        compareNodes("movenet-thunder");
    }

    @Test
    void centerNetNodesMatchTfjs() throws Exception {
        compareNodes("centernet");
    }

    @Test
    void faceResNodesMatchTfjs() throws Exception {
        compareNodes("faceres");
    }

    @Test
    void mobileFaceNetNodesMatchTfjs() throws Exception {
        compareNodes("mobilefacenet");
    }

    private void compareNodes(String name) throws Exception {
        Path file = TfjsOracle.bundled(name);
        Path dir = TfjsOracle.oracle(name);
        JsonNode meta = new ObjectMapper().readTree(dir.resolve("nodes.json").toFile());
        try (TfjsGraphModel model = TfjsGraphModel.load(file, Device.cpu());
                NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            assertEquals(meta.get("feed").asText(), model.feedNode(), "the float input enters where tfjs was fed");
            NDArray x = TfjsOracle.load(m, dir.resolve("input_nhwc.npy"));
            List<String> nodes = new ArrayList<>();
            for (JsonNode o : meta.get("outputs")) {
                nodes.add(o.get("node").asText());
            }
            NDList out = Gradients.noGradList(() -> model.execute(x, TfjsGraphModel.Layout.NHWC, nodes));
            int i = 0;
            for (JsonNode o : meta.get("outputs")) {
                NDArray expected = TfjsOracle.load(m, dir.resolve(o.get("file").asText()));
                NDArray actual = out.get(i++);
                System.out.printf("tfjs oracle %s %s %s: relative error %.2e%n", name, o.get("node").asText(),
                        expected.getShape(), TfjsOracle.relError(expected, actual));
                TfjsOracle.assertRelClose(expected, actual, TOL, name + " node " + o.get("node").asText());
            }
        }
    }

    @Test
    void centerNetInputGradientMatchesTfGrad() throws Exception {
        compareGradient("centernet");
    }

    @Test
    void faceResInputGradientMatchesTfGrad() throws Exception {
        compareGradient("faceres");
    }

    @Test
    void mobileFaceNetInputGradientMatchesTfGrad() throws Exception {
        compareGradient("mobilefacenet");
    }

    /** {@code J(x)^T v} of the oracle's gradient node through the backbone, against tfjs's {@code tf.grad}. */
    private void compareGradient(String name) throws Exception {
        Path file = TfjsOracle.bundled(name);
        Path dir = TfjsOracle.oracle(name);
        JsonNode meta = new ObjectMapper().readTree(dir.resolve("nodes.json").toFile());
        if (!meta.hasNonNull("grad")) {
            TestFixtures.missing(dir + "/nodes.json has no tfjs gradient; rerun scripts/tfjs-oracle.sh (make fixtures)");
        }
        String node = meta.get("grad").get("node").asText();
        try (TfjsBackbone bb = TfjsBackbone.builder(file).layer(node).pooling(Pooling.NONE).build();
                NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            NDArray x = TfjsOracle.load(m, dir.resolve("input_nhwc.npy")).transpose(0, 3, 1, 2);
            // v is NHWC like the node in TF; the backbone delivers NCHW (a 4-D node), flattened
            NDArray v = TfjsOracle.load(m, dir.resolve("grad_v.npy"));
            if (v.getShape().dimension() == 4) {
                v = v.transpose(0, 3, 1, 2);
            }
            NDArray g = Gradients.vjp(bb, x, v.reshape(1, -1));
            NDArray expected = TfjsOracle.load(m, dir.resolve("grad.npy")).transpose(0, 3, 1, 2);
            System.out.printf("tfjs oracle %s gradient of %s: relative error %.2e%n", name, node,
                    TfjsOracle.relError(expected, g));
            TfjsOracle.assertRelClose(expected, g, TOL, name + ": d<v, " + node + ">/dx");
        }
    }
}
