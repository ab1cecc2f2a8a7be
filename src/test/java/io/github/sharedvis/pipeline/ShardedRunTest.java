package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.cli.CliTestSupport;
import io.github.sharedvis.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shards put together by {@code merge} end with the files of a single-process run, byte for byte
 * (run.json's timings aside): for image shards, neuron shards, shards run in any order, {@code run
 * --shard}, and a shard killed with SIGKILL and run again. The merge refuses, naming the missing
 * shard, and writes nothing while one is not done.
 */
class ShardedRunTest {

    @TempDir
    Path tmp;

    private static final int NEURONS = 7;

    private Path config() throws Exception {
        return PipelineEndToEndTest.prepare(tmp, 6, NEURONS, "");
    }

    private static CliTestSupport.Result ok(String... args) {
        CliTestSupport.Result r = CliTestSupport.run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
        return r;
    }

    private Path single(Path cfg) {
        Path clean = tmp.resolve("single");
        ok("run", cfg.toString(), "--out", clean.toString(), "--quiet");
        return clean;
    }

    @Test
    void imageAndNeuronShardsMergeToTheFilesOfASingleRun() throws Exception {
        Path cfg = config();
        Path out = tmp.resolve("sharded");
        String c = cfg.toString();
        String o = out.toString();
        for (String s : List.of("3/3", "1/3", "2/3")) { // any order
            ok("extract", c, "--out", o, "--shard", s, "--quiet");
        }
        CliTestSupport.Result early = CliTestSupport.run("explain", c, "--out", o, "--shard", "1/3", "--quiet");
        assertEquals(Main.NOT_READY, early.code(), early.err());
        assertTrue(early.err().contains("the fit is not done") && early.err().contains("sharedvis fit " + c), early.err());

        ok("fit", c, "--out", o, "--quiet");
        ok("explain", c, "--out", o, "--shard", "3/3", "--quiet");
        ok("explain", c, "--out", o, "--shard", "1/3", "--quiet");
        CliTestSupport.Result missing = CliTestSupport.run("merge", o, "--quiet");
        assertEquals(Main.NOT_READY, missing.code(), missing.err());
        int[] r2 = new Shard(2, 3).range(NEURONS);
        assertTrue(missing.err().contains("explain shard still missing: 2/3 (" + (r2[1] - r2[0]) + " of its "
                + (r2[1] - r2[0]) + " neurons not explained)"), missing.err());
        assertTrue(missing.err().contains("--shard 2/3"), missing.err());
        assertFalse(Files.exists(out.resolve("pairs.csv")), "a refused merge writes nothing");
        assertFalse(Files.exists(out.resolve("report")), "a refused merge writes nothing");

        ok("explain", c, "--out", o, "--shard", "2/3", "--quiet");
        ok("merge", o, "--quiet");
        RunTrees.assertSameFiles(single(cfg), out);
    }

    @Test
    void runShardsFitOnceAndMergeToTheFilesOfASingleRun() throws Exception {
        Path cfg = config();
        Path out = tmp.resolve("sharded");
        String c = cfg.toString();
        String o = out.toString();
        CliTestSupport.Result first = CliTestSupport.run("run", c, "--out", o, "--shard", "1/2", "--quiet");
        assertEquals(Main.NOT_READY, first.code(), first.err());
        assertTrue(first.err().contains("shard 1/2 extracted its images") && first.err().contains("(by shard 2/2 ("),
                first.err());
        ok("run", c, "--out", o, "--shard", "2/2", "--quiet"); // all images there: fits, explains its neurons
        assertTrue(Files.isRegularFile(out.resolve("summary.csv")));
        ok("run", c, "--out", o, "--shard", "1/2", "--quiet"); // the fit is done: explains its neurons
        ok("merge", o, "--quiet");
        RunTrees.assertSameFiles(single(cfg), out);
        assertFalse(Files.exists(out.resolve(".state").resolve(ShardedRun.FOLDER)), "the shards' own state is gone");
    }

    @Test
    void aShardKilledWithSigkillAndRunAgainMergesToTheFilesOfASingleRun() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 8,
                "method = \"integrated_gradients\"\nig_steps = 256\ntop_k = 4\nbatch_size = 16");
        Files.writeString(cfg, Files.readString(cfg).replace("top_k = 2\n", ""));
        Path out = tmp.resolve("sharded");
        String c = cfg.toString();
        String o = out.toString();
        ok("extract", c, "--out", o, "--shard", "1/1", "--quiet");
        ok("fit", c, "--out", o, "--quiet");
        ok("explain", c, "--out", o, "--shard", "1/2", "--quiet");
        // shard 2/2 (neurons 5 to 8) dies after its first neuron, inside its second
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                InterruptedRunTest.KillAfterUnits.class.getName(), "1", "explain", c, "--out", o, "--shard", "2/2", "--quiet")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the killed shard ends");
        assertEquals(137, p.exitValue(), Files.readString(tmp.resolve("killed.log")));
        CliTestSupport.Result refused = CliTestSupport.run("merge", o, "--quiet");
        assertEquals(Main.NOT_READY, refused.code(), refused.err());
        assertTrue(refused.err().contains("2/2 (3 of its 4 neurons not explained)"), refused.err());

        ok("explain", c, "--out", o, "--shard", "2/2", "--quiet");
        ok("merge", o, "--quiet");
        try (Stream<Path> s = Files.walk(out)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file is left");
        }
        RunTrees.assertSameFiles(single(cfg), out);
    }

    @Test
    void twoProcessesOnOneShardAndAWholeRunBesideShardsAreRefused() throws Exception {
        Path cfg = config();
        Path out = tmp.resolve("sharded");
        String c = cfg.toString();
        String o = out.toString();
        ok("extract", c, "--out", o, "--shard", "1/1", "--quiet");
        Path lock = out.resolve(".state").resolve(ShardedRun.FOLDER).resolve("explain-2-of-2.lock");
        try (RunLock held = RunLock.acquireFile(lock, "a test", false)) {
            CliTestSupport.Result twice = CliTestSupport.run("explain", c, "--out", o, "--shard", "2/2", "--quiet");
            assertEquals(Main.USER_ERROR, twice.code(), twice.err());
            assertTrue(twice.err().contains("another process runs shard 2/2 of the explain step in " + o)
                    && twice.err().contains(lock.toString()), twice.err());
        }
        try (RunLock shard = RunLock.acquireShared(out)) {
            CliTestSupport.Result whole = CliTestSupport.run("fit", c, "--out", o, "--quiet");
            assertEquals(Main.USER_ERROR, whole.code(), whole.err());
            assertTrue(whole.err().contains("another run holds " + o), whole.err());
        }
        CliTestSupport.Result noShards = CliTestSupport.run("merge", tmp.resolve("nothing").toString());
        assertEquals(Main.USER_ERROR, noShards.code(), noShards.err());
        assertTrue(noShards.err().contains("no sharded run to merge"), noShards.err());
        Files.writeString(cfg, Files.readString(cfg).replace("top_m = 2", "top_m = 1"));
        CliTestSupport.Result edited = CliTestSupport.run("merge", o);
        assertEquals(Main.USER_ERROR, edited.code(), edited.err());
        assertTrue(edited.err().contains(c + " changed after the shards"), edited.err());
    }

    @Test
    void shardsParseFromTheOptionAndTheSchedulersEnvironment() {
        assertEquals(new Shard(2, 4), Shard.parse("2/4", java.util.Map.of()));
        assertEquals(new Shard(1, 3), Shard.parse("auto", java.util.Map.of("SLURM_ARRAY_TASK_ID", "0",
                "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_COUNT", "3")));
        assertEquals(new Shard(3, 3), Shard.parse("auto", java.util.Map.of("SLURM_ARRAY_TASK_ID", "3",
                "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_COUNT", "3")));
        assertEquals(new Shard(2, 5), Shard.parse("auto/5", java.util.Map.of("JOB_COMPLETION_INDEX", "1")));
        for (String bad : List.of("0/3", "4/3", "2", "a/b", "auto", "2/")) {
            ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                    () -> Shard.parse(bad, java.util.Map.of()), bad);
            assertTrue(e.getMessage().contains("--shard"), e.getMessage());
        }
        // the blocks cover every item once, in order, sizes within one
        for (int n : new int[] {0, 1, 7, 10, 101}) {
            for (int count = 1; count <= 6; count++) {
                int next = 0;
                for (int i = 1; i <= count; i++) {
                    int[] r = new Shard(i, count).range(n);
                    assertEquals(next, r[0]);
                    assertTrue(r[1] - r[0] >= n / count && r[1] - r[0] <= n / count + 1);
                    for (int item = r[0]; item < r[1]; item++) {
                        assertEquals(i, Shard.of(item, n, count).index());
                    }
                    next = r[1];
                }
                assertEquals(n, next);
            }
        }
    }
}
