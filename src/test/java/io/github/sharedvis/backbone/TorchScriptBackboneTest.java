package io.github.sharedvis.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.data.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** TorchScript features and input gradients against PyTorch autograd (fixtures from Python). */
class TorchScriptBackboneTest {

    static Stream<TorchOracle.Check> smallChecks() throws IOException {
        return TorchOracle.checks(TorchOracle.SMALL).stream();
    }

    static Stream<TorchOracle.Check> largeChecks() throws IOException {
        if (!Files.exists(TorchOracle.LARGE.resolve("cases.json"))) {
            return Stream.empty();
        }
        return TorchOracle.checks(TorchOracle.LARGE).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallChecks")
    void matchesPyTorchOnSmallNetworks(TorchOracle.Check check) throws IOException {
        verify(check);
    }

    @Test
    void largeFixturesArePresentInCi() {
        // CI generates the ResNet-18 fixture before the tests (make fixtures); a missing one there
        // would silently skip the largest oracle.
        io.github.sharedvis.TestFixtures.require(TorchOracle.LARGE.resolve("cases.json"), "run `make fixtures`");
    }

    @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
    @MethodSource("largeChecks")
    void matchesPyTorchOnResNet18(TorchOracle.Check check) throws IOException {
        verify(check);
    }

    private static void verify(TorchOracle.Check check) throws IOException {
        Npy.Array x = check.input();
        Npy.Array expectedF = check.load("features");
        Npy.Array v = check.load("v");
        Npy.Array expectedG = check.load("grad");
        Preprocessing pre = new Preprocessing(0, (int) x.shape()[2], (int) x.shape()[3], true, 1f,
                new float[3], new float[] {1, 1, 1});
        try (TorchScriptBackbone bb = TorchScriptBackbone.builder(check.model()).layer(check.node())
                        .pooling(check.pooling()).preprocessing(pre).build();
                NDManager m = NDManager.newBaseManager()) {
            NDArray input = m.create(x.toFloats(), new Shape(x.shape()));
            NDArray f = Gradients.noGrad(bb, input);
            assertEquals(new Shape(expectedF.shape()), f.getShape(), "feature shape");
            TorchOracle.assertClose(expectedF.data(), f.toFloatArray(), 1e-5, check + " features");
            NDArray vv = m.create(v.toFloats(), new Shape(v.shape()));
            NDArray g = Gradients.vjp(bb, input, vv);
            assertEquals(input.getShape(), g.getShape(), "gradient shape");
            TorchOracle.assertClose(expectedG.data(), g.toFloatArray(), 1e-5, check + " input gradient");
        }
    }

    @Test
    void listsNodesWithShapes() throws IOException {
        Path model = TorchOracle.SMALL.resolve("tiny_conv/model.pt");
        Preprocessing pre = new Preprocessing(0, 12, 12, true, 1f, new float[3], new float[] {1, 1, 1});
        try (TorchScriptBackbone bb = TorchScriptBackbone.builder(model).layer("fc").preprocessing(pre).build()) {
            java.util.Map<String, List<Long>> shapes = new java.util.TreeMap<>();
            bb.layers().forEach(l -> shapes.put(l.name(), toList(l.shape())));
            assertEquals(java.util.Map.of("conv1", List.of(4L, 12L, 12L), "conv2", List.of(6L, 6L, 6L),
                    "pool", List.of(6L, 3L, 3L), "fc", List.of(5L)), shapes);
        }
        try (TorchScriptBackbone listing = TorchScriptBackbone.builder(model).preprocessing(pre).build();
                NDManager m = NDManager.newBaseManager()) {
            assertEquals(4, listing.layers().size(), "a multi-output model opens without a layer to list nodes");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> listing.features(m.zeros(new Shape(1, 3, 12, 12))));
            assertTrue(e.getMessage().contains("choose one"), e.getMessage());
        }
    }

    @Test
    void unknownNodeNamesTheAvailableOnes() {
        Path model = TorchOracle.SMALL.resolve("tiny_conv/model.pt");
        Preprocessing pre = new Preprocessing(0, 12, 12, true, 1f, new float[3], new float[] {1, 1, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TorchScriptBackbone.builder(model).layer("layer9").preprocessing(pre).build());
        assertTrue(e.getMessage().contains("layer9") && e.getMessage().contains("conv2"), e.getMessage());
    }

    @Test
    void missingFileIsAClearError() {
        IOException e = assertThrows(IOException.class,
                () -> TorchScriptBackbone.builder(Path.of("nope/model.pt")).build());
        assertTrue(e.getMessage().contains("nope/model.pt"), e.getMessage());
    }

    @Test
    void notTorchScriptIsAClearError() throws IOException {
        Path junk = Files.createTempFile("junk", ".pt");
        Files.writeString(junk, "not a model");
        IOException e = assertThrows(IOException.class, () -> TorchScriptBackbone.builder(junk).build());
        assertTrue(e.getMessage().contains("TorchScript"), e.getMessage());
    }

    private static List<Long> toList(long[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }
}
