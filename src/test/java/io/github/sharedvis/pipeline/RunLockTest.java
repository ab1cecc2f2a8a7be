package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.cli.CliTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run at a time per run directory (issue 11, defect 4): a second run, in this process or another,
 * stops with "another run holds DIR (...)" before touching anything, in particular before the
 * start-up sweep could delete the first run's temporary files.
 */
class RunLockTest {

    @TempDir
    Path tmp;

    @Test
    void aSecondRunOnTheSameOutIsRefusedAndDeletesNothing() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 2, "");
        Path out = tmp.resolve("out");
        try (Pipeline first = new Pipeline(ConfigLoader.load(cfg), cfg, out, Backbones.withDefaults(), null)) {
            first.extract(); // holds the lock from its first step on
            Path inFlight = out.resolve("features/.features.npy123.tmp");
            Files.writeString(inFlight, "the first run is writing this");

            CliTestSupport.Result same = CliTestSupport.run("run", cfg.toString(), "--out", out.toString(), "--quiet");
            assertEquals(2, same.code(), same.err());
            assertTrue(same.err().contains("another run holds " + out + " (process " + ProcessHandle.current().pid()
                    + "; lock file " + out.resolve(".lock") + ")"), same.err());
            assertFalse(same.err().contains("\tat "), "no stack trace");

            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process other = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    "io.github.sharedvis.cli.Main", "fit", cfg.toString(), "--out", out.toString(), "--quiet")
                    .redirectErrorStream(true).start();
            String log = new String(other.getInputStream().readAllBytes());
            assertTrue(other.waitFor(120, TimeUnit.SECONDS));
            assertEquals(2, other.exitValue(), log);
            assertTrue(log.contains("another run holds " + out), log);
            assertTrue(Files.isRegularFile(inFlight), "the first run's temporary file survives");
        }
        CliTestSupport.Result after = CliTestSupport.run("run", cfg.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, after.code(), after.err());
        assertFalse(Files.exists(out.resolve("features/.features.npy123.tmp")), "a stray one is swept once the lock is held");
        assertEquals(0, Files.size(out.resolve(".lock")), "the lock file is left empty");
    }

    @Test
    void aStrayTemporaryInTheCacheIsSweptWhenTheExtractStepRunsAgain() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 2, "");
        Path out = tmp.resolve("out");
        CliTestSupport.Result first = CliTestSupport.run("run", cfg.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, first.code(), first.err());
        Path inCache;
        try (var dirs = Files.list(out.resolve("cache"))) {
            inCache = dirs.findFirst().orElseThrow().resolve(".0123abcd.f32123.tmp");
        }
        Files.writeString(inCache, "a killed extraction left this");
        Path inFeatures = Files.writeString(out.resolve("features/.features.npy456.tmp"), "and this");

        CliTestSupport.Result skipped = CliTestSupport.run("run", cfg.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, skipped.code(), skipped.err());
        assertFalse(Files.exists(inFeatures), "swept at start-up");
        assertTrue(Files.exists(inCache), "an up-to-date re-run does not walk the cache");

        Files.delete(out.resolve("features/features.npy")); // the extract step runs again (from the cache)
        CliTestSupport.Result again = CliTestSupport.run("run", cfg.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, again.code(), again.err());
        assertFalse(Files.exists(inCache), "swept by the extract step of a whole run");
    }
}
