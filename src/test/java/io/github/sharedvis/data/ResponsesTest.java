package io.github.sharedvis.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponsesTest {

    static StimulusSet threeImages(Path dir) throws IOException {
        for (String[] s : new String[][] {{"body", "b1"}, {"body", "b2"}, {"car", "c1"}}) {
            Files.createDirectories(dir.resolve(s[0]));
            ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png",
                    dir.resolve(s[0]).resolve(s[1] + ".png").toFile());
        }
        return StimulusSet.fromFolder(dir);
    }

    @Test
    void alignToReordersRowsById(@TempDir Path tmp) throws IOException {
        StimulusSet set = threeImages(tmp);
        Responses r = Responses.ofMeans(List.of("c1", "b2", "b1"), List.of("n"), new double[][] {{3}, {2}, {1}});
        Responses a = r.alignTo(set);
        assertEquals(List.of("b1", "b2", "c1"), a.stimulusIds());
        assertEquals(1.0, a.mean().value(0, 0));
        assertEquals(3.0, a.mean().value(2, 0));
    }

    @Test
    void alignToNamesTheIdsThatDiffer(@TempDir Path tmp) throws IOException {
        StimulusSet set = threeImages(tmp);
        Responses r = Responses.ofMeans(List.of("c1", "b2", "x9"), List.of("n"), new double[][] {{3}, {2}, {1}});
        Exception e = assertThrows(IllegalArgumentException.class, () -> r.alignTo(set));
        assertTrue(e.getMessage().contains("1 image(s) without responses [b1]"), e.getMessage());
        assertTrue(e.getMessage().contains("1 response id(s) not in the stimulus set [x9]"), e.getMessage());
    }

    @Test
    void positionalRowsTakeTheSetOrderOrFailOnCount(@TempDir Path tmp) throws IOException {
        StimulusSet set = threeImages(tmp);
        Responses ok = Responses.ofMeans(null, List.of("n"), new double[][] {{1}, {2}, {3}});
        assertEquals(set.ids(), ok.alignTo(set).stimulusIds());
        Responses bad = Responses.ofMeans(null, List.of("n"), new double[][] {{1}, {2}});
        Exception e = assertThrows(IllegalArgumentException.class, () -> bad.alignTo(set));
        assertTrue(e.getMessage().contains("2 rows without stimulus ids but the stimulus set has 3 images"));
    }

    @Test
    void meanIgnoresMissingTrials() {
        Responses r = new Responses(List.of("a", "b"), List.of("n"),
                new double[][][] {{{1, Double.NaN, 3}}, {{Double.NaN, Double.NaN, Double.NaN}}});
        assertEquals(2.0, r.mean().value(0, 0));
        assertTrue(Double.isNaN(r.mean().value(1, 0)));
    }

    @Test
    void rejectsDuplicateNeuronsAndRaggedRepeats() {
        Exception e = assertThrows(IllegalArgumentException.class, () -> new Responses(List.of("a"),
                List.of("n", "n"), new double[][][] {{{1}, {2}}}));
        assertTrue(e.getMessage().contains("duplicate neuron id 'n'"));
        e = assertThrows(IllegalArgumentException.class, () -> new Responses(List.of("a"),
                List.of("n", "m"), new double[][][] {{{1}, {2, 3}}}));
        assertTrue(e.getMessage().contains("ragged repeats"));
    }
}
