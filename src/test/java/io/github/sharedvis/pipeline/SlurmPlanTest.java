package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.cli.CliTestSupport;
import io.github.sharedvis.cluster.JobState;
import io.github.sharedvis.cluster.LocalSlurm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SLURM plan on a real one-node cluster ({@code scripts/slurm-local.sh}, 2 CPUs): the script
 * submits the extract array (3 shards), the fit, the explain array (3 shards) and the merge, chained
 * by dependencies; every job completes and the run folder holds the files of a single-process run.
 * Skipped with the reason where the cluster cannot start; under {@code CI=true} it must run.
 */
class SlurmPlanTest {

    @TempDir
    Path tmp;

    @Test
    void theSlurmPlanRunsOnARealClusterAndMergesToTheFilesOfASingleRun() throws Exception {
        LocalSlurm slurm = LocalSlurm.startOrSkip();
        try {
            Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 6, "");
            Path out = tmp.resolve("planned");
            CliTestSupport.Result plan = CliTestSupport.run("plan", cfg.toString(), "--out", out.toString(), "--shards",
                    "3", "--scheduler", "slurm", "--cpus-per-task", "1", "--mem", "1", "--launcher", LocalPlanTest.launcher());
            assertEquals(0, plan.code(), plan.err());
            ProcessBuilder pb = new ProcessBuilder("bash", plan.out().trim()).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("submit.log").toFile());
            pb.environment().putAll(slurm.env());
            Process p = pb.start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "sbatch returns");
            String submitted = Files.readString(tmp.resolve("submit.log"));
            assertEquals(0, p.exitValue(), submitted);
            Matcher m = Pattern.compile("submitted: extract (\\d+), fit (\\d+), explain (\\d+), merge (\\d+)").matcher(submitted);
            assertTrue(m.find(), submitted);
            List<String> ids = new ArrayList<>();
            for (int g = 1; g <= 4; g++) {
                ids.add(m.group(g));
            }
            Map<String, JobState> states = slurm.waitFor(ids, Duration.ofMinutes(10));
            StringBuilder logs = new StringBuilder();
            try (var s = Files.list(out.resolve(".plan/logs"))) {
                for (Path log : s.sorted().toList()) {
                    logs.append("\n--- ").append(log.getFileName()).append('\n').append(Files.readString(log));
                }
            }
            // 3 + 1 + 3 + 1 jobs and array tasks, all completed
            assertEquals(8, states.size(), states + logs.toString());
            for (JobState st : states.values()) {
                assertEquals("COMPLETED", st.state(), st + logs.toString());
            }
            Path single = tmp.resolve("single");
            assertEquals(0, CliTestSupport.run("run", cfg.toString(), "--out", single.toString(), "--quiet").code());
            try (var s = Files.walk(out.resolve(".plan"))) {
                for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
            RunTrees.assertSameFiles(single, out);
        } finally {
            slurm.stop();
        }
    }
}
