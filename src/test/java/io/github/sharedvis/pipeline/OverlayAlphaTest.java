package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sharedvis.report.MapDisplay;
import io.github.sharedvis.run.NeuronRow;
import io.github.sharedvis.run.RunFiles;
import io.github.sharedvis.run.RunLayout;
import io.github.sharedvis.util.AtomicFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [display] overlay_alpha} set in a config reaches the report through run.json (it used to be refused). */
class OverlayAlphaTest {

    @Test
    void theConfiguredOpacityIsTheReportsOpacity(@TempDir Path dir) throws Exception {
        RunConfig c = ConfigLoader.parse("[data]\nstimuli = \"s\"\nresponses = \"r.npy\"\npreferred = \"body\"\n"
                + "[display]\noverlay_alpha = 0.3\n", dir, "cfg.toml");
        RunLayout layout = new RunLayout(dir);
        NeuronRow.TABLE.write(layout.summary(), List.of());
        AtomicFiles.writeString(layout.runJson(), new ObjectMapper().writeValueAsString(
                Map.of("config", ConfigWalks.toMap(c))));
        assertEquals(0.3f, MapDisplay.of(RunFiles.read(dir)).overlayAlpha());
        assertEquals(MapDisplay.DEFAULT.overlayAlpha(), (float) RunConfig.defaults().display().overlayAlpha(),
                "the report's default is the config's default");
        // the report keeps its own defaults for run folders made by hand; they must be the config's
        assertEquals(MapDisplay.DEFAULT.smoothingSigma(), RunConfig.defaults().display().smoothingSigma());
        assertEquals(MapDisplay.DEFAULT.reduction().name().toLowerCase(java.util.Locale.ROOT),
                RunConfig.defaults().display().reduction());
    }
}
