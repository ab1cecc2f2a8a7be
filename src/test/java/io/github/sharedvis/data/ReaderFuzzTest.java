package io.github.sharedvis.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.backbone.ImageDecoder;
import io.github.sharedvis.pipeline.ConfigException;
import io.github.sharedvis.pipeline.ConfigLoader;
import io.github.sharedvis.util.InputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random truncations and byte flips (seeded) of valid NPY, NPZ, CSV, MAT (v5, v7.3), HDF5, NWB, image,
 * manifest and TOML files, fed through the readers the CLI uses (issue 11, "Must show"). Every outcome
 * must be a success or a user error: an {@link IOException}, {@link InputException} or
 * {@link ConfigException} (what the CLI reports with exit code 2 and no stack trace; a plain
 * {@code IllegalArgumentException} is a bug) whose message names the file. Anything else (an
 * internal exception, an out-of-memory error, a read that does not finish) fails the test. The number
 * of cases is printed.
 */
class ReaderFuzzTest {

    static final Path DATA = Path.of("src/test/resources/fixtures/data");
    static final Path IMAGES = Path.of("src/test/resources/fixtures/images");
    static final int CASES_PER_FILE = 60;

    @TempDir
    Path tmp;

    /** One reader entry: reads a file the way the CLI does. */
    @FunctionalInterface
    interface Reader {
        void read(Path file) throws Exception;
    }

    @Test
    void mutatedFilesGiveSuccessOrAUserErrorNamingTheFile() throws Exception {
        Map<Path, Reader> sources = sources();
        Path imgDir = tmp.resolve("cases");
        Random rnd = new Random(20261201L);
        int cases = 0;
        int successes = 0;
        List<String> failures = new ArrayList<>();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (Map.Entry<Path, Reader> src : sources.entrySet()) {
                byte[] valid = Files.readAllBytes(src.getKey());
                String name = src.getKey().getFileName().toString();
                String ext = name.substring(name.lastIndexOf('.'));
                for (int c = 0; c < CASES_PER_FILE; c++) {
                    byte[] bytes = mutate(valid, rnd);
                    // next to the images so the manifest's relative paths resolve
                    Path file = imgDir.resolve("case" + cases + ext);
                    Files.write(file, bytes);
                    cases++;
                    Reader reader = src.getValue();
                    Future<Throwable> f = pool.submit(() -> {
                        try {
                            reader.read(file);
                            return null;
                        } catch (Throwable t) {
                            return t;
                        }
                    });
                    Throwable t;
                    try {
                        t = f.get(30, TimeUnit.SECONDS); // a hang guard, not a timing assertion
                    } catch (TimeoutException e) {
                        f.cancel(true);
                        failures.add(name + " case " + c + ": no result within 30 s (hang)");
                        pool.shutdownNow();
                        pool = Executors.newSingleThreadExecutor();
                        continue;
                    }
                    if (t == null) {
                        successes++;
                    } else if (!(t instanceof IOException || t instanceof InputException || t instanceof ConfigException)) {
                        failures.add(name + " case " + c + ": " + t + " at " + Arrays.toString(
                                Arrays.copyOf(t.getStackTrace(), Math.min(3, t.getStackTrace().length))));
                    } else if (t.getMessage() == null || !t.getMessage().contains(file.getFileName().toString())) {
                        failures.add(name + " case " + c + ": message does not name the file: " + t);
                    }
                    Files.delete(file);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("ReaderFuzzTest: " + cases + " cases over " + sources.size() + " files, " + successes
                + " read successfully, " + (cases - successes - failures.size()) + " user errors, "
                + failures.size() + " failures");
        failures.forEach(f -> System.out.println("  " + f));
        assertEquals(List.of(), failures.subList(0, Math.min(40, failures.size())), failures.size() + " failures");
        assertTrue(cases >= sources.size() * CASES_PER_FILE);
    }

    /** The valid files and the reader each goes through. */
    private Map<Path, Reader> sources() throws Exception {
        Map<Path, Reader> sources = new LinkedHashMap<>();
        Reader responses = ResponseReader::read;
        for (String f : List.of("responses.npy", "responses_2d.npy", "responses.npz", "objects.npz", "wide.csv",
                "long.csv", "v5.mat", "v7.mat", "v73.mat", "responses.h5", "session_trials.nwb",
                "session_intervals.nwb")) {
            sources.put(DATA.resolve(f), responses);
        }
        Reader image = ImageDecoder::read;
        for (String f : List.of("rgb.png", "palette.png", "grey16.png", "cmyk.jpg")) {
            sources.put(IMAGES.resolve(f), image);
        }
        BufferedImage pic = ImageIO.read(IMAGES.resolve("rgb.png").toFile());
        for (String fmt : List.of("jpg", "gif", "bmp")) {
            Path p = tmp.resolve("source." + fmt);
            ImageIO.write(pic, fmt, p.toFile());
            sources.put(p, image);
        }
        Path imgDir = Files.createDirectories(tmp.resolve("cases"));
        ImageIO.write(pic, "png", imgDir.resolve("a.png").toFile());
        ImageIO.write(pic, "png", imgDir.resolve("b.png").toFile());
        Path manifest = tmp.resolve("manifest.csv");
        Files.writeString(manifest, "image,category,stimulus_id\na.png,body,s1\nb.png,car,\"s 2\"\n");
        sources.put(manifest, StimulusSet::fromManifest);
        Path toml = tmp.resolve("run.toml");
        Files.writeString(toml, ConfigLoader.exampleToml());
        sources.put(toml, ConfigLoader::load);

        return sources;
    }

    /**
     * The same mutations through the command line ({@code sharedvis extract}, which reads the responses
     * and decodes every image): the exit code is 0 or 2 and no stack trace is printed.
     */
    @Test
    void theCommandLineExitsWithTwoAndNoStackTrace() throws Exception {
        Map<Path, Reader> sources = sources();
        Path stim = tmp.resolve("stim");
        BufferedImage pic = ImageIO.read(IMAGES.resolve("rgb.png").toFile());
        StringBuilder wide = new StringBuilder("stimulus_id,n1\n");
        for (String c : List.of("body", "car")) {
            for (int k = 0; k < 2; k++) {
                Files.createDirectories(stim.resolve(c));
                ImageIO.write(pic, "png", stim.resolve(c + "/" + c + k + ".png").toFile());
                wide.append(c).append(k).append(',').append(k + 1).append('\n');
            }
        }
        Files.writeString(tmp.resolve("wide.csv"), wide.toString());
        Path model = Path.of("src/test/resources/fixtures/tiny_conv/model.pt").toAbsolutePath();
        Random rnd = new Random(42);
        int cases = 0;
        int exit2 = 0;
        List<String> failures = new ArrayList<>();
        for (Map.Entry<Path, Reader> src : sources.entrySet()) {
            String name = src.getKey().getFileName().toString();
            String ext = name.substring(name.lastIndexOf('.'));
            if (ext.equals(".toml") || name.equals("manifest.csv")) {
                continue;
            }
            boolean isImage = List.of(".png", ".jpg", ".gif", ".bmp").contains(ext);
            byte[] bytes = mutate(Files.readAllBytes(src.getKey()), rnd);
            Path file = isImage ? stim.resolve("car/zz" + cases + ext) : tmp.resolve("resp" + cases + ext);
            Files.write(file, bytes);
            Path cfg = tmp.resolve("cli" + cases + ".toml");
            Files.writeString(cfg, "[data]\nstimuli = \"stim\"\nresponses = \"" + (isImage ? "wide.csv"
                    : file.getFileName()) + "\"\npreferred = \"body\"\n[backbone]\nmodel = \""
                    + model.toString().replace("\\", "/") + "\"\nlayer = \"conv2\"\ninput_size = [16, 16]\n"
                    + "stretch = true\n[readout]\nfolds = 2\n");
            io.github.sharedvis.cli.CliTestSupport.Result r = io.github.sharedvis.cli.CliTestSupport.run("extract",
                    cfg.toString(), "--out", tmp.resolve("out" + cases).toString(), "--quiet");
            cases++;
            exit2 += r.code() == 2 ? 1 : 0;
            if ((r.code() != 0 && r.code() != 2) || r.err().contains("\tat ") || r.err().contains("internal error")) {
                failures.add(name + ": exit " + r.code() + ": " + r.err());
            }
            Files.delete(file);
        }
        System.out.println("ReaderFuzzTest (command line): " + cases + " cases, " + exit2 + " exit 2, "
                + failures.size() + " failures");
        assertEquals(List.of(), failures);
    }

    /** A truncation, byte flips, or both, at random places. */
    static byte[] mutate(byte[] valid, Random rnd) {
        byte[] b = valid.clone();
        int kind = rnd.nextInt(3);
        if (kind != 1) {
            b = Arrays.copyOf(b, rnd.nextInt(b.length));
        }
        if (kind != 0 && b.length > 0) {
            int flips = 1 + rnd.nextInt(8);
            for (int k = 0; k < flips; k++) {
                // headers matter most: half the flips land in the first 256 bytes
                int at = rnd.nextBoolean() ? rnd.nextInt(Math.min(256, b.length)) : rnd.nextInt(b.length);
                b[at] ^= (byte) (1 << rnd.nextInt(8));
            }
        }
        return b;
    }
}
