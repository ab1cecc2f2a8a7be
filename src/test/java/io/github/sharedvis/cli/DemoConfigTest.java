package io.github.sharedvis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sharedvis.pipeline.ConfigLoader;
import io.github.sharedvis.pipeline.RunConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo builds its config as an object; the file it writes is byte-identical to main's String.format. */
class DemoConfigTest {

    @TempDir
    Path tmp;

    static String golden(String name) throws IOException {
        try (InputStream in = DemoConfigTest.class.getResourceAsStream("/io/github/sharedvis/pipeline/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void demoTomlIsByteIdenticalToMains() throws IOException {
        assertEquals(golden("demo.toml"), DemoCommand.writer().toToml(DemoCommand.config("body")));
        assertEquals(golden("demo-weird.toml"), DemoCommand.writer().toToml(DemoCommand.config("a \"q\" \\b\\")));
    }

    @Test
    void theWrittenDemoConfigReadsBackResolved() throws IOException {
        Path file = tmp.resolve("demo.toml");
        RunConfig written = DemoCommand.config("a \"q\" \\b\\");
        DemoCommand.writer().write(written, file);
        RunConfig c = ConfigLoader.load(file);
        assertEquals(tmp.resolve("recording/manifest.csv"), c.data().stimuli());
        assertEquals("a \"q\" \\b\\", c.data().preferred());
        assertEquals(written.explain(), c.explain());
        assertEquals(written.display(), c.display());
        assertEquals(written.backbone(), c.backbone());
    }
}
