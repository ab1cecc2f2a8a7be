package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.cli.CliTestSupport;
import io.github.sharedvis.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sharedvis plan --scheduler local} writes a script that runs the stages as processes (two
 * shards at once) and merges; its run folder holds the files of a single-process run. A failing
 * stage stops the script before the next one.
 */
class LocalPlanTest {

    @TempDir
    Path tmp;

    /** The launcher the tasks use: this test's JVM and class path, so no packaged jar is needed. */
    static String launcher() {
        return Path.of(System.getProperty("java.home"), "bin", "java") + " -Dai.djl.offline=true -cp "
                + System.getProperty("java.class.path") + " " + Main.class.getName();
    }

    private static int bash(Path script, Path log) throws Exception {
        Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "the plan ends");
        return p.exitValue();
    }

    @Test
    void theLocalPlanRunsTheStagesAndMergesToTheFilesOfASingleRun() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 5, "");
        Path out = tmp.resolve("planned");
        CliTestSupport.Result plan = CliTestSupport.run("plan", cfg.toString(), "--out", out.toString(), "--shards", "2",
                "--scheduler", "local", "--cpus-per-task", "1", "--mem", "2", "--launcher", launcher());
        assertEquals(0, plan.code(), plan.err());
        Path script = out.resolve(".plan").resolve("local.sh");
        assertEquals(script.toString(), plan.out().trim());
        int code = bash(script, tmp.resolve("plan.log"));
        assertEquals(0, code, Files.readString(tmp.resolve("plan.log")));
        for (String log : new String[] {"extract-1.log", "extract-2.log", "fit-1.log", "explain-1.log", "explain-2.log",
            "merge-1.log"}) {
            assertTrue(Files.isRegularFile(out.resolve(".plan/logs/" + log)), log);
        }
        Path single = tmp.resolve("single");
        assertEquals(0, CliTestSupport.run("run", cfg.toString(), "--out", single.toString(), "--quiet").code());
        RunTrees.assertSameFiles(single, withoutPlan(out));
    }

    @Test
    void aFailingStageStopsThePlanBeforeTheNext() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 3, "");
        Path out = tmp.resolve("planned");
        assertEquals(0, CliTestSupport.run("plan", cfg.toString(), "--out", out.toString(), "--shards", "2", "--scheduler",
                "local", "--launcher", launcher()).code());
        // shard 2's images are unreadable: the extract stage fails, the fit never starts
        Path manifest = tmp.resolve("rec/manifest.csv");
        java.util.List<String> lines = Files.readAllLines(manifest);
        String last = lines.get(lines.size() - 1);
        Path image = tmp.resolve("rec").resolve(last.split(",")[0]);
        Files.writeString(image.toAbsolutePath().normalize(), "not a picture");
        int code = bash(out.resolve(".plan/local.sh"), tmp.resolve("plan.log"));
        String log = Files.readString(tmp.resolve("plan.log"));
        assertEquals(1, code, log);
        assertTrue(log.contains("the extract stage failed"), log);
        assertTrue(!Files.exists(out.resolve(".plan/logs/fit-1.log")), "the fit did not start");
    }

    /** The plan's own folder (script and logs) is the one thing a single run does not have. */
    private static Path withoutPlan(Path out) throws Exception {
        Path plan = out.resolve(".plan");
        try (var s = Files.walk(plan)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
        return out;
    }
}
