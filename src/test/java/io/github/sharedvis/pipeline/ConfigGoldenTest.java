package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * run.json's "config" entry and the example stay what main's hand-written code produced (the golden files
 * under src/test/resources/io/github/sharedvis/pipeline/golden; see the README there).
 */
class ConfigGoldenTest {

    static final Path BASE = Path.of("/tmp/proj");

    static String golden(String name) throws IOException {
        try (InputStream in = ConfigGoldenTest.class.getResourceAsStream("golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String runJsonConfig(RunConfig c) throws IOException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(ConfigWalks.toMap(c))
                + "\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"example", "minimal", "empty", "full", "demo", "preprocessing-only-stretch"})
    void runJsonConfigIsByteIdenticalToMains(String name) throws IOException {
        RunConfig c = ConfigLoader.parse(golden(name + ".toml"), BASE, name + ".toml");
        assertEquals(golden(name + ".config.json"), runJsonConfig(c));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example", "minimal", "empty", "full", "demo", "preprocessing-only-stretch"})
    void writtenTomlReadsBackTheSameConfig(String name) throws IOException {
        RunConfig c = ConfigLoader.parse(golden(name + ".toml"), BASE, name + ".toml");
        String toml = ConfigLoader.toToml(c);
        RunConfig back = ConfigLoader.parse(toml, Path.of("/elsewhere"), "written.toml");
        assertEquals(runJsonConfig(c), runJsonConfig(back), toml);
        assertEquals(toml, ConfigLoader.toToml(back));
    }

    @Test
    void exampleParsesBackToTheDefaults() throws IOException {
        RunConfig example = ConfigLoader.parse(ConfigLoader.exampleToml(), BASE, "example.toml");
        RunConfig expected = RunConfig.defaults().with("data.stimuli", BASE.resolve("stimuli"))
                .with("data.responses", BASE.resolve("responses.npy")).with("data.preferred", "body");
        assertEquals(runJsonConfig(expected), runJsonConfig(example));
        // every declared key is in the example, commented out or not
        ConfigSchema.KEYS.forEach((section, keys) -> keys.forEach(k -> org.junit.jupiter.api.Assertions.assertTrue(
                ConfigLoader.exampleToml().contains("\n" + k + " = ")
                        || ConfigLoader.exampleToml().contains("\n# " + k + " = "), section + "." + k)));
    }

    @Test
    void exampleIsMainsExampleButOneSpace() throws IOException {
        // the only changes: the two lines longer than the comment column now have the same two spaces
        // before their comment (main had three and one)
        assertEquals(golden("example.toml").replace("100000]   # ridge", "100000]  # ridge")
                .replace("\"preferred_mean\" # what", "\"preferred_mean\"  # what"),
                ConfigLoader.exampleToml());
    }

    @Test
    void withAndTheWriterRefuseUnknownKeysAndWrongTypes() {
        RunConfig d = RunConfig.defaults();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> d.with("explain.top_kk", 3));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> d.with("explain.top_k", 3L));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> d.with("backbone.resize", 3));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.writer().changedOnly("explain.nope"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.toToml(d.with("backbone.model", null)));
        assertEquals(0.1, d.with("data.window", new double[] {0.1, 0.2}).data().windowStart());
        assertEquals(io.github.sharedvis.backbone.Preprocessing.imagenet(),
                d.with("backbone.preprocessing", io.github.sharedvis.backbone.Preprocessing.imagenet()).backbone()
                        .preprocessing());
        assertEquals("", ConfigLoader.writer().changedOnly().toToml(d), "the defaults need no keys");
    }
}
