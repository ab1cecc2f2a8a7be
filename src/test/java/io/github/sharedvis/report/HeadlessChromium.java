package io.github.sharedvis.report;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's /usr/bin/chromium, headless, driven by Playwright with its bundled driver (no browser
 * download), with every console error or warning, page error and failed request collected. Skips the
 * test when Chromium is absent, except under CI, which installs it.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** The browser the tests drive. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final Playwright playwright;
    private final Browser browser;
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    private HeadlessChromium() {
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync")));
    }

    /** @return a started browser; the test is skipped (failed under CI) when Chromium is not installed */
    public static HeadlessChromium launch() {
        if (!io.github.sharedvis.TestFixtures.inCi()) {
            Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                    "skipped: /usr/bin/chromium is not installed (apt-get install chromium; CI installs it)");
        }
        return new HeadlessChromium();
    }

    /** @return a new page whose console errors, warnings, page errors and failed requests go to {@link #problems} */
    public Page newPage() {
        Page page = browser.newPage();
        page.onConsoleMessage(m -> {
            if (m.type().equals("error") || m.type().equals("warning")) {
                problems.add(m.type() + ": " + m.text() + " @ " + m.location());
            }
        });
        page.onPageError(e -> problems.add("page error: " + e));
        page.onRequestFailed(r -> problems.add("request failed: " + r.url() + " " + r.failure()));
        return page;
    }

    /** @return what went wrong on the pages so far (a copy) */
    public List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    /**
     * Asserts that the page shows at least {@code atLeast} images and that every one of them loaded.
     *
     * @param page the page
     * @param atLeast the fewest images expected
     */
    public static void assertAllImagesLoaded(Page page, int atLeast) {
        @SuppressWarnings("unchecked")
        List<Object> widths = (List<Object>) page.evaluate(
                "() => Array.from(document.images).map(i => i.complete ? i.naturalWidth : -1)");
        org.junit.jupiter.api.Assertions.assertTrue(widths.size() >= atLeast,
                "only " + widths.size() + " images on " + page.url());
        for (Object w : widths) {
            org.junit.jupiter.api.Assertions.assertTrue(((Number) w).intValue() > 0,
                    "an image did not load on " + page.url() + ": " + widths);
        }
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
