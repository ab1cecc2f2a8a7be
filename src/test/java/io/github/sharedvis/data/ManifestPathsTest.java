package io.github.sharedvis.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest names images inside its own folder unless {@code outside_paths} allows more (issue 11,
 * defect 7): {@code ../} leaving the folder and absolute paths are errors naming the row and the fix,
 * and no file outside the folder is opened.
 */
class ManifestPathsTest {

    @TempDir
    Path tmp;

    @Test
    void pathsLeavingTheManifestsFolderAreRejectedUnlessAllowed() throws Exception {
        Path data = tmp.resolve("data");
        StimulusSetTest.image(data.resolve("img/body/b1.png"), "png");
        StimulusSetTest.image(data.resolve("img/car/c1.png"), "png");
        Path outside = StimulusSetTest.image(tmp.resolve("elsewhere/secret.png"), "png");
        // inside, also through a detour that stays inside: accepted
        Path ok = data.resolve("ok.csv");
        Files.writeString(ok, "image,category\nimg/body/b1.png,body\nimg/car/../car/c1.png,car\n");
        assertEquals(2, StimulusSet.fromManifest(ok).size());

        for (String escaping : new String[] {"../elsewhere/secret.png", "img/../../elsewhere/secret.png",
            outside.toString()}) {
            Path m = data.resolve("m.csv");
            Files.writeString(m, "image,category\nimg/body/b1.png,body\n\"" + escaping + "\",car\n");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StimulusSet.fromManifest(m));
            String msg = e.getMessage();
            assertTrue(msg.startsWith(m.toAbsolutePath() + " line 3: image '" + escaping + "' lies outside the "
                    + "manifest's folder " + data.toAbsolutePath()), msg);
            assertTrue(msg.contains(escaping.startsWith("/") ? "an absolute path" : "../ leaves it"), msg);
            assertTrue(msg.contains("[data] outside_paths = true"), msg);
            // the option allows it
            StimulusSet s = StimulusSet.open(m, true);
            assertEquals(outside.toAbsolutePath().normalize(), s.stimuli().get(1).image());
        }
    }

    @Test
    void aSystemFileNamedByTheManifestIsNeverOpened() throws Exception {
        Path data = tmp.resolve("d");
        StimulusSetTest.image(data.resolve("b.png"), "png");
        Path m = data.resolve("m.csv");
        // an unreadable or special file: without the rule this would be opened and sniffed
        Files.writeString(m, "image,category\nb.png,body\n/dev/zero,car\n");
        String msg = assertThrows(IllegalArgumentException.class, () -> StimulusSet.fromManifest(m)).getMessage();
        assertTrue(msg.contains("'/dev/zero' lies outside"), msg);
    }
}
