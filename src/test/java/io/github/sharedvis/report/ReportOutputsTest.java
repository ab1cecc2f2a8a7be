package io.github.sharedvis.report;

import io.github.sharedvis.run.RunFiles;
import io.github.sharedvis.run.PairRow;
import io.github.sharedvis.run.NeuronRow;
import io.github.sharedvis.util.FileNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.attribution.SaliencyMaps;
import io.github.sharedvis.util.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The files {@link Report#write} produces for a synthetic run: valid PNG/SVG, safe and complete HTML. */
class ReportOutputsTest {

    @TempDir
    static Path tmp;
    static Path run;
    static RunFiles files;

    static final int PAIRS = 2;

    @BeforeAll
    static void writeReport() throws IOException {
        run = tmp.resolve("run dir with spaces");
        SyntheticRun.create(run, SyntheticRun.ODD_IDS, PAIRS, 40, 11, null);
        Report.write(run);
        files = RunFiles.read(run);
    }

    private static Document parseXml(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    private static void assertPng(Path file, int minWidth) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " missing");
        byte[] head = new byte[8];
        try (var in = Files.newInputStream(file)) {
            assertEquals(8, in.read(head));
        }
        assertEquals((byte) 0x89, head[0]);
        assertEquals("PNG", new String(head, 1, 3, StandardCharsets.US_ASCII));
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, file + " does not decode");
        assertTrue(img.getWidth() >= minWidth, file + " is only " + img.getWidth() + " px wide");
    }

    @Test
    void populationFiguresAreValidPngAndSvg() throws Exception {
        for (String f : List.of("fig3a", "fig3b")) {
            assertPng(run.resolve("figures").resolve(f + ".png"), 1500);
            Document svg = parseXml(run.resolve("figures").resolve(f + ".svg"));
            assertEquals("svg", svg.getDocumentElement().getLocalName());
            assertEquals("http://www.w3.org/2000/svg", svg.getDocumentElement().getNamespaceURI());
            // every neuron id is a tick label; odd characters survive escaping (ellipsized ones start the same)
            String text = svg.getDocumentElement().getTextContent();
            for (String id : SyntheticRun.ODD_IDS) {
                String start = id.substring(0, Math.min(id.length(), 4));
                assertTrue(text.contains(start), f + " lacks label of " + id);
            }
        }
        String a = parseXml(run.resolve("figures/fig3a.svg")).getDocumentElement().getTextContent();
        assertTrue(a.contains("Fisher z"), "Fig. 3a says how the null band is computed");
    }

    @Test
    void nullBandMatchesTheExactCriticalR() {
        // exact two-sided 5% critical r for n = 103 from the t distribution: t(0.975, 101) = 1.98373
        double t = 1.98373;
        double exact = t / Math.sqrt(t * t + 101);
        assertEquals(exact, PopulationFigures.nullHalfWidth(103), 1e-3);
        assertEquals(Math.tanh(1.96 / Math.sqrt(17)), PopulationFigures.nullHalfWidth(20), 1e-12);
        assertTrue(Double.isNaN(PopulationFigures.nullHalfWidth(3)));
    }

    @Test
    void pairPanelsExistForEveryNeuronWithAllImagesEmbedded() throws Exception {
        FileNames names = PairFigures.fileNames(files);
        for (NeuronRow n : files.neurons()) {
            Path png = run.resolve("figures/neurons").resolve(names.of(n.neuron()) + ".png");
            Path svg = run.resolve("figures/neurons").resolve(names.of(n.neuron()) + ".svg");
            assertPng(png, 1600);
            Document doc = parseXml(svg);
            NodeList images = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "image");
            // per pair: ooc, ooc overlay, reference, reference overlay, colour bar
            assertEquals(5 * PAIRS, images.getLength(), n.neuron());
            String text = doc.getDocumentElement().getTextContent();
            assertTrue(text.contains(n.neuron().substring(0, Math.min(4, n.neuron().length()))), n.neuron());
            for (PairRow p : files.pairsOf(n.neuron())) {
                assertTrue(text.contains(p.oocId()) && text.contains(p.referenceId()));
            }
        }
        assertEquals(2 * files.neurons().size(), fileCount(run.resolve("figures/neurons")));
    }

    @Test
    void aPairsMapsShareTheJointMaxAsScale() throws IOException {
        // the shared scale is the joint max, so exactly the stronger map reaches the top colour somewhere
        NeuronRow n = files.neurons().get(0);
        PairRow p = files.pairsOf(n.neuron()).get(0);
        PairFigures.RenderedPair rp = PairFigures.render(files, MapDisplay.of(files), p);
        float mo = SaliencyMaps.jointMax(rp.oocMap(), new float[0]);
        float mr = SaliencyMaps.jointMax(rp.referenceMap(), new float[0]);
        assertEquals(Math.max(mo, mr), rp.vmax());
        assertTrue(mo != mr, "synthetic maps differ in strength");
    }

    private static long fileCount(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    private static final Pattern URL_ATTR = Pattern.compile("(?:href|src)=\"([^\"]*)\"");

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(run.resolve("report/index.html"));
        try (Stream<Path> s = Files.list(run.resolve("report/neurons"))) {
            s.sorted().forEach(pages::add);
        }
        return pages;
    }

    @Test
    void everyLinkIsRelativeAndResolvesToAFileUnderReport() throws IOException {
        Path report = run.resolve("report").toRealPath();
        for (Path page : pages()) {
            String html = Files.readString(page);
            assertFalse(html.contains("http://") || html.contains("https://"), page + " has an http URL");
            Matcher m = URL_ATTR.matcher(html);
            int links = 0;
            while (m.find()) {
                String url = m.group(1).replace("&amp;", "&");
                if (url.equals("data:,")) {
                    continue; // the empty favicon
                }
                links++;
                assertFalse(url.startsWith("/") || url.startsWith("//") || url.contains(":"), page + ": " + url);
                String path = java.net.URLDecoder.decode(url.replace("+", "%2B"), StandardCharsets.UTF_8);
                Path target = page.getParent().resolve(path).normalize();
                assertTrue(Files.isRegularFile(target), page + " links to missing " + url);
                assertTrue(target.toRealPath().startsWith(report), page + " links outside report/: " + url);
            }
            assertTrue(links >= 3, page + " has only " + links + " links");
        }
    }

    @Test
    void idsAreEscapedAndEveryNeuronHasItsOwnPage() throws IOException {
        String index = Files.readString(run.resolve("report/index.html"));
        assertFalse(index.contains("<b>x</b>"), "raw markup from a neuron id reached the page");
        assertTrue(index.contains("&lt;b&gt;x&lt;/b&gt; &amp; &#39;q&quot;"));
        Matcher rows = Pattern.compile("<tr><td data-v=").matcher(index);
        int count = 0;
        while (rows.find()) {
            count++;
        }
        assertEquals(SyntheticRun.ODD_IDS.size(), count, "one table row per neuron");
        Set<String> pages = new HashSet<>();
        try (Stream<Path> s = Files.list(run.resolve("report/neurons"))) {
            s.forEach(p -> pages.add(p.getFileName().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        assertEquals(SyntheticRun.ODD_IDS.size(), pages.size(), "pages are unique even ignoring case");
        FileNames names = PairFigures.fileNames(files);
        String page = Files.readString(run.resolve("report/neurons").resolve(names.of("<b>x</b> & 'q\"") + ".html"));
        assertTrue(page.contains("Neuron <span class=\"id\">&lt;b&gt;x&lt;/b&gt; &amp; &#39;q&quot;</span>"));
        assertTrue(page.contains("id=\"show-maps\""), "the map toggle is there");
        assertEquals(2 * PAIRS, countOf(page, "<img class=\"plain\""));
        assertEquals(2 * PAIRS, countOf(page, "<img class=\"heat\""));
    }

    @Test
    void neuronsWithoutPairsOrMapsAndEmptyRunsStillGetAReport(@TempDir Path dir) throws Exception {
        SyntheticRun.create(dir, List.of("a", "b"), 1, 16, 4, null);
        // keep only neuron a's pair and drop its reference map
        List<String> lines = Files.readAllLines(dir.resolve("pairs.csv"));
        String pair = lines.get(1);
        String[] cells = pair.split(",", -1); // no quoting in this row: plain ids and paths
        cells[PairRow.TABLE.columns().indexOf("map_reference")] = "";
        AtomicFiles.writeString(dir.resolve("pairs.csv"), lines.get(0) + "\n" + String.join(",", cells) + "\n");
        Report.write(dir);
        RunFiles r = RunFiles.read(dir);
        assertEquals("", r.pairsOf("a").get(0).mapReference());
        assertTrue(Files.isRegularFile(dir.resolve("figures/neurons/a.png")));
        assertFalse(Files.exists(dir.resolve("figures/neurons/b.png")), "no panel without pairs");
        assertTrue(Files.readString(dir.resolve("report/neurons/b.html")).contains("No pairs"));
        String a = Files.readString(dir.resolve("report/neurons/a.html"));
        assertEquals(1, countOf(a, "<img class=\"heat\""));
        assertTrue(a.contains("no map"));
        assertTrue(parseXml(dir.resolve("figures/neurons/a.svg")).getDocumentElement().getTextContent().contains("no map"));

        Path empty = dir.resolve("empty");
        AtomicFiles.writeString(empty.resolve("summary.csv"), String.join(",", NeuronRow.TABLE.columns()) + "\n");
        Report.write(empty);
        assertPng(empty.resolve("figures/fig3a.png"), 1500);
        assertTrue(Files.readString(empty.resolve("report/index.html")).contains("0 neurons"));
    }

    private static int countOf(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
