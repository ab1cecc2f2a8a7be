package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.cli.CliTestSupport;
import io.github.sharedvis.cli.Main;
import io.github.sharedvis.run.RunLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed mid-way (SIGKILL, no clean-up) resumes and ends with the files of an uninterrupted run. */
class InterruptedRunTest {

    @TempDir
    Path tmp;

    /** Neurons of the test's config: the explain step's units. */
    private static final int NEURONS = 8;

    /** A config slow enough in the explain step to be killed there. */
    private Path slowConfig() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, NEURONS,
                "method = \"integrated_gradients\"\nig_steps = 256\ntop_k = 4\nbatch_size = 16");
        Files.writeString(cfg, Files.readString(cfg).replace("top_k = 2\n", ""));
        return cfg;
    }

    /** Neurons the killed run finishes before it dies (of the config's 8). */
    private static final int UNITS_BEFORE_KILL = 2;

    /** The killed child's exit code: SIGKILL's (128 + 9), which {@link Runtime#halt} imitates. */
    private static final int KILLED = 137;

    /**
     * The killed run's JVM: runs {@code sharedvis} and halts, like SIGKILL (no finally blocks, no
     * shutdown hooks, open files and the run lock left as they are), the moment the file system
     * reports the stamp of the {@code args[0]}-th explained neuron. The halt waits on the step's own
     * output, not on a timer, so it lands after that many units on any machine, inside the next one.
     */
    static final class KillAfterUnits {
        public static void main(String[] args) throws Exception {
            int units = Integer.parseInt(args[0]);
            String[] run = Arrays.copyOfRange(args, 1, args.length);
            Path state = new RunLayout(Path.of(run[Arrays.asList(run).indexOf("--out") + 1])).state();
            Files.createDirectories(state);
            WatchService watch = state.getFileSystem().newWatchService();
            state.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            Thread killer = new Thread(() -> {
                Set<String> done = new HashSet<>();
                try {
                    while (true) {
                        WatchKey key = watch.take();
                        for (WatchEvent<?> e : key.pollEvents()) {
                            String name = String.valueOf(e.context());
                            if (name.matches("explain-.*\\.stamp") && done.add(name) && done.size() >= units) {
                                Runtime.getRuntime().halt(KILLED);
                            }
                        }
                        key.reset();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "kill-after-units");
            killer.setDaemon(true);
            killer.start();
            System.exit(Main.execute(run));
        }
    }

    /**
     * Runs {@code sharedvis run} in another JVM that dies after {@link #UNITS_BEFORE_KILL} explained
     * neurons, and checks that it died there: mid-run, with some but not all neurons explained.
     */
    private void killMidExplain(Path cfg, Path killed) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), KillAfterUnits.class.getName(),
                Integer.toString(UNITS_BEFORE_KILL), "run", cfg.toString(), "--out", killed.toString(), "--quiet")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String log = Files.readString(tmp.resolve("killed.log"));
        assertEquals(KILLED, p.exitValue(), "the run must die after " + UNITS_BEFORE_KILL
                + " explained neurons, not end on its own: " + log);
        long explained;
        try (Stream<Path> s = Files.list(killed.resolve(".state"))) {
            explained = s.filter(f -> f.getFileName().toString().matches("explain-.*\\.stamp")).count();
        }
        assertTrue(explained >= UNITS_BEFORE_KILL && explained < NEURONS,
                "killed mid-explain: " + explained + " of " + NEURONS + " neurons explained; " + log);
        assertTrue(!Files.exists(killed.resolve("pairs.csv")), "killed before the end");
    }

    @Test
    void killedRunResumesToIdenticalOutputs() throws Exception {
        Path cfg = slowConfig();
        Path killed = tmp.resolve("killed");
        killMidExplain(cfg, killed);

        CliTestSupport.Result resumed = CliTestSupport.run("run", cfg.toString(), "--out", killed.toString(), "--quiet");
        assertEquals(0, resumed.code(), resumed.err());
        Path clean = tmp.resolve("clean");
        CliTestSupport.Result whole = CliTestSupport.run("run", cfg.toString(), "--out", clean.toString(), "--quiet");
        assertEquals(0, whole.code(), whole.err());

        for (String f : List.of("summary.csv", "pairs.csv", "features/features.npy", "model/coef.npy")) {
            assertArrayEquals(Files.readAllBytes(clean.resolve(f)), Files.readAllBytes(killed.resolve(f)), f);
        }
        List<Path> maps;
        try (Stream<Path> s = Files.walk(clean.resolve("maps"))) {
            maps = s.filter(Files::isRegularFile).toList();
        }
        assertEquals(NEURONS * 4 * 2, maps.size());
        for (Path m : maps) {
            Path rel = clean.relativize(m);
            assertArrayEquals(Files.readAllBytes(m), Files.readAllBytes(killed.resolve(rel)), rel.toString());
        }
        try (Stream<Path> s = Files.walk(killed)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file is left");
        }
        // every file, not only the tables: report, images, stamps, the (released) lock
        RunTrees.assertSameFiles(clean, killed);
    }

    @Test
    void aRunKilledThenGivenAReplacedPictureResumesToACleanRunsFiles() throws Exception {
        Path cfg = slowConfig();
        Path killed = tmp.resolve("killed");
        killMidExplain(cfg, killed);
        // every object image changes picture under its old name (so the explained ones do too)
        try (Stream<Path> s = Files.walk(tmp.resolve("stimuli"))) {
            for (Path img : s.filter(f -> f.toString().endsWith(".png") && !f.getParent().endsWith("body")).toList()) {
                java.awt.image.BufferedImage b = javax.imageio.ImageIO.read(img.toFile());
                for (int y = 0; y < b.getHeight(); y++) {
                    for (int x = 0; x < b.getWidth(); x++) {
                        b.setRGB(x, y, ~b.getRGB(x, y) & 0xffffff);
                    }
                }
                javax.imageio.ImageIO.write(b, "png", img.toFile());
            }
        }
        CliTestSupport.Result resumed = CliTestSupport.run("run", cfg.toString(), "--out", killed.toString(), "--quiet");
        assertEquals(0, resumed.code(), resumed.err());
        Path clean = tmp.resolve("clean");
        CliTestSupport.Result whole = CliTestSupport.run("run", cfg.toString(), "--out", clean.toString(), "--quiet");
        assertEquals(0, whole.code(), whole.err());
        RunTrees.assertSameFiles(clean, killed);
    }
}
