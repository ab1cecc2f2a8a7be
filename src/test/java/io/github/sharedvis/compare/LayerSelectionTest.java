package io.github.sharedvis.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.backbone.LayerInfo;
import io.github.sharedvis.util.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How --models and --layers name the compared nodes. */
class LayerSelectionTest {

    @Test
    void aPrefixNamesTheModelAndNodesWithoutOneAreTheRunsModels() {
        LayerSelection s = LayerSelection.parse("movenet-thunder", "out_relu/Relu6", List.of("centernet"),
                List.of("a/b,c:1", "faceres:x,y", "centernet:expanded_conv_2/add"));
        assertEquals(Map.of("movenet-thunder", List.of("a/b", "c:1"), "centernet", List.of("expanded_conv_2/add"),
                "faceres", List.of("x", "y")), s.nodes());
        assertEquals(List.of("movenet-thunder", "centernet", "faceres"), List.copyOf(s.nodes().keySet()),
                "the run's model first, then --models, then models only --layers names");
        assertEquals("out_relu/Relu6", s.runLayer());
        // "c:1" is a node's second output, not a model: c is neither listed nor a model file
        assertEquals(List.of(), LayerSelection.parse("m.pt", "x", List.of(), List.of()).nodes().get("m.pt"),
                "no --layers: the defaults");
    }

    @Test
    void emptyNamesAreRefusedWithTheSyntax() {
        InputException e = assertThrows(InputException.class,
                () -> LayerSelection.parse("m.pt", "x", List.of(), List.of("a,,b")));
        assertTrue(e.getMessage().contains("[MODEL:]NODE,NODE") && e.getMessage().contains("sharedvis backbones"),
                e.getMessage());
        assertThrows(InputException.class, () -> LayerSelection.parse("m.pt", "x", List.of(" "), List.of()));
    }

    @Test
    void defaultsOfAnUnknownNetworkAreFiveSpatialNodesEvenlySpaced() {
        List<LayerInfo> layers = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            layers.add(new LayerInfo("n" + i, i % 2 == 0 ? new long[] {8, 4, 4} : new long[] {8}));
        }
        // spatial: n2, n4, ..., n20 (10 nodes): every second, ending at the last
        assertEquals(List.of("n4", "n8", "n12", "n16", "n20"), LayerSelection.defaults("other.json", layers));
        assertEquals(5, LayerSelection.defaults("movenet-thunder", List.of()).size());
        assertEquals(List.of("n1", "n2"), LayerSelection.defaults("x.pt", layers.subList(0, 2)),
                "fewer than five: all of them");
    }
}
