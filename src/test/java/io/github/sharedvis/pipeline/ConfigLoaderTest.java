package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    static final Path BASE = Path.of("/tmp/proj");

    @Test
    void exampleParsesToTheDocumentedDefaults() {
        RunConfig c = ConfigLoader.parse(ConfigLoader.exampleToml(), BASE, "example.toml");
        RunConfig d = ConfigLoader.parse("[data]\npreferred = \"body\"\n", BASE, "min.toml");
        assertEquals(BASE.resolve("stimuli"), c.data().stimuli());
        assertEquals("body", c.data().preferred());
        assertEquals(d.explain(), c.explain(), "the example shows the defaults");
        assertEquals(d.display(), c.display());
        assertArrayEquals(d.readout().alphas(), c.readout().alphas());
        assertEquals(d.backbone(), c.backbone());
        assertEquals(5, c.explain().topK());
        // The defaults README and docs/validation.md document (chosen on the development split).
        assertEquals("signed", c.explain().weighting());
        assertEquals("preferred_mean", c.explain().referencePoint());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[explain]\\ntop_kk = 3|unknown key 'top_kk' in [explain]|top_k",
        "[explainer]\\ntop_k = 3|unknown section [explainer]|explain",
        "[explain]\\nmethod = \"saliency\"|[explain] method = \"saliency\" is not valid|integrated_gradients",
        "[explain]\\nreference_point = \"median\"|[explain] reference_point = \"median\" is not valid|zscore",
        "[explain]\\ntop_k = 0|[explain] top_k must be a whole number >= 1|0",
        "[explain]\\ntop_q = 1.5|[explain] top_q must be in (0, 1]|1.5",
        "[readout]\\nalphas = [1, -2]|[readout] alphas must all be > 0|-2",
        "[readout]\\nstandardize = \"yes\"|[readout] standardize must be true or false|yes",
        "[backbone]\\npooling = \"max\"|[backbone] pooling = \"max\" is not valid|average",
        "[display]\\nreduction = \"sum\"|[display] reduction = \"sum\" is not valid|l2",
        "[display]\\noverlay_alpha = 1.5|[display] overlay_alpha must be in [0, 1]|1.5",
        "[display]\\noverlay_alpha = -0.1|[display] overlay_alpha must be in [0, 1]|-0.1",
        "[data]\\nwindow = [0.3, 0.1]|[data] window must be [start, end]|end > start",
        "not toml at all ===|not valid TOML|cfg.toml",
    })
    void invalidConfigsNameTheKeyAndTheFix(String toml, String must, String alsoMust) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(toml.replace("\\n", "\n"), BASE, "cfg.toml"));
        assertTrue(e.getMessage().startsWith("cfg.toml"), e.getMessage());
        assertTrue(e.getMessage().contains(must), e.getMessage());
        assertTrue(e.getMessage().contains(alsoMust), e.getMessage());
    }

    @Test
    void overlayAlphaIsReadAndRangeChecked() {
        RunConfig c = ConfigLoader.parse("[display]\noverlay_alpha = 0.3\n", BASE, "cfg.toml");
        assertEquals(0.3, c.display().overlayAlpha());
        assertEquals(0.75, ConfigLoader.parse("", BASE, "cfg.toml").display().overlayAlpha(), "the default");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("[display]\noverlay_alpha = 1.5\n", BASE, "cfg.toml"));
        assertEquals("cfg.toml: [display] overlay_alpha must be in [0, 1], got 1.5", e.getMessage());
    }
}
