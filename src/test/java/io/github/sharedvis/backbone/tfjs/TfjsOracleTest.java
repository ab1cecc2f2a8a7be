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
 * The imported MoveNet Thunder and CenterNet against @tensorflow/tfjs (pure JavaScript, run by Node
 * on the same model files and inputs by {@code scripts/tfjs-oracle.sh}): node outputs at several cut
 * nodes within 1e-4 relative (max-norm), and CenterNet's input gradient of an inner node against
 * tfjs's own {@code tf.grad}. When node, the tfjs outputs or the models are absent it skips with the
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
        Path file = TfjsOracle.bundled("centernet");
        Path dir = TfjsOracle.oracle("centernet");
        JsonNode meta = new ObjectMapper().readTree(dir.resolve("nodes.json").toFile());
        if (!meta.hasNonNull("grad")) {
            TestFixtures.missing(dir + "/nodes.json has no tfjs gradient; rerun scripts/tfjs-oracle.sh (make fixtures)");
        }
        String node = meta.get("grad").get("node").asText();
        try (TfjsBackbone bb = TfjsBackbone.builder(file).layer(node).pooling(Pooling.NONE).build();
                NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            NDArray x = TfjsOracle.load(m, dir.resolve("input_nhwc.npy")).transpose(0, 3, 1, 2);
            // v is NHWC like the node in TF; the backbone delivers NCHW, flattened
            NDArray v = TfjsOracle.load(m, dir.resolve("grad_v.npy")).transpose(0, 3, 1, 2).reshape(1, -1);
            NDArray g = Gradients.vjp(bb, x, v);
            NDArray expected = TfjsOracle.load(m, dir.resolve("grad.npy")).transpose(0, 3, 1, 2);
            System.out.printf("tfjs oracle centernet gradient of %s: relative error %.2e%n", node,
                    TfjsOracle.relError(expected, g));
            TfjsOracle.assertRelClose(expected, g, TOL, "d<v, " + node + ">/dx");
        }
    }
}
