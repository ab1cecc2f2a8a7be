package io.github.sharedvis.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in providers, found through the service file, in the order they are tried and listed. */
class BackbonesTest {

    @Test
    void defaultsAreTheServiceFilesProvidersInOrder() {
        Backbones b = Backbones.withDefaults();
        assertEquals(List.of("tfjs", "torchscript", "zoo"), b.providers().stream().map(BackboneProvider::kind).toList());
        assertTrue(Backbones.withDefaults().providers().get(0) != b.providers().get(0), "fresh instances per registry");
    }

    @Test
    void anUnknownModelListsEveryProviderInOrder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backbones.withDefaults().open(BackboneSpec.of("no-such-model", null)));
        String m = e.getMessage();
        int tfjs = m.indexOf("movenet-thunder");
        int pt = m.indexOf("TorchScript file");
        int zoo = m.indexOf("zoo:resnet50");
        assertTrue(tfjs >= 0 && tfjs < pt && pt < zoo, m);
    }
}
