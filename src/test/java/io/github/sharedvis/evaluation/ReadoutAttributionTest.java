package io.github.sharedvis.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.attribution.AttributionMethod;
import io.github.sharedvis.attribution.PairAttribution;
import io.github.sharedvis.attribution.SharedSaliency;
import io.github.sharedvis.attribution.Weighting;
import io.github.sharedvis.backbone.Gradients;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.backbone.TorchScriptBackbone;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's fixed-direction attributions against the engine (itself tested against PyTorch
 * autograd and explicit Jacobians): with {@code u = v} from the engine's weighting, the ooc half of
 * parallel backpropagation; and Integrated Gradients' completeness.
 */
class ReadoutAttributionTest {

    static final Path MODEL = Path.of("src/test/resources/fixtures/attribution/model.pt");
    static TorchScriptBackbone net;

    @BeforeAll
    static void open() throws IOException {
        Preprocessing pre = new Preprocessing(0, 10, 10, true, 1f, new float[3], new float[] {1, 1, 1});
        net = TorchScriptBackbone.builder(MODEL).preprocessing(pre).build();
    }

    @AfterAll
    static void close() {
        net.close();
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void fixedSharedWeightingReproducesTheEnginesOocMaps() {
        int plane = 3 * 10 * 10;
        float[] a = random(2 * plane, 1);
        float[] b = random(2 * plane, 2);
        Shape s = new Shape(2, 3, 10, 10);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray fa = Gradients.noGrad(net, m.create(a, s));
            NDArray fb = Gradients.noGrad(net, m.create(b, s));
            int d = (int) fa.getShape().get(1);
            float[] w = random(d, 3);
            float[] v = Weighting.PAPER.apply(fa, fb, m.create(w)).toFloatArray();
            float[][] u = {java.util.Arrays.copyOfRange(v, 0, d), java.util.Arrays.copyOfRange(v, d, 2 * d)};
            ReadoutAttribution ra = new ReadoutAttribution(net, 3);
            for (AttributionMethod method : new AttributionMethod[] {AttributionMethod.GRADIENT,
                AttributionMethod.INTEGRATED_GRADIENTS}) {
                SharedSaliency engine = SharedSaliency.builder(net).method(method).steps(7).build();
                float[] expected;
                try (PairAttribution pa = engine.attribute(m.create(a, s), m.create(b, s), m.create(w))) {
                    expected = pa.a().toFloatArray();
                }
                float[] got = method == AttributionMethod.GRADIENT ? ra.gradient(a, s, u)
                        : ra.integratedGradients(a, s, u, new float[plane], 7);
                double scale = 0;
                for (float e : expected) {
                    scale = Math.max(scale, Math.abs(e));
                }
                for (int i = 0; i < got.length; i++) {
                    assertEquals(expected[i], got[i], 1e-4 * scale, method + " at " + i);
                }
            }
        }
    }

    @Test
    void integratedGradientsAreComplete() {
        // Σ IG = u·f(x) − u·f(x0), up to the midpoint rule's error that shrinks with the steps
        int plane = 3 * 10 * 10;
        float[] x = random(plane, 5);
        float[] x0 = new float[plane];
        Shape s = new Shape(1, 3, 10, 10);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] fx = Gradients.noGrad(net, m.create(x, s)).toFloatArray();
            float[] f0 = Gradients.noGrad(net, m.create(x0, s)).toFloatArray();
            float[] u = random(fx.length, 6);
            double delta = 0;
            for (int k = 0; k < u.length; k++) {
                delta += u[k] * (fx[k] - f0[k]);
            }
            float[] ig = new ReadoutAttribution(net, 64).integratedGradients(x, s, new float[][] {u}, x0, 256);
            double sum = 0;
            for (float g : ig) {
                sum += g;
            }
            assertEquals(delta, sum, 0.02 * Math.abs(delta) + 1e-3);
        }
    }
}
