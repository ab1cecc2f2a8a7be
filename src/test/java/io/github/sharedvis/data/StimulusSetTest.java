package io.github.sharedvis.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StimulusSetTest {

    static Path image(Path file, String format) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB), format, file.toFile());
        return file;
    }

    static Path folder(Path root) throws IOException {
        image(root.resolve("body/b2.png"), "png");
        image(root.resolve("body/b1.jpg"), "jpg");
        image(root.resolve("car/c1.png"), "png");
        Files.writeString(root.resolve("car/notes.txt"), "ignored");
        Files.writeString(root.resolve("labels.csv"), "ignored at the top level");
        return root;
    }

    static String message(Path p) {
        Exception e = assertThrows(IllegalArgumentException.class, () -> StimulusSet.open(p));
        return e.getMessage();
    }

    static void contains(String msg, String... parts) {
        for (String part : parts) {
            assertTrue(msg.contains(part), "message '" + msg + "' lacks '" + part + "'");
        }
    }

    @Test
    void folderOfCategories(@TempDir Path tmp) throws IOException {
        StimulusSet s = StimulusSet.open(folder(tmp));
        assertEquals(List.of("b1", "b2", "c1"), s.ids());
        assertEquals(List.of("body", "car"), s.categories());
        assertEquals(2, s.inCategory("body").size());
        assertEquals(List.of("c1"), s.notInCategory("body").stream().map(Stimulus::id).toList());
        assertEquals(s, s.requireCategory("car"));
    }

    @Test
    void manifestResolvesRelativePathsAndKeepsRowOrder(@TempDir Path tmp) throws IOException {
        folder(tmp.resolve("imgs"));
        Path csv = Files.writeString(tmp.resolve("m.csv"),
                "image,category,stimulus_id,extra\nimgs/car/c1.png,car,C,x\nimgs/body/b1.jpg,body,B,y\n");
        StimulusSet s = StimulusSet.open(csv);
        assertEquals(List.of("C", "B"), s.ids());
        assertEquals(tmp.resolve("imgs/car/c1.png").toAbsolutePath().normalize(), s.stimuli().get(0).image());
        assertEquals(List.of("car", "body"), s.categories());
    }

    @Test
    void digestCoversIdsCategoriesAndBytes(@TempDir Path tmp) throws IOException {
        Path root = folder(tmp);
        String d1 = StimulusSet.open(root).digest();
        assertEquals(d1, StimulusSet.open(root).digest());
        image(root.resolve("car/c1.png"), "bmp"); // same name, other bytes
        assertNotEquals(d1, StimulusSet.open(root).digest());
    }

    @Test
    void realFlocSetFromFolderAndManifestAgree() throws IOException {
        Path floc = Path.of("../shared/data/floc");
        Assumptions.assumeTrue(Files.isDirectory(floc), "../shared/data/floc absent");
        StimulusSet byFolder = StimulusSet.fromFolder(floc);
        StimulusSet byManifest = StimulusSet.fromManifest(floc.resolve("labels.csv"));
        assertEquals(1584, byFolder.size());
        assertEquals(11, byFolder.categories().size());
        assertEquals(new java.util.TreeSet<>(byFolder.ids()), new java.util.TreeSet<>(byManifest.ids()));
        assertEquals(144, byManifest.inCategory("body").size());
    }

    // ------------------------------------------------------------------------------ malformed input

    @Test
    void missingImage(@TempDir Path tmp) throws IOException {
        Path csv = Files.writeString(tmp.resolve("m.csv"), "image,category\nnope.png,body\n");
        contains(message(csv), "m.csv line 2", "image 'nope.png'", "missing image");
    }

    @Test
    void unreadableImage(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("body"));
        Files.writeString(tmp.resolve("body/b1.jpg"), "this is text");
        contains(message(tmp), "b1.jpg", "unreadable image", "not a JPEG");
        Files.write(tmp.resolve("body/b1.jpg"), new byte[0]);
        contains(message(tmp), "the file is empty");
    }

    @Test
    void duplicateIdInFolder(@TempDir Path tmp) throws IOException {
        image(tmp.resolve("body/x.png"), "png");
        image(tmp.resolve("car/x.png"), "png");
        contains(message(tmp), "duplicate stimulus id 'x'", "body", "car", "stimulus_id column");
    }

    @Test
    void duplicateIdInManifest(@TempDir Path tmp) throws IOException {
        image(tmp.resolve("a.png"), "png");
        image(tmp.resolve("b.png"), "png");
        Path csv = Files.writeString(tmp.resolve("m.csv"), "image,category,stimulus_id\na.png,body,s\nb.png,car,s\n");
        contains(message(csv), "line 3", "duplicate stimulus id 's'", "first at line 2");
    }

    @Test
    void emptyCategoryFolder(@TempDir Path tmp) throws IOException {
        image(tmp.resolve("body/b.png"), "png");
        Files.createDirectories(tmp.resolve("car"));
        contains(message(tmp), "empty category 'car'");
    }

    @Test
    void emptyCategoryInManifest(@TempDir Path tmp) throws IOException {
        image(tmp.resolve("a.png"), "png");
        Path csv = Files.writeString(tmp.resolve("m.csv"), "image,category\na.png,\n");
        contains(message(csv), "line 2", "empty category for image 'a.png'");
    }

    @Test
    void unknownPreferredCategory(@TempDir Path tmp) throws IOException {
        StimulusSet s = StimulusSet.open(folder(tmp));
        Exception e = assertThrows(IllegalArgumentException.class, () -> s.requireCategory("face"));
        contains(e.getMessage(), "unknown preferred category 'face'", "known categories: body, car");
    }

    @Test
    void manifestWithoutCategoryColumn(@TempDir Path tmp) throws IOException {
        Path csv = Files.writeString(tmp.resolve("m.csv"), "image,label\na.png,body\n");
        contains(message(csv), "missing column 'category'", "[image, label]");
    }

    @Test
    void folderWithoutSubfolders(@TempDir Path tmp) throws IOException {
        image(tmp.resolve("a.png"), "png");
        contains(message(tmp), "no category sub-folders");
        contains(message(tmp.resolve("nothing")), "no such folder or manifest");
    }
}
