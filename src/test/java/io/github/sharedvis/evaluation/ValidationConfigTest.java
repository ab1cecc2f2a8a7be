package io.github.sharedvis.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sharedvis.attribution.AttributionMethod;
import io.github.sharedvis.attribution.ReferencePoint;
import io.github.sharedvis.attribution.Weighting;
import io.github.sharedvis.pipeline.ConfigLoader;
import io.github.sharedvis.pipeline.RunConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate builds each run's config as an object; the text is main's hand-built text. */
class ValidationConfigTest {

    @TempDir
    Path tmp;

    static final PlantedFeatureBenchmark.Variant V = new PlantedFeatureBenchmark.Variant(Weighting.SIGNED,
            ReferencePoint.Kind.PREFERRED_MEAN, AttributionMethod.GRADIENT);

    static RunConfig config(Path manifest) {
        return ValidationRuns.runConfig(manifest, Path.of("/data/sim/responses.csv"), "body", List.of("n1", "n\"2"),
                "movenet-lightning", "out_relu/Relu6", V, 16, 3L, Path.of("/data/cache"));
    }

    @Test
    void validationTomlIsMains() throws IOException {
        String golden;
        try (InputStream in = getClass().getResourceAsStream("/io/github/sharedvis/pipeline/golden/validation.toml")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(golden, ValidationRuns.configWriter().toToml(config(Path.of("/data/sim \\x/manifest.csv"))));
    }

    @Test
    void pathsWithQuotesAndBackslashesRoundTrip() throws IOException {
        Path weird = tmp.resolve("a \"q\" \\b\\/manifest.csv");
        RunConfig written = config(weird);
        Path file = tmp.resolve("run.toml");
        ValidationRuns.configWriter().write(written, file);
        RunConfig c = ConfigLoader.load(file);
        assertEquals(weird, c.data().stimuli());
        assertEquals(List.of("n1", "n\"2"), c.data().neurons());
        assertEquals(written.explain(), c.explain());
        assertEquals(written.run(), c.run());
    }
}
