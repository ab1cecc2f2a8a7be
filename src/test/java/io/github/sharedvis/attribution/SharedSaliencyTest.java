package io.github.sharedvis.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sharedvis.backbone.FeatureFunction;
import io.github.sharedvis.backbone.Gradients;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.backbone.TorchOracle;
import io.github.sharedvis.backbone.TorchScriptBackbone;
import io.github.sharedvis.data.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SharedSaliency} against independent oracles: the explicit Jacobian (one backward pass per
 * latent dimension, contracted in double precision), PyTorch autograd in Python (fixtures from
 * {@code scripts/fixtures_attribution.py}), the completeness axiom of Integrated Gradients and the
 * closed-form expectation of SmoothGrad on a cubic feature function.
 */
class SharedSaliencyTest {

    static final Path DIR = TorchOracle.SMALL.resolve("attribution");
    static TorchScriptBackbone net;
    static NDManager root;

    @BeforeAll
    static void open() throws IOException {
        Preprocessing pre = new Preprocessing(0, 10, 10, true, 1f, new float[3], new float[] {1, 1, 1});
        net = TorchScriptBackbone.builder(DIR.resolve("model.pt")).preprocessing(pre).build();
        root = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        root.close();
        net.close();
    }

    static NDArray load(NDManager m, String name) throws IOException {
        Npy.Array a = Npy.read(DIR.resolve(name + ".npy"));
        return m.create(a.toFloats(), new Shape(a.shape()));
    }

    static double[] expected(String name) throws IOException {
        return Npy.read(DIR.resolve(name + ".npy")).data();
    }

    static double[][] rows(NDArray x) {
        int n = (int) x.getShape().get(0);
        int d = (int) (x.getShape().size() / n);
        float[] f = x.toFloatArray();
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                out[i][k] = f[i * d + k];
            }
        }
        return out;
    }

    static double[] flat(double[][] x) {
        return Stream.of(x).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    /** The maps of every weighting equal Σ_k v_k ∂f_k/∂x from the explicit Jacobian. */
    static Stream<Arguments> weightingsAndWeights() {
        List<Arguments> out = new ArrayList<>();
        for (Weighting wt : Weighting.values()) {
            for (String w : List.of("w1", "wN")) {
                out.add(Arguments.of(wt, w));
            }
        }
        return out.stream();
    }

    /** The weightings the PyTorch fixtures of scripts/fixtures_attribution.py cover. */
    static Stream<Arguments> weightingsWithTorchFixtures() {
        List<Arguments> out = new ArrayList<>();
        for (Weighting wt : List.of(Weighting.PAPER, Weighting.SIGNED, Weighting.EXCITATORY)) {
            for (String w : List.of("w1", "wN")) {
                out.add(Arguments.of(wt, w));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("weightingsAndWeights")
    void equalsExplicitJacobianOnTorchScriptNet(Weighting weighting, String wName) throws IOException {
        try (NDManager m = root.newSubManager()) {
            NDArray a = load(m, "a");
            NDArray b = load(m, "b");
            NDArray w = load(m, wName);
            checkAgainstJacobian(net, a, b, w, weighting);
        }
    }

    @ParameterizedTest
    @EnumSource(Weighting.class)
    void equalsExplicitJacobianOnClosedFormFunction(Weighting weighting) {
        // Any FeatureFunction, not only backbones: f(x) = tanh(flatten(x) M) ⊙ (flatten(x) M2).
        try (NDManager m = root.newSubManager()) {
            Random rnd = new Random(5);
            NDArray mat = m.create(gaussian(rnd, 48 * 7), new Shape(48, 7)).div(4);
            NDArray mat2 = m.create(gaussian(rnd, 48 * 7), new Shape(48, 7)).div(4);
            FeatureFunction f = x -> {
                NDArray flat = x.reshape(x.getShape().get(0), -1);
                return flat.matMul(mat).tanh().mul(flat.matMul(mat2));
            };
            NDArray a = m.create(gaussian(rnd, 2 * 48), new Shape(2, 3, 4, 4));
            NDArray b = m.create(gaussian(rnd, 2 * 48), new Shape(2, 3, 4, 4));
            NDArray w = m.create(gaussian(rnd, 2 * 7), new Shape(2, 7));
            checkAgainstJacobian(f, a, b, w, weighting);
        }
    }

    /**
     * Every weighting relative to every kind of reference point (a random centre, and for z-scoring a
     * random scale) equals the explicit Jacobian contracted with {@code v / s}, on the TorchScript
     * net (both GRADIENT paths: fused and one image per pass) and on a closed-form function.
     */
    static Stream<Arguments> weightingsAndReferencePoints() {
        List<Arguments> out = new ArrayList<>();
        for (Weighting wt : Weighting.values()) {
            for (ReferencePoint.Kind kind : ReferencePoint.Kind.values()) {
                for (int ibs : new int[] {32, 1}) {
                    out.add(Arguments.of(wt, kind, ibs));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} batch {2}")
    @MethodSource("weightingsAndReferencePoints")
    void relativeToReferencePointEqualsExplicitJacobian(Weighting weighting, ReferencePoint.Kind kind, int ibs)
            throws IOException {
        try (NDManager m = root.newSubManager()) {
            NDArray a = load(m, "a");
            NDArray b = load(m, "b");
            NDArray w = load(m, "wN");
            int d = (int) w.getShape().get(1);
            Random rnd = new Random(11 + kind.ordinal());
            double[][] fa = rows(Gradients.noGrad(net, a));
            // A centre inside the features' range, so that both signs of f - c occur.
            float[] c = new float[d];
            float[] s = new float[d];
            for (int k = 0; k < d; k++) {
                c[k] = kind == ReferencePoint.Kind.NONE ? 0 : (float) (fa[0][k] * rnd.nextDouble() * 1.5);
                s[k] = kind == ReferencePoint.Kind.ZSCORE ? (float) (0.2 + rnd.nextDouble()) : 1f;
            }
            ReferencePoint point = new ReferencePoint(kind, c, s);
            checkAgainstJacobian(net, a, b, w, weighting, point, ibs);
        }
    }

    private static void checkAgainstJacobian(FeatureFunction f, NDArray a, NDArray b, NDArray w, Weighting weighting) {
        checkAgainstJacobian(f, a, b, w, weighting, null, SharedSaliency.DEFAULT_INTERNAL_BATCH_SIZE);
    }

    private static void checkAgainstJacobian(FeatureFunction f, NDArray a, NDArray b, NDArray w, Weighting weighting,
            ReferencePoint point, int ibs) {
        int n = (int) a.getShape().get(0);
        double[][] fa = rows(Gradients.noGrad(f, a));
        double[][] fb = rows(Gradients.noGrad(f, b));
        double[][] wr = w.getShape().dimension() == 2 ? rows(w) : broadcast(rows(w.reshape(1, -1))[0], n);
        double[] c = point == null ? null : toDouble(point.centre());
        double[] s = point == null ? null : toDouble(point.scale());
        double[][] v = ExplicitJacobian.sharedWeights(weighting, fa, fb, wr, c, s);
        // The objective is v · f̃ = v · (f - c) / s: its gradient on f is v / s (READOUT: w itself).
        double[][] g = new double[n][];
        for (int i = 0; i < n; i++) {
            g[i] = v[i].clone();
            for (int k = 0; s != null && weighting != Weighting.READOUT && k < g[i].length; k++) {
                g[i][k] /= s[k];
            }
        }
        double[] sa = ExplicitJacobian.contract(ExplicitJacobian.jacobian(f, a, -1), g);
        double[] sb = ExplicitJacobian.contract(ExplicitJacobian.jacobian(f, b, -1), g);
        try (PairAttribution r = SharedSaliency.builder(f).weighting(weighting).referencePoint(point)
                .internalBatchSize(ibs).build().attribute(a, b, w)) {
            assertEquals(a.getShape(), r.a().getShape());
            assertEquals(b.getShape(), r.b().getShape());
            TorchOracle.assertClose(flat(v), r.v().toFloatArray(), 1e-5, weighting + " v");
            TorchOracle.assertClose(sa, r.a().toFloatArray(), 1e-5, weighting + " S_a");
            TorchOracle.assertClose(sb, r.b().toFloatArray(), 1e-5, weighting + " S_b");
            TorchOracle.assertClose(flat(fa), r.featuresA().toFloatArray(), 1e-6, "f(a)");
            TorchOracle.assertClose(flat(fb), r.featuresB().toFloatArray(), 1e-6, "f(b)");
        }
    }

    private static double[] toDouble(float[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = x[i];
        }
        return r;
    }

    private static double[][] broadcast(double[] row, int n) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = row.clone();
        }
        return out;
    }

    static float[] gaussian(Random rnd, int size) {
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) rnd.nextGaussian();
        }
        return out;
    }

    /** The same maps as torch.autograd.grad(f(x), x, v) in Python on the same TorchScript file. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("weightingsWithTorchFixtures")
    void equalsPyTorchAutograd(Weighting weighting, String wName) throws IOException {
        String stem = "grad." + weighting.name().toLowerCase() + "." + wName;
        try (NDManager m = root.newSubManager()) {
            NDArray a = load(m, "a");
            NDArray b = load(m, "b");
            try (PairAttribution r = SharedSaliency.builder(net).weighting(weighting).build()
                    .attribute(a, b, load(m, wName))) {
                TorchOracle.assertClose(expected(stem + ".v"), r.v().toFloatArray(), 1e-5, stem + " v");
                TorchOracle.assertClose(expected(stem + ".a"), r.a().toFloatArray(), 1e-5, stem + " S_a");
                TorchOracle.assertClose(expected(stem + ".b"), r.b().toFloatArray(), 1e-5, stem + " S_b");
                TorchOracle.assertClose(expected("fa"), r.featuresA().toFloatArray(), 1e-5, "f(a)");
            }
        }
    }

    static Stream<JsonNode> igCases() throws IOException {
        JsonNode meta = new ObjectMapper().readTree(DIR.resolve("meta.json").toFile());
        List<JsonNode> out = new ArrayList<>();
        meta.get("ig").forEach(out::add);
        return out.stream();
    }

    /** Integrated Gradients against the same midpoint rule run with torch.autograd in Python. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("igCases")
    void integratedGradientsEqualsPyTorch(JsonNode c) throws IOException {
        String name = c.get("name").asText();
        try (NDManager m = root.newSubManager()) {
            // internalBatchSize 5 with 7 or 16 steps: passes straddle images, exercising the bookkeeping.
            SharedSaliency ig = SharedSaliency.builder(net)
                    .weighting(Weighting.valueOf(c.get("weighting").asText().toUpperCase()))
                    .method(AttributionMethod.INTEGRATED_GRADIENTS).steps(c.get("steps").asInt())
                    .baseline((float) c.get("baseline").asDouble()).internalBatchSize(5).build();
            try (PairAttribution r = ig.attribute(load(m, "a"), load(m, "b"), load(m, c.get("w").asText()))) {
                TorchOracle.assertClose(expected("ig." + name + ".a"), r.a().toFloatArray(), 1e-5, name + " S_a");
                TorchOracle.assertClose(expected("ig." + name + ".b"), r.b().toFloatArray(), 1e-5, name + " S_b");
            }
        }
    }

    /**
     * Completeness: Σ S(x) ≈ v·f(x) − v·f(x₀) within 1% at 64 steps on a smooth feature function, for
     * every weighting and two baselines (the midpoint rule's error is O(1/m²) there).
     */
    @ParameterizedTest
    @EnumSource(Weighting.class)
    void integratedGradientsIsCompleteAt64StepsOnSmoothFunction(Weighting weighting) {
        try (NDManager m = root.newSubManager()) {
            Random rnd = new Random(15);
            NDArray mat = m.create(gaussian(rnd, 48 * 7), new Shape(48, 7)).div(3);
            NDArray mat2 = m.create(gaussian(rnd, 48 * 7), new Shape(48, 7)).div(3);
            FeatureFunction f = x -> {
                NDArray flat = x.reshape(x.getShape().get(0), -1);
                return flat.matMul(mat).tanh().mul(flat.matMul(mat2)).add(flat.matMul(mat2).sin());
            };
            NDArray a = m.create(gaussian(rnd, 3 * 48), new Shape(3, 3, 4, 4));
            NDArray b = m.create(gaussian(rnd, 3 * 48), new Shape(3, 3, 4, 4));
            checkCompleteness(f, a, b, m.create(gaussian(rnd, 3 * 7), new Shape(3, 7)), weighting, 64, 0.01);
        }
    }

    /**
     * Completeness on the TorchScript ReLU / max-pool network. Kinks make the midpoint rule's error
     * O(1/m) and erratic: on these random-noise inputs 64 steps leave up to 2.5% and 256 steps up to 1.5%
     * (measured); 1024 steps stay within 1%.
     */
    @Test
    void integratedGradientsIsCompleteOnReluNetwork() throws IOException {
        try (NDManager m = root.newSubManager()) {
            checkCompleteness(net, load(m, "a"), load(m, "b"), load(m, "wN"), Weighting.PAPER, 1024, 0.01);
        }
    }

    private static void checkCompleteness(FeatureFunction f, NDArray a, NDArray b, NDArray w, Weighting weighting,
            int steps, double tolerance) {
        for (float base : new float[] {0f, -0.7f}) {
            SharedSaliency ig = SharedSaliency.builder(f).weighting(weighting)
                    .method(AttributionMethod.INTEGRATED_GRADIENTS).steps(steps).baseline(base)
                    .internalBatchSize(2048).build(); // tiny images: few, large passes
            try (PairAttribution r = ig.attribute(a, b, w)) {
                double[][] v = rows(r.v());
                double[][] f0 = rows(Gradients.noGrad(f, a.zerosLike().add(base)));
                checkComplete(rows(r.a()), rows(Gradients.noGrad(f, a)), f0, v, tolerance, weighting + " a, x0=" + base);
                checkComplete(rows(r.b()), rows(Gradients.noGrad(f, b)), f0, v, tolerance, weighting + " b, x0=" + base);
            }
        }
    }

    private static void checkComplete(double[][] s, double[][] fx, double[][] f0, double[][] v, double tolerance,
            String what) {
        for (int i = 0; i < s.length; i++) {
            double sum = 0;
            for (double x : s[i]) {
                sum += x;
            }
            double delta = 0;
            double l1 = 0;
            for (int k = 0; k < v[i].length; k++) {
                delta += v[i][k] * (fx[i][k] - f0[i][k]);
                l1 += Math.abs(v[i][k]);
            }
            if (l1 == 0) {
                // BOTH_ABOVE can find no dimension both images have above the point: zero v, zero map.
                assertEquals(0.0, sum, 0.0, what + " pair " + i + ": zero v but a non-zero map");
                continue;
            }
            assertTrue(Math.abs(delta) > 1e-3, what + ": the fixture gives no output change to explain");
            assertTrue(Math.abs(sum - delta) <= tolerance * Math.abs(delta),
                    what + " pair " + i + ": Σ S = " + sum + " but v·(f(x) − f(x0)) = " + delta);
        }
    }

    static Stream<Arguments> batchingConfigs() {
        return Stream.of(
                Arguments.of("gradient, fused", AttributionMethod.GRADIENT, 32),
                Arguments.of("gradient, one pair per pass", AttributionMethod.GRADIENT, 2),
                Arguments.of("gradient, one image per pass", AttributionMethod.GRADIENT, 1),
                Arguments.of("integrated gradients", AttributionMethod.INTEGRATED_GRADIENTS, 5),
                Arguments.of("smoothgrad", AttributionMethod.SMOOTHGRAD, 7));
    }

    /** Batching pairs (and splitting passes) gives the same maps as one pair at a time. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("batchingConfigs")
    void batchingPairsGivesTheSameMaps(String label, AttributionMethod method, int ibs) throws IOException {
        try (NDManager m = root.newSubManager()) {
            NDArray a = load(m, "a");
            NDArray b = load(m, "b");
            NDArray w = load(m, "wN");
            SharedSaliency batched = SharedSaliency.builder(net).method(method).steps(9).samples(6)
                    .internalBatchSize(ibs).seed(3).build();
            SharedSaliency single = SharedSaliency.builder(net).method(method).steps(9).samples(6)
                    .internalBatchSize(64).seed(3).build();
            try (PairAttribution all = batched.attribute(a, b, w)) {
                for (int i = 0; i < 3; i++) {
                    String r = i + ":" + (i + 1);
                    try (PairAttribution one = single.attribute(a.get(r), b.get(r), w.get(r))) {
                        TorchOracle.assertClose(toDouble(one.a()), all.a().get(r).toFloatArray(), 1e-5, label + " S_a " + i);
                        TorchOracle.assertClose(toDouble(one.b()), all.b().get(r).toFloatArray(), 1e-5, label + " S_b " + i);
                        TorchOracle.assertClose(toDouble(one.v()), all.v().get(r).toFloatArray(), 1e-6, label + " v " + i);
                    }
                }
            }
        }
    }

    /** One pair explained for K neurons at once equals K separate calls. */
    @Test
    void batchesNeuronsForOnePair() throws IOException {
        try (NDManager m = root.newSubManager()) {
            NDArray a = load(m, "a").get("0:1");
            NDArray b = load(m, "b").get("0:1");
            NDArray w = load(m, "wN");
            SharedSaliency s = SharedSaliency.builder(net).build();
            try (PairAttribution all = s.attribute(a, b, w)) {
                assertEquals(new Shape(3, 3, 10, 10), all.a().getShape());
                for (int k = 0; k < 3; k++) {
                    try (PairAttribution one = s.attribute(a, b, w.get(k))) {
                        TorchOracle.assertClose(toDouble(one.a()), all.a().get(k + ":" + (k + 1)).toFloatArray(), 1e-5,
                                "neuron " + k);
                        TorchOracle.assertClose(toDouble(one.b()), all.b().get(k + ":" + (k + 1)).toFloatArray(), 1e-5,
                                "neuron " + k);
                    }
                }
            }
        }
    }

    /**
     * The efficiency contract: in GRADIENT mode the a and b images of all pairs go through one forward
     * (and so one backward) pass together; the multi-step methods use ceil(images / internalBatchSize)
     * passes plus the clean-feature passes, each of at most internalBatchSize images.
     */
    @Test
    void passesAreBatchedAsDocumented() throws IOException {
        try (NDManager m = root.newSubManager()) {
            NDArray a = load(m, "a");
            NDArray b = load(m, "b");
            NDArray w = load(m, "w1");
            List<Long> calls = new ArrayList<>();
            FeatureFunction counting = x -> {
                calls.add(x.getShape().get(0));
                return net.features(x);
            };
            SharedSaliency.builder(counting).build().attribute(a, b, w).close();
            assertEquals(List.of(6L), calls, "GRADIENT: one pass with the 3 a and 3 b images");
            calls.clear();
            SharedSaliency.builder(counting).internalBatchSize(4).build().attribute(a, b, w).close();
            assertEquals(List.of(4L, 2L), calls, "GRADIENT, internalBatchSize 4: 2 pairs, then 1 pair");
            calls.clear();
            SharedSaliency.builder(counting).method(AttributionMethod.INTEGRATED_GRADIENTS).steps(10)
                    .internalBatchSize(16).build().attribute(a, b, w).close();
            // 6 clean images in one feature pass, then 60 interpolated images in passes of 16.
            assertEquals(List.of(6L, 16L, 16L, 16L, 12L), calls, "IG passes");
        }
    }

    @ParameterizedTest
    @EnumSource(AttributionMethod.class)
    void swappingAAndBSwapsTheMaps(AttributionMethod method) throws IOException {
        try (NDManager m = root.newSubManager()) {
            NDArray a = load(m, "a");
            NDArray b = load(m, "b");
            NDArray w = load(m, "w1");
            SharedSaliency s = SharedSaliency.builder(net).method(method).steps(8).samples(4).build();
            try (PairAttribution ab = s.attribute(a, b, w); PairAttribution ba = s.attribute(b, a, w)) {
                TorchOracle.assertClose(toDouble(ab.a()), ba.b().toFloatArray(), 1e-6, method + " S_a");
                TorchOracle.assertClose(toDouble(ab.b()), ba.a().toFloatArray(), 1e-6, method + " S_b");
                TorchOracle.assertClose(toDouble(ab.v()), ba.v().toFloatArray(), 1e-6, method + " v");
            }
        }
    }

    /**
     * SmoothGrad on f(x) = (x ⊙ x ⊙ x) M, whose Jacobian is 3 x² ⊙ M: E_ε[J(x + ε)]ᵀ v = 3 (x² + σ²) ⊙ (M v)
     * in closed form. The plain gradient 3 x² ⊙ (M v) misses σ² and must fail the same check.
     */
    @Test
    void smoothGradConvergesToClosedFormExpectation() {
        try (NDManager m = root.newSubManager()) {
            Random rnd = new Random(9);
            int d = 5;
            int pixels = 48;
            float[] mv = gaussian(rnd, pixels * d);
            NDArray mat = m.create(mv, new Shape(pixels, d));
            FeatureFunction cubic = x -> x.reshape(x.getShape().get(0), -1).pow(3).matMul(mat);
            NDArray a = m.create(gaussian(rnd, pixels), new Shape(1, 3, 4, 4));
            NDArray b = m.create(gaussian(rnd, pixels), new Shape(1, 3, 4, 4));
            NDArray w = m.create(gaussian(rnd, d));
            double sigma = 1.0;
            SharedSaliency sg = SharedSaliency.builder(cubic).method(AttributionMethod.SMOOTHGRAD).samples(2000)
                    .noiseStd(sigma).internalBatchSize(500).seed(1).build();
            try (PairAttribution r = sg.attribute(a, b, w)) {
                double[] v = toDouble(r.v());
                float[] xa = a.toFloatArray();
                double[] expected = new double[pixels];
                double[] plain = new double[pixels];
                for (int p = 0; p < pixels; p++) {
                    double mvp = 0;
                    for (int k = 0; k < d; k++) {
                        mvp += mv[p * d + k] * v[k];
                    }
                    expected[p] = 3 * (xa[p] * xa[p] + sigma * sigma) * mvp;
                    plain[p] = 3 * xa[p] * xa[p] * mvp;
                }
                double err = relL2(expected, toDouble(r.a()));
                assertTrue(err < 0.08, "SmoothGrad deviates from its expectation by " + err);
                assertTrue(relL2(expected, plain) > 0.25, "the check would not notice missing noise");
            }
            // Same seed, same maps; another seed, other maps; σ = 0 is the plain gradient.
            SharedSaliency few = SharedSaliency.builder(cubic).method(AttributionMethod.SMOOTHGRAD).samples(3)
                    .noiseStd(sigma).seed(1).build();
            SharedSaliency other = SharedSaliency.builder(cubic).method(AttributionMethod.SMOOTHGRAD).samples(3)
                    .noiseStd(sigma).seed(2).build();
            SharedSaliency noiseless = SharedSaliency.builder(cubic).method(AttributionMethod.SMOOTHGRAD).samples(3)
                    .noiseStd(0).build();
            try (PairAttribution r1 = few.attribute(a, b, w); PairAttribution r2 = few.attribute(a, b, w);
                    PairAttribution r3 = other.attribute(a, b, w); PairAttribution r0 = noiseless.attribute(a, b, w);
                    PairAttribution g = SharedSaliency.builder(cubic).build().attribute(a, b, w)) {
                assertArrayEquals(r1.a().toFloatArray(), r2.a().toFloatArray());
                assertFalse(java.util.Arrays.equals(r1.a().toFloatArray(), r3.a().toFloatArray()));
                TorchOracle.assertClose(toDouble(g.a()), r0.a().toFloatArray(), 1e-6, "σ = 0");
            }
        }
    }

    private static double relL2(double[] expected, double[] actual) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < expected.length; i++) {
            num += (expected[i] - actual[i]) * (expected[i] - actual[i]);
            den += expected[i] * expected[i];
        }
        return Math.sqrt(num / den);
    }

    @Test
    void noSharedDimensionGivesZeroMapsNotNaN() throws IOException {
        try (NDManager m = root.newSubManager()) {
            NDArray a = load(m, "a");
            try (PairAttribution r = SharedSaliency.builder(net).build().attribute(a, load(m, "b"), m.zeros(new Shape(10)))) {
                for (float x : r.a().toFloatArray()) {
                    assertEquals(0f, Math.abs(x)); // also rejects NaN
                }
                for (float x : r.v().toFloatArray()) {
                    assertEquals(0f, Math.abs(x));
                }
            }
        }
    }

    @Test
    void badShapesAreClearErrors() throws IOException {
        try (NDManager m = root.newSubManager()) {
            NDArray a = load(m, "a");
            NDArray b = load(m, "b");
            SharedSaliency s = SharedSaliency.builder(net).build();
            IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class,
                    () -> s.attribute(a, b.get("0:2"), m.ones(new Shape(10))));
            assertTrue(e1.getMessage().contains("same shape"), e1.getMessage());
            IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                    () -> s.attribute(a, b, m.ones(new Shape(7))));
            assertTrue(e2.getMessage().contains("[10]"), e2.getMessage());
            IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class,
                    () -> s.attribute(a, b, m.ones(new Shape(2, 10))));
            assertTrue(e3.getMessage().contains("2 rows"), e3.getMessage());
            assertThrows(IllegalArgumentException.class, () -> SharedSaliency.builder(net).internalBatchSize(0));
            assertThrows(IllegalArgumentException.class, () -> SharedSaliency.builder(net).steps(0));
        }
    }

    /** Results live in the caller's manager; everything else is released when attribute returns. */
    @Test
    void leavesOnlyTheResultInTheCallersManager() throws IOException {
        try (NDManager m = root.newSubManager()) {
            NDArray a = load(m, "a");
            NDArray b = load(m, "b");
            NDArray w = load(m, "wN");
            for (AttributionMethod method : AttributionMethod.values()) {
                try (NDManager call = m.newSubManager()) {
                    call.tempAttachAll(a, b, w);
                    SharedSaliency s = SharedSaliency.builder(net).method(method).steps(5).samples(3)
                            .internalBatchSize(4).build();
                    PairAttribution r = s.attribute(a, b, w);
                    long owned = call.getManagedArrays().size();
                    assertEquals(8, owned, method + ": arrays left in the caller's manager (3 inputs + 5 results)");
                    r.close();
                }
            }
        }
    }

    static double[] toDouble(NDArray x) {
        float[] f = x.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
