package io.github.sharedvis.report;

import io.github.sharedvis.run.ReferenceCandidate;
import io.github.sharedvis.run.RunFiles;
import io.github.sharedvis.run.PairRow;
import io.github.sharedvis.run.NeuronRow;
import io.github.sharedvis.util.FileNames;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.attribution.ChannelReduction;
import io.github.sharedvis.data.Npy;
import io.github.sharedvis.util.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing of the run-directory file contract, its error messages, and safe file names. */
class RunFilesTest {

    @TempDir
    Path dir;

    private static final String SUMMARY_HEADER = String.join(",", NeuronRow.TABLE.columns()) + "\n";
    private static final String PAIRS_HEADER = String.join(",", PairRow.TABLE.columns()) + "\n";

    private void write(String name, String text) throws IOException {
        AtomicFiles.writeString(dir.resolve(name), text);
    }

    @Test
    void readsTheContractWithQuotingNaNAndDefaults() throws IOException {
        write("summary.csv", "\uFEFF" + SUMMARY_HEADER
                + "\"cell, \"\"7\"\"\",120,40,10.5,0.61,0.42,0.003,NaN,NaN,NaN,31.5,12.25\n"
                + "n2,80.0,30,1e3,-0.1,nan,,0.8,0.0125,0.2,20,-1.5\n");
        write("pairs.csv", PAIRS_HEADER
                + "n2,2,o2,chairs,images/o2.png,b2,body,images/b2.png,0.5,1,2,3,4,maps/a.npy,,b2:0.5\n"
                + "n2,1,o1,chairs,images/o1.png,b1,body,images/b1.png,0.9,5,6,7,8,,maps/b.npy,b1:0.9;a\\;b:0.25\n");
        RunFiles run = RunFiles.read(dir);
        assertEquals(2, run.neurons().size());
        NeuronRow a = run.neurons().get(0);
        assertEquals("cell, \"7\"", a.neuron());
        assertEquals(120, a.nPreferred());
        assertEquals(40, a.nOoc());
        assertEquals(10.5, a.alpha());
        assertEquals(0.61, a.rWithinCv());
        assertEquals(0.003, a.pOoc());
        assertTrue(Double.isNaN(a.reliability()));
        assertEquals(12.25, a.meanOoc());
        NeuronRow b = run.neurons().get(1);
        assertEquals(80, b.nPreferred());
        assertEquals(1000.0, b.alpha());
        assertTrue(Double.isNaN(b.rOoc()));
        assertTrue(Double.isNaN(b.pOoc()), "empty field reads as NaN");
        assertEquals(-1.5, b.meanOoc());
        // pairs sorted by rank per neuron; empty map paths stay empty
        List<PairRow> p = run.pairsOf("n2");
        assertEquals(List.of(1, 2), p.stream().map(PairRow::rank).toList());
        assertEquals("", p.get(0).mapOoc());
        assertEquals("maps/b.npy", p.get(0).mapReference());
        assertEquals(0.9, p.get(0).similarity());
        assertEquals(8.0, p.get(0).referencePredicted());
        assertEquals(List.of(new ReferenceCandidate("b1", 0.9), new ReferenceCandidate("a;b", 0.25)),
                p.get(0).referenceCandidates(), "escaped ids split back");
        assertEquals(List.of(), run.pairsOf("cell, \"7\""));
        // no run.json: defaults
        assertEquals(ChannelReduction.POSITIVE, MapDisplay.of(run).reduction());
        assertEquals(0.0, MapDisplay.of(run).smoothingSigma());
        assertEquals("preferred", run.preferredCategory());
    }

    @Test
    void readsDisplaySettingsFromRunJson() throws IOException {
        write("summary.csv", SUMMARY_HEADER);
        write("run.json", "{\"config\": {\"display\": {\"reduction\": \"l2\", \"smoothing_sigma\": 2.5,"
                + " \"overlay_alpha\": 0.5}}, \"preferred_category\": \"faces\"}");
        RunFiles run = RunFiles.read(dir);
        assertEquals(ChannelReduction.L2, MapDisplay.of(run).reduction());
        assertEquals(2.5, MapDisplay.of(run).smoothingSigma());
        assertEquals(0.5f, MapDisplay.of(run).overlayAlpha());
        assertEquals("faces", run.preferredCategory());
        assertTrue(run.neurons().isEmpty());
        assertTrue(run.pairs().isEmpty(), "pairs.csv is optional");
    }

    private String error(String summary, String pairs, String runJson) throws IOException {
        write("summary.csv", summary);
        Files.deleteIfExists(dir.resolve("pairs.csv"));
        Files.deleteIfExists(dir.resolve("run.json"));
        if (pairs != null) {
            write("pairs.csv", pairs);
        }
        if (runJson != null) {
            write("run.json", runJson);
        }
        return assertThrows(IOException.class, () -> RunFiles.read(dir)).getMessage();
    }

    @Test
    void badInputNamesFileFieldAndFix() throws IOException {
        String m = error("neuron,n_preferred\nx,1\n", null, null);
        assertTrue(m.contains("summary.csv") && m.contains("missing column") && m.contains("r_ooc"), m);

        m = error(SUMMARY_HEADER + "x,1,2,3,0.5,zero,0.1,1,1,1,1,1\n", null, null);
        assertTrue(m.contains("line 2") && m.contains("column r_ooc") && m.contains("'zero'"), m);

        m = error(SUMMARY_HEADER + "x,1.5,2,3,0.5,0.1,0.1,1,1,1,1,1\n", null, null);
        assertTrue(m.contains("n_preferred") && m.contains("whole number"), m);

        m = error(SUMMARY_HEADER + "x,1,2,3,0.5,0.1,0.1,1,1,1,1,1\nx,1,2,3,0.5,0.1,0.1,1,1,1,1,1\n", null, null);
        assertTrue(m.contains("appears twice"), m);

        String ok = SUMMARY_HEADER + "x,1,2,3,0.5,0.1,0.1,1,1,1,1,1\n";
        m = error(ok, PAIRS_HEADER + "x,1,o,c,../outside.png,r,b,images/r.png,1,1,1,1,1,,,\n", null);
        assertTrue(m.contains("pairs.csv") && m.contains("ooc_image") && m.contains("relative"), m);

        m = error(ok, PAIRS_HEADER + "x,1,o,c,/etc/passwd,r,b,images/r.png,1,1,1,1,1,,,\n", null);
        assertTrue(m.contains("ooc_image"), m);

        m = error(ok, PAIRS_HEADER + "y,1,o,c,images/o.png,r,b,images/r.png,1,1,1,1,1,,,\n", null);
        assertTrue(m.contains("'y'") && m.contains("summary.csv"), m);

        m = error(ok, PAIRS_HEADER + "x,0,o,c,images/o.png,r,b,images/r.png,1,1,1,1,1,,,\n", null);
        assertTrue(m.contains("rank") && m.contains(">= 1"), m);

        Files.deleteIfExists(dir.resolve("pairs.csv"));
        write("run.json", "{\"config\": {\"display\": {\"reduction\": \"max\"}}}");
        RunFiles bad = RunFiles.read(dir);
        m = assertThrows(IOException.class, () -> MapDisplay.of(bad)).getMessage();
        assertTrue(m.contains("run.json") && m.contains("config.display.reduction") && m.contains("positive, abs, l2"), m);

        Files.delete(dir.resolve("summary.csv"));
        m = assertThrows(IOException.class, () -> RunFiles.read(dir)).getMessage();
        assertTrue(m.contains("summary.csv not found"), m);
    }

    @Test
    void displayMapReducesSmoothsAndChecksShape() throws IOException {
        write("summary.csv", SUMMARY_HEADER);
        write("run.json", "{\"config\": {\"display\": {\"reduction\": \"abs\"}}}");
        // [3, 2, 3]: channel sums -3, 0, 3, 6, -6, 1.5 -> abs 3, 0, 3, 6, 6, 1.5
        float[] chw = {
            -1, 0, 1, 2, -2, 0.5f,
            -1, 0, 1, 2, -2, 0.5f,
            -1, 0, 1, 2, -2, 0.5f,
        };
        AtomicFiles.write(dir.resolve("maps/m.npy"), out -> Npy.writeFloat32(out, new long[] {3, 2, 3}, chw));
        RunFiles run = RunFiles.read(dir);
        assertArrayEquals(new float[] {3, 0, 3, 6, 6, 1.5f}, MapDisplay.of(run).map(run, "maps/m.npy", 2, 3), 1e-6f);
        String m = assertThrows(IOException.class, () -> MapDisplay.of(run).map(run, "maps/m.npy", 3, 2)).getMessage();
        assertTrue(m.contains("[3, 2, 3]") && m.contains("3x2"), m);
        m = assertThrows(IOException.class, () -> MapDisplay.of(run).map(run, "maps/none.npy", 2, 3)).getMessage();
        assertTrue(m.contains("none.npy not found"), m);
        assertThrows(IOException.class, () -> run.resolve("../x"));
    }

    @Test
    void readsImagesAndSyntheticRun() throws IOException {
        SyntheticRun.create(dir, SyntheticRun.ODD_IDS, 2, 24, 1, null);
        RunFiles run = RunFiles.read(dir);
        assertEquals(SyntheticRun.ODD_IDS, run.neurons().stream().map(NeuronRow::neuron).toList());
        assertEquals(2 * SyntheticRun.ODD_IDS.size(), run.pairs().size());
        PairRow p = run.pairsOf("<b>x</b> & 'q\"").get(0);
        BufferedImage img = run.image(p.oocImage());
        assertEquals(24, img.getWidth());
        assertEquals(ImageIO.read(dir.resolve(p.oocImage()).toFile()).getRGB(5, 5), img.getRGB(5, 5));
        assertEquals(1.5, MapDisplay.of(run).smoothingSigma());
        assertEquals("body", run.preferredCategory());
    }

    @Test
    void fileNamesAreSafeUniqueAndStable() {
        List<String> ids = new ArrayList<>(SyntheticRun.ODD_IDS);
        ids.addAll(List.of("plain_1", "a b", "a_b", "a?b", "", ".hidden", "x".repeat(200), "日本"));
        FileNames names = new FileNames(ids);
        Set<String> lower = new HashSet<>();
        for (String id : ids) {
            String n = names.of(id);
            assertTrue(n.matches("[A-Za-z0-9][A-Za-z0-9._-]*") && n.length() <= 64, "unsafe name '" + n + "' for " + id);
            assertTrue(lower.add(n.toLowerCase(Locale.ROOT)), "name '" + n + "' not unique ignoring case");
        }
        assertEquals("plain_1", names.of("plain_1"), "safe ids are kept");
        assertEquals("a_b", names.of("a_b"));
        assertNotEquals("a_b", names.of("a b"));
        assertNotEquals("n01", names.of("n01"), "n01 and N01 collide on case-insensitive file systems");
        assertTrue(!names.of("CON").equalsIgnoreCase("CON"), "Windows device names are avoided");
        // the same ids in another order give the same names
        List<String> reversed = new ArrayList<>(ids);
        java.util.Collections.reverse(reversed);
        FileNames again = new FileNames(reversed);
        for (String id : ids) {
            assertEquals(names.of(id), again.of(id));
        }
        FileNames paths = FileNames.forPaths(List.of("images/a.png", "other/a.png", "images/b c.png", "images/d.png"));
        assertEquals("d", paths.of("images/d.png"));
        assertNotEquals(paths.of("images/a.png"), paths.of("other/a.png"));
    }
}
