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

    @Test
    void theWriterQuotesWhatItWrites() throws Exception {
        String weird = "a \"quoted\" \\back\\slash\tand\u0001control ü";
        Path cfg = tmp.resolve("w.toml");
        RunConfig written = RunConfig.defaults().with("data.preferred", weird)
                .with("data.stimuli", tmp.resolve(weird)).with("data.neurons", java.util.List.of(weird, "n1"))
                .with("run.cache", Path.of(weird));
        ConfigLoader.write(written, cfg);
        RunConfig c = ConfigLoader.load(cfg);
        assertEquals(weird, c.data().preferred());
        assertEquals(tmp.resolve(weird), c.data().stimuli());
        assertEquals(java.util.List.of(weird, "n1"), c.data().neurons());
        assertEquals(tmp.resolve(weird), c.run().cache(), "a relative path resolves against the file's folder");
    }
}
