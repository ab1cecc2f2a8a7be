package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config written by code ({@code sharedvis demo}, {@code validate}) survives any path or id. */
class ConfigQuoteTest {

    @TempDir
    Path tmp;

    @Test
    void quotedValuesReadBackExactly() throws Exception {
        String weird = "a \"quoted\" \\back\\slash\tand\u0001control ü";
        Path cfg = tmp.resolve("c.toml");
        Files.writeString(cfg, "[data]\npreferred = " + ConfigLoader.quote(weird) + "\nstimuli = "
                + ConfigLoader.quote(tmp.resolve(weird).toString()) + "\n");
        RunConfig c = ConfigLoader.load(cfg);
        assertEquals(weird, c.data().preferred());
        assertEquals(tmp.resolve(weird), c.data().stimuli());
    }
}
