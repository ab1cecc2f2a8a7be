package io.github.sharedvis.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the writers write, the readers read back, odd ids included; the long format's bytes are as documented. */
class CsvWritingTest {

    @TempDir
    Path dir;

    @Test
    void longResponsesRoundTrip() throws Exception {
        List<String> stimuli = List.of("a,1", "say \"b\"", "c");
        List<String> neurons = List.of("n 1", "n;2");
        double[][][] t = new double[3][2][2];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                t[i][j] = new double[] {i * 10 + j, i == 2 && j == 1 ? Double.NaN : 0.25 * (i + j)};
            }
        }
        Path f = dir.resolve("r.csv");
        new Responses(stimuli, neurons, t).writeLongCsv(f);
        List<String> lines = Files.readAllLines(f);
        assertEquals("stimulus_id,neuron,repeat,response", lines.get(0));
        assertEquals("\"a,1\",n 1,1,0", lines.get(1));
        assertEquals("\"a,1\",n 1,2,0", lines.get(2));
        assertEquals(1 + 3 * 2 * 2, lines.size());
        Responses back = ResponseReader.read(f, ResponseOptions.defaults());
        assertEquals(stimuli, back.stimulusIds());
        assertEquals(neurons, back.neuronIds());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                assertArrayEquals(t[i][j], back.trials().toArray()[i][j], 0.0); // quarters: exact in float32
            }
        }
    }

    @Test
    void manifestsRoundTrip() throws Exception {
        List<Stimulus> stimuli = new ArrayList<>();
        String[] ids = {"plain", "with, comma", "q\"uote"};
        for (int k = 0; k < ids.length; k++) {
            Path img = dir.resolve("imgs").resolve(k == 1 ? "a b,c.png" : "i" + k + ".png");
            Files.createDirectories(img.getParent());
            ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", img.toFile());
            stimuli.add(new Stimulus(ids[k], img, k == 0 ? "body" : "object"));
        }
        Path m = dir.resolve("manifest.csv");
        StimulusSet.writeManifest(m, stimuli, true);
        assertEquals("image,category,stimulus_id", Files.readAllLines(m).get(0));
        assertEquals("imgs/i0.png,body,plain", Files.readAllLines(m).get(1));
        StimulusSet back = StimulusSet.fromManifest(m);
        assertEquals(List.of(ids), back.ids());
        for (int k = 0; k < ids.length; k++) {
            assertEquals(stimuli.get(k).image().toAbsolutePath().normalize(),
                    back.stimuli().get(k).image().toAbsolutePath().normalize());
            assertEquals(stimuli.get(k).category(), back.stimuli().get(k).category());
        }
    }
}
