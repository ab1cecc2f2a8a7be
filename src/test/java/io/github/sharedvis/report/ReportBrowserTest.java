package io.github.sharedvis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report from file:// in headless Chromium ({@link HeadlessChromium}): the table shows,
 * sorting works, a neuron page loads its images and maps, the map switch works, and the console stays free of errors.
 */
class ReportBrowserTest {

    @TempDir
    Path tmp;

    @Test
    void reportWorksInHeadlessChromium() throws Exception {
        Path run = tmp.resolve("run #1 & co");
        SyntheticRun.create(run, SyntheticRun.ODD_IDS, 3, 48, 21, null);
        Report.write(run);

        List<String> problems;
        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            Page page = chromium.newPage();

            String indexUrl = run.resolve("report/index.html").toUri().toString();
            assertTrue(indexUrl.startsWith("file:"), indexUrl);
            page.navigate(indexUrl);
            page.waitForLoadState();

            Locator rows = page.locator("#neuron-table tbody tr");
            assertEquals(SyntheticRun.ODD_IDS.size(), rows.count());
            assertTrue(page.locator("#neuron-table tbody").innerText().contains("<b>x</b> & 'q\""),
                    "the odd id shows as text");
            HeadlessChromium.assertAllImagesLoaded(page, 2);

            // sort by "r ooc": ascending, then descending, n/a last both times
            List<String> headers = page.locator("#neuron-table thead th").allInnerTexts();
            int col = headers.indexOf("r ooc");
            assertTrue(col > 0, "header r ooc among " + headers);
            Locator th = page.locator("#neuron-table thead th").nth(col);
            th.click();
            assertEquals("ascending", th.getAttribute("aria-sort"));
            assertSorted(columnValues(page, col), true);
            th.click();
            assertEquals("descending", th.getAttribute("aria-sort"));
            assertSorted(columnValues(page, col), false);
            // reliability has NaN for every 4th synthetic neuron: those stay at the bottom
            int relCol = headers.indexOf("reliability");
            Locator relTh = page.locator("#neuron-table thead th").nth(relCol);
            relTh.click();
            List<Double> rel = columnValues(page, relCol);
            assertTrue(Double.isNaN(rel.get(rel.size() - 1)), "n/a last: " + rel);
            assertSorted(rel, true);
            // text sort on the neuron column
            page.locator("#neuron-table thead th").nth(0).click();
            List<String> ids = page.locator("#neuron-table tbody tr td:first-child").allInnerTexts();
            assertEquals(SyntheticRun.ODD_IDS.size(), ids.size());

            // open the odd neuron's page through its link
            page.locator("#neuron-table tbody a", new Page.LocatorOptions().setHasText("<b>x</b>")).click();
            page.waitForLoadState();
            assertTrue(page.url().contains("/report/neurons/"), page.url());
            assertTrue(page.locator("h1").innerText().contains("<b>x</b> & 'q\""));
            assertEquals(3, page.locator("section.pair").count());
            HeadlessChromium.assertAllImagesLoaded(page, 3 * 4);
            Locator heat = page.locator("img.heat").first();
            assertTrue(heat.isVisible(), "maps show by default");
            page.locator("#show-maps").uncheck();
            assertFalse(heat.isVisible(), "the switch hides the maps");
            assertTrue(page.locator("img.plain").first().isVisible(), "the image stays");
            page.locator("#show-maps").check();
            assertTrue(heat.isVisible(), "the switch shows the maps again");

            page.locator("nav a", new Page.LocatorOptions().setHasText("all neurons")).click();
            page.waitForLoadState();
            assertEquals(SyntheticRun.ODD_IDS.size(), page.locator("#neuron-table tbody tr").count());
            problems = chromium.problems();
        }
        assertEquals(List.of(), problems, "browser console errors or failed requests");
    }

    private static List<Double> columnValues(Page page, int col) {
        List<String> raw = page.locator("#neuron-table tbody tr td:nth-child(" + (col + 1) + ")")
                .evaluateAll("cells => cells.map(c => c.getAttribute('data-v'))") instanceof List<?> l
                        ? l.stream().map(String::valueOf).toList() : List.of();
        List<Double> out = new ArrayList<>();
        for (String s : raw) {
            out.add(s.isEmpty() || s.equals("null") ? Double.NaN : Double.parseDouble(s));
        }
        return out;
    }

    private static void assertSorted(List<Double> values, boolean ascending) {
        boolean seenNaN = false;
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            if (Double.isNaN(v)) {
                seenNaN = true;
                continue;
            }
            assertFalse(seenNaN, "a number after n/a: " + values);
            if (i > 0 && !Double.isNaN(values.get(i - 1))) {
                double prev = values.get(i - 1);
                assertTrue(ascending ? prev <= v : prev >= v, "not sorted: " + values);
            }
        }
    }
}
