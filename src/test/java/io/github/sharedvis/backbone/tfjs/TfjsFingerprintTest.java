package io.github.sharedvis.backbone.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.sharedvis.TestFixtures;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneIdentity;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.util.FileDigests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider's fingerprint and identity (name, node, preprocessing), computed from model.json and the shards' bytes without the engine
 * (what an up-to-date re-run checks), equals the opened backbone's for every bundled model and every
 * way of naming its node: the default, a full node name, a unique suffix, each pooling.
 */
class TfjsFingerprintTest {

    @TempDir
    Path tmp;

    @Test
    void theFingerprintWithoutOpeningIsTheOpenedBackbones() throws Exception {
        TfjsProvider provider = new TfjsProvider();
        FileDigests memo = FileDigests.memo(tmp.resolve("digests.tsv"), Map.of()); // as a run's up-to-date check
        List<String> checked = new ArrayList<>();
        for (BundledModel m : BundledModel.ALL) {
            TestFixtures.require(m.path(), "make models");
            List<String> layers = new ArrayList<>(Arrays.asList(null, m.defaultLayer()));
            if (m.defaultLayer() != null && m.defaultLayer().contains("/")) {
                String[] parts = m.defaultLayer().split("/");
                layers.add(parts[parts.length - 2] + "/" + parts[parts.length - 1]); // a suffix, resolved by name
            }
            String previous = null;
            for (String layer : layers) {
                for (Pooling pool : Pooling.values()) {
                    BackboneSpec spec = new BackboneSpec(m.name(), layer, pool, null, "cpu");
                    String fast = provider.fingerprint(spec, FileDigests.none());
                    BackboneIdentity id = provider.identity(spec, memo);
                    try (Backbone b = provider.open(spec)) {
                        assertEquals(b.fingerprint(), fast, m.name() + " " + layer + " " + pool);
                        assertEquals(BackboneIdentity.of(b), id, m.name() + " " + layer + " " + pool);
                    }
                    if (pool == Pooling.AVERAGE && previous != null) {
                        assertNotEquals(previous, fast, "the pooling is part of it");
                    }
                    previous = fast;
                    checked.add(m.name() + " " + layer + " " + pool);
                }
            }
        }
        assertEquals(true, checked.size() >= 6, checked.toString());
    }
}
