package io.github.sharedvis.bench;

import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.util.FileDigests;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The stimulus digest of an up-to-date re-run at lab scale ({@code benchmarks/digests.sh}): N image
 * files in a category folder, digested by {@link StimulusSet#digest(FileDigests)} with every file
 * read ({@link FileDigests#none()}) and through the run's memo (a fresh instance per repetition, as a
 * new process has: it reads the memo file and stats every image), interleaved A, B, A, B. Same JVM,
 * warm page cache: a lower bound of what reading costs (a cold disk costs more).
 *
 * <p>Arguments: images, bytes per image, repetitions, work folder. Prints key=value lines.
 */
public final class DigestMemoBench {
    private DigestMemoBench() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        int reps = Integer.parseInt(args[2]);
        Path dir = Path.of(args[3]);
        Path root = dir.resolve("stimuli-" + n + "x" + size);
        if (!Files.isDirectory(root.resolve("b"))) {
            write(root, n, size);
        }
        StimulusSet set = StimulusSet.open(root);
        Path memoFile = dir.resolve("file-digests-" + n + "x" + size + ".tsv");
        Files.deleteIfExists(memoFile);
        Thread.sleep(FileDigests.RACY_MARGIN.toMillis() + 500); // past the racily-clean margin of the writes
        FileDigests first = FileDigests.memo(memoFile, Map.of());
        String expected = set.digest(first); // the run that records the memo
        first.save();
        List<double[]> rows = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            String a = set.digest(FileDigests.none());
            long t1 = System.nanoTime();
            FileDigests memo = FileDigests.memo(memoFile, Map.of());
            String b = set.digest(memo);
            long t2 = System.nanoTime();
            if (!a.equals(expected) || !b.equals(expected) || memo.hashed() != 0) {
                throw new AssertionError("digests differ or the memo re-read files: " + memo.hashed());
            }
            rows.add(new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9});
        }
        double[] all = rows.stream().mapToDouble(x -> x[0]).sorted().toArray();
        double[] memo = rows.stream().mapToDouble(x -> x[1]).sorted().toArray();
        double[] ratio = rows.stream().mapToDouble(x -> x[1] / x[0]).sorted().toArray();
        System.out.printf(Locale.ROOT, "images=%d%nbytes_per_image=%d%nreps=%d%nmemo_file_bytes=%d%n", n, size, reps,
                Files.size(memoFile));
        System.out.printf(Locale.ROOT, "read_all_s=%.3f%nmemo_s=%.3f%nmemo_over_read_all=%.4f%n", all[reps / 2],
                memo[reps / 2], ratio[reps / 2]);
    }

    /** Random bytes behind a PNG signature (the stimulus set checks it), in two categories. */
    private static void write(Path root, int n, int size) throws IOException {
        Random rnd = new Random(1);
        byte[] buf = new byte[size];
        for (int i = 0; i < n; i++) {
            Path f = root.resolve(i % 2 == 0 ? "a" : "b").resolve(String.format(Locale.ROOT, "img-%06d.png", i));
            Files.createDirectories(f.getParent());
            rnd.nextBytes(buf);
            System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, 0, buf, 0, 8);
            try (OutputStream o = Files.newOutputStream(f)) {
                o.write(buf);
            }
        }
    }
}
