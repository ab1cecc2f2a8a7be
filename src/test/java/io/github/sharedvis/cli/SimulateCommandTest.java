package io.github.sharedvis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.synthetic.SilhouetteStimuli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sharedvis simulate} with several preferred categories writes one response file. */
class SimulateCommandTest {

    @TempDir
    Path tmp;

    @Test
    void commaSeparatedCategoriesBuildNeuronsPerCategory() throws Exception {
        new SilhouetteStimuli(64, 4).write(tmp.resolve("stimuli"), 3);
        Path model = Path.of("src/test/resources/fixtures/tiny_conv/model.pt").toAbsolutePath();
        CliTestSupport.Result r = CliTestSupport.run("simulate", "--stimuli", tmp.resolve("stimuli").toString(),
                "--preferred", "body,car,lamp", "--neurons", "2", "--repeats", "3", "--model", model.toString(),
                "--layer", "conv1", "--out", tmp.resolve("sim").toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(tmp.resolve("sim/responses.csv"));
        // header + 21 images x 6 neurons x 3 repeats
        assertEquals(1 + 21 * 6 * 3, lines.size());
        for (String id : List.of("body-1", "body-2", "car-1", "car-2", "lamp-1", "lamp-2")) {
            assertTrue(lines.stream().anyMatch(l -> l.split(",")[1].equals(id)), id);
        }
        CliTestSupport.Result bad = CliTestSupport.run("simulate", "--stimuli", tmp.resolve("stimuli").toString(),
                "--preferred", "body,sofa", "--model", model.toString(), "--layer", "conv1", "--out",
                tmp.resolve("bad").toString());
        assertEquals(Main.USER_ERROR, bad.code(), bad.err());
        assertTrue(bad.err().contains("sofa"), bad.err());
    }
}
