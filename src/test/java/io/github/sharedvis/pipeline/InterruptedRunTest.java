package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.cli.CliTestSupport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed mid-way (SIGKILL, no clean-up) resumes and ends with the files of an uninterrupted run. */
class InterruptedRunTest {

    @TempDir
    Path tmp;

    /** A config slow enough in the explain step to be killed there. */
    private Path slowConfig() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 8,
                "method = \"integrated_gradients\"\nig_steps = 256\ntop_k = 4\nbatch_size = 16");
        Files.writeString(cfg, Files.readString(cfg).replace("top_k = 2\n", ""));
        return cfg;
    }

    /** Starts a run in another JVM and kills it (SIGKILL) once its first neuron is explained. */
    private void killMidExplain(Path cfg, Path killed) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), "io.github.sharedvis.cli.Main", "run", cfg.toString(),
                "--out", killed.toString(), "--quiet")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile()).start();
        Path state = killed.resolve(".state");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        boolean midExplain = false;
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.isDirectory(state)) {
                try (Stream<Path> s = Files.list(state)) {
                    if (s.anyMatch(f -> f.getFileName().toString().matches("explain-.*\\.stamp"))) {
                        midExplain = true;
                        break;
                    }
                }
            }
            Thread.sleep(20);
        }
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertTrue(midExplain, "the run reached the explain step before it was killed: "
                + Files.readString(tmp.resolve("killed.log")));
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
        assertEquals(8 * 4 * 2, maps.size());
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
