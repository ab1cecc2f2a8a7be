package io.github.sharedvis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.github.sharedvis.TestFixtures;
import io.github.sharedvis.backbone.tfjs.BundledModel;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.report.HeadlessChromium;
import io.github.sharedvis.synthetic.FaceStimuli;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sharedvis demo --faces}, reduced (4 images per category, 2 neurons) but through the same
 * command: it finishes, its neurons are face-selective on the run's own images (ground truth from
 * neurons.json), and its report opens in headless Chromium without console errors, the table shows
 * both neurons and a neuron page shows its pairs with their maps. The full demo is timed in
 * docs/faces.md, not here.
 */
class FaceDemoBrowserTest {

    @TempDir
    Path tmp;

    @Test
    void faceDemoRunsAndItsReportOpensInChromium() throws IOException {
        try {
            BundledModel.byName(DemoSpec.FACES.model()).path();
        } catch (IOException e) {
            TestFixtures.missing(e.getMessage());
        }
        Path out = tmp.resolve("faces demo");
        CliTestSupport.Result r = CliTestSupport.run("demo", "--faces", "--per-category", "4", "--neurons", "2",
                "--quiet", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String merged = DemoSpec.mergedName(FaceStimuli.FACES);
        StimulusSet set = StimulusSet.open(out.resolve("recording/manifest.csv"), true);
        assertEquals(8, set.inCategory(merged).size(), "adult and child merged: " + set.categories());
        assertEquals(FaceStimuli.CATEGORIES.size() - 1, set.categories().size());
        JsonNode truth = new ObjectMapper().readTree(out.resolve("recording/neurons.json").toFile());
        assertEquals("feats/Relu", truth.get("layer").asText());
        assertEquals(2, truth.get("neurons").size());
        for (JsonNode n : truth.get("neurons")) {
            assertEquals(merged, n.get("preferred").asText());
            assertTrue(n.get("d_prime").asDouble() > 1, "face-selective on its own images: " + n);
        }

        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            Page page = chromium.newPage();
            page.navigate(out.resolve("report/index.html").toUri().toString());
            page.waitForLoadState();
            Locator rows = page.locator("#neuron-table tbody tr");
            assertEquals(2, rows.count());
            assertTrue(page.locator("#neuron-table tbody").innerText().contains(merged + "-1"));
            HeadlessChromium.assertAllImagesLoaded(page, 2);
            page.locator("#neuron-table tbody a", new Page.LocatorOptions().setHasText(merged + "-1")).click();
            page.waitForLoadState();
            assertTrue(page.url().contains("/report/neurons/"), page.url());
            assertEquals(3, page.locator("section.pair").count());
            HeadlessChromium.assertAllImagesLoaded(page, 3 * 4);
            assertTrue(page.locator("img.heat").first().isVisible(), "the maps show");
            List<String> problems = chromium.problems();
            assertEquals(List.of(), problems, "browser console errors or failed requests");
        }
    }
}
