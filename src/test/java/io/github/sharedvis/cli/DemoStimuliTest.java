package io.github.sharedvis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.synthetic.FaceStimuli;
import io.github.sharedvis.util.InputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the demo's neurons see: merged preferred categories, --per-category on --data, regenerated sets without stale images. */
class DemoStimuliTest {

    @TempDir
    Path tmp;

    @Test
    void severalPreferredCategoriesAreMergedAndDataIsCutToTheFirstN() throws IOException {
        Path data = tmp.resolve("data");
        for (String c : List.of("a", "b", "c")) {
            for (int i = 1; i <= 3; i++) {
                Path f = data.resolve(c).resolve(c + "-" + i + ".png");
                Files.createDirectories(f.getParent());
                ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", f.toFile());
            }
        }
        DemoCommand cmd = new DemoCommand();
        cmd.data = data;
        cmd.perCategory = 2;
        StimulusSet set = cmd.stimuli(DemoSpec.BODY, tmp.resolve("out"), List.of("a", "b"));
        assertEquals(List.of("a_b", "c"), set.categories());
        assertEquals(List.of("a-1", "a-2", "b-1", "b-2"), set.inCategory("a_b").stream().map(Stimulus::id).toList());
        assertEquals(2, set.inCategory("c").size());
        assertTrue(Files.isRegularFile(tmp.resolve("out/stimuli.csv")));

        cmd.perCategory = null;
        assertEquals(9, cmd.stimuli(DemoSpec.BODY, tmp.resolve("out2"), List.of("c")).size(), "one category, all images: the folder itself");
        assertFalse(Files.exists(tmp.resolve("out2/stimuli.csv")));

        Files.move(data.resolve("c"), data.resolve("a_b"));
        InputException e = assertThrows(InputException.class,
                () -> cmd.stimuli(DemoSpec.BODY, tmp.resolve("out3"), List.of("a", "b")));
        assertTrue(e.getMessage().contains("'a_b'"), e.getMessage());
    }

    @Test
    void aRegeneratedSetHasNoStaleImages() throws IOException {
        DemoCommand cmd = new DemoCommand();
        Path out = tmp.resolve("out");
        cmd.perCategory = 3;
        StimulusSet three = cmd.stimuli(DemoSpec.FACES, out, FaceStimuli.FACES);
        assertEquals(3 * FaceStimuli.CATEGORIES.size(), three.size());
        cmd.perCategory = 2;
        StimulusSet two = cmd.stimuli(DemoSpec.FACES, out, FaceStimuli.FACES);
        assertEquals(2 * FaceStimuli.CATEGORIES.size(), two.size());
        try (Stream<Path> s = Files.walk(out.resolve("stimuli"))) {
            assertEquals(2 * FaceStimuli.CATEGORIES.size(), s.filter(p -> p.toString().endsWith(".png")).count(),
                    "the third image of each category is gone");
        }
        assertEquals(4, two.inCategory("adult_child").size());
    }
}
