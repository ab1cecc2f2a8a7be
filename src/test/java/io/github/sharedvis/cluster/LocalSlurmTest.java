package io.github.sharedvis.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.TestFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local cluster of {@code scripts/slurm-local.sh} runs what the sharded pipeline's plan submits:
 * a job array whose tasks see their index and count, run two at a time on the node's 2 CPUs and
 * accept {@code --cpus-per-task}/{@code --mem}, a job that waits for the whole array with
 * {@code afterok}, a dependent job cancelled when the array fails, {@code scancel}, and a job asking
 * for more than the node has refused by sbatch rather than left pending for ever. The oracle is
 * the files the jobs write and slurmctld's own states. Skips when the cluster cannot run here (fails
 * under CI). Assumes no other jobs hold the node's CPUs meanwhile (they would only slow it down).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalSlurmTest {

    private static final Duration WAIT = Duration.ofMinutes(3);

    private LocalSlurm slurm;
    private String unavailable;

    @BeforeAll
    void start() {
        try {
            slurm = LocalSlurm.start();
        } catch (LocalSlurm.UnavailableException e) {
            unavailable = e.getMessage();
        }
    }

    /** Skips (fails under CI) each test, with the reason, rather than the class silently. */
    @BeforeEach
    void requireCluster() {
        if (slurm == null) {
            TestFixtures.missing("local SLURM cluster unavailable: " + unavailable);
        }
    }

    @AfterAll
    void stop() {
        if (slurm != null) {
            slurm.stop();
        }
    }

    private static Path script(Path dir, String name, String body) throws IOException {
        return Files.writeString(dir.resolve(name), "#!/bin/bash\nset -eu\n" + body + "\n");
    }

    @Test
    void arrayTasksRunTwoAtATimeAndTheDependentJobRunsAfterAllOfThem(@TempDir Path dir) throws IOException {
        // Each task waits until two tasks have arrived: with one task at a time the first would wait
        // alone and exit 7, so COMPLETED for all three proves two ran at once.
        Path array = script(dir, "array.sh", """
                touch arrived.$SLURM_ARRAY_TASK_ID
                for i in $(seq 1 1200); do [ "$(ls arrived.* | wc -l)" -ge 2 ] && break; sleep 0.1; done
                [ "$(ls arrived.* | wc -l)" -ge 2 ] || exit 7
                echo "$SLURM_ARRAY_TASK_ID $SLURM_ARRAY_TASK_COUNT $SLURM_ARRAY_JOB_ID $SLURM_CPUS_PER_TASK \
                $SLURM_MEM_PER_NODE $(pwd -P)" > out.$SLURM_ARRAY_TASK_ID
                """);
        String a = slurm.sbatch(array, dir, "--array=0-2", "--cpus-per-task=1", "--mem=64M", "--job-name=array");
        Path after = script(dir, "after.sh", "cat out.0 out.1 out.2 > all");
        String b = slurm.sbatch(after, dir, "--dependency=afterok:" + a, "--kill-on-invalid-dep=yes");

        Map<String, JobState> states = slurm.waitFor(List.of(a, b), WAIT);

        assertEquals(List.of(a + "_0", a + "_1", a + "_2", b), states.keySet().stream().sorted().toList());
        states.values().forEach(s -> assertEquals("COMPLETED", s.state(), s.toString()));
        states.values().forEach(s -> assertEquals("0:0", s.exitCode(), s.toString()));
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            String line = i + " 3 " + a + " 1 64 " + dir.toRealPath() + "\n";
            assertEquals(line, Files.readString(dir.resolve("out." + i)));
            assertTrue(Files.exists(dir.resolve("slurm-" + a + "_" + i + ".out")), "default output file name");
            expected.append(line);
        }
        assertEquals(expected.toString(), Files.readString(dir.resolve("all")));
        // The completion log, read when slurmctld has forgotten a job, agrees with slurmctld (it has no
        // Reason field).
        List<JobState> logged = slurm.fromJobCompLog(a);
        assertEquals(List.of(a + "_0", a + "_1", a + "_2"), logged.stream().map(JobState::id).sorted().toList());
        logged.forEach(s -> assertEquals(states.get(s.id()).state() + " " + states.get(s.id()).exitCode(),
                s.state() + " " + s.exitCode()));
    }

    @Test
    void aFailedArrayTaskCancelsTheDependentJob(@TempDir Path dir) throws IOException {
        Path array = script(dir, "array.sh", "exit $((SLURM_ARRAY_TASK_ID * 3))");
        String a = slurm.sbatch(array, dir, "--array=0-1");
        Path after = script(dir, "after.sh", "touch ran");
        String killed = slurm.sbatch(after, dir, "--dependency=afterok:" + a, "--kill-on-invalid-dep=yes");
        String kept = slurm.sbatch(after, dir, "--dependency=afterok:" + a, "--kill-on-invalid-dep=no");
        try {
            Map<String, JobState> states = slurm.waitFor(List.of(a, killed, kept), WAIT);

            assertEquals("COMPLETED", states.get(a + "_0").state());
            assertEquals(new JobState(a + "_1", "FAILED", "NonZeroExitCode", "3:0"), states.get(a + "_1"));
            assertEquals(new JobState(killed, "CANCELLED", "DependencyNeverSatisfied", "0:0"), states.get(killed));
            assertTrue(states.get(kept).neverRuns(), states.get(kept).toString());
            assertFalse(Files.exists(dir.resolve("ran")));
        } finally {
            slurm.scancel(kept);
        }
        assertEquals("CANCELLED", slurm.waitFor(List.of(kept), WAIT).get(kept).state());
    }

    @Test
    void aJobAskingForMoreThanTheNodeHasIsRefusedAtSubmission(@TempDir Path dir) throws IOException {
        Path job = script(dir, "job.sh", "true");
        IllegalStateException cpus = assertThrows(IllegalStateException.class,
                () -> slurm.sbatch(job, dir, "--cpus-per-task=3"));
        assertTrue(cpus.getMessage().contains("More processors requested than permitted"), cpus.getMessage());
        IllegalStateException mem = assertThrows(IllegalStateException.class,
                () -> slurm.sbatch(job, dir, "--mem=100000G"));
        assertTrue(mem.getMessage().contains("Memory specification can not be satisfied"), mem.getMessage());
    }

    @Test
    void scancelEndsARunningJobAndItsProcesses(@TempDir Path dir) throws IOException, InterruptedException {
        Path sleeper = script(dir, "sleep.sh", "echo $$ > pid.tmp; mv pid.tmp pid; exec sleep 600");
        String id = slurm.sbatch(sleeper, dir);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(dir.resolve("pid")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals("RUNNING", slurm.states(List.of(id)).get(id).state());
        Path proc = Path.of("/proc", Files.readString(dir.resolve("pid")).strip());
        assertTrue(Files.exists(proc), "the job's process runs");

        slurm.scancel(id);

        assertEquals("CANCELLED", slurm.waitFor(List.of(id), WAIT).get(id).state());
        while (Files.exists(proc) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertFalse(Files.exists(proc), "scancel killed the job's process " + proc);
    }
}
