package io.github.sharedvis.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.data.StimulusSet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated face-localizer set: reproducible to the byte, its categories and face-like objects as documented. */
class FaceStimuliTest {

    @TempDir
    Path tmp;

    @Test
    void sameSeedWritesTheSameBytesAndAnotherSeedOtherImages() throws IOException {
        List<Path> a = new FaceStimuli(96, 3).write(tmp.resolve("a"), 3);
        List<Path> b = new FaceStimuli(96, 3).write(tmp.resolve("b"), 3);
        List<Path> c = new FaceStimuli(96, 4).write(tmp.resolve("c"), 3);
        assertEquals(a.size(), b.size());
        int differ = 0;
        for (int i = 0; i < a.size(); i++) {
            assertEquals(tmp.resolve("a").relativize(a.get(i)), tmp.resolve("b").relativize(b.get(i)));
            assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), a.get(i).toString());
            differ += java.util.Arrays.equals(Files.readAllBytes(a.get(i)), Files.readAllBytes(c.get(i))) ? 0 : 1;
        }
        assertEquals(a.size(), differ, "every image changes with the seed");
    }

    @Test
    void categoriesSizesAndFaceLikeObjectsAreAsDocumented() throws IOException {
        int n = 4;
        new FaceStimuli(128, 1).write(tmp, n);
        StimulusSet set = StimulusSet.fromFolder(tmp);
        assertEquals(FaceStimuli.CATEGORIES.stream().sorted().toList(), set.categories().stream().sorted().toList());
        Map<String, List<Stimulus>> byCat = set.stimuli().stream().collect(Collectors.groupingBy(Stimulus::category));
        for (String cat : FaceStimuli.CATEGORIES) {
            List<Stimulus> s = byCat.get(cat);
            assertEquals(n, s.size(), cat);
            long faceLike = s.stream().filter(x -> x.id().endsWith(FaceStimuli.FACELIKE)).count();
            boolean object = !FaceStimuli.FACES.contains(cat) && !cat.equals("body");
            assertEquals(object ? n / 2 : 0, faceLike, cat + ": half the objects are face-like, no face or body is");
            for (Stimulus x : s) {
                BufferedImage img = ImageIO.read(x.image().toFile());
                assertEquals(128, img.getWidth());
                assertEquals(128, img.getHeight());
                assertTrue(distinctColours(img) > 3, x.id() + " is not blank");
            }
        }
        assertTrue(FaceStimuli.faceLike("house", 0));
        assertFalse(FaceStimuli.faceLike("house", 1));
        assertFalse(FaceStimuli.faceLike("adult", 0));
        assertThrows(IllegalArgumentException.class, () -> new FaceStimuli(128, 1).draw("tree", 0));
        assertThrows(IllegalArgumentException.class, () -> new FaceStimuli(32, 1));
    }

    private static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> c = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 4) {
            for (int x = 0; x < img.getWidth(); x += 4) {
                c.add(img.getRGB(x, y));
            }
        }
        return c.size();
    }
}
