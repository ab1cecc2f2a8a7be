package io.github.sharedvis.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.FeatureExtractor;
import io.github.sharedvis.backbone.ImageDecoder;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.synthetic.SilhouetteStimuli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Benchmark harness of issue 13 item 3 (run by {@code benchmarks/extract.sh}): feature extraction from
 * image files through the shipped {@link FeatureExtractor} (as the extract step builds it, into a fresh
 * empty cache folder each repetition) against the bare forward on the same images, decoded and
 * preprocessed into the heap once beforehand: per batch of the same size, the NDArray created from the
 * pre-decoded floats, {@link Backbone#inferenceFeatures}, the features read back. Interleaved (order
 * alternating per repetition) after a warm-up of both.
 *
 * <p>Arguments: the image folder (searched recursively for .jpg/.png, sorted, the first N taken; when it
 * has none, N silhouettes are generated into it), N, batch size, repetitions, model (default
 * movenet-lightning), layer (default the model's). Prints per repetition the seconds, images/s, minor
 * page faults per image and the system share of the process CPU time of each, from {@code /proc/self/stat}.
 */
public final class ExtractBench {

    private ExtractBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int reps = Integer.parseInt(args[3]);
        String model = args.length > 4 ? args[4] : "movenet-lightning";
        String layer = args.length > 5 && !args[5].isEmpty() ? args[5] : null;
        List<Path> files = images(dir, n);
        Engines.pytorch();
        int threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        try (Backbone bb = Backbones.withDefaults().open(new BackboneSpec(model, layer, Pooling.AVERAGE, null, "cpu"))) {
            Preprocessing pre = bb.preprocessing();
            int plane = 3 * pre.height() * pre.width();
            List<float[]> batches = new ArrayList<>();
            long d0 = System.nanoTime();
            for (int s = 0; s < files.size(); s += batch) {
                float[] b = new float[batch * plane];
                for (int k = s; k < Math.min(files.size(), s + batch); k++) {
                    System.arraycopy(pre.apply(ImageDecoder.read(files.get(k))), 0, b, (k - s) * plane, plane);
                }
                batches.add(b);
            }
            double decodeMs = (System.nanoTime() - d0) / 1e6 / files.size();
            System.out.printf(Locale.ROOT, "setup\tmodel=%s\tlayer=%s\timages=%d\tbatch=%d\tthreads=%d\tcores=%d\tdecode_ms=%.2f\tmalloc=%s\tsource=%s%n",
                    model, layer == null ? "default" : layer, files.size(), batch, threads,
                    Runtime.getRuntime().availableProcessors(), decodeMs, mallocEnv(), dir);
            Path tmp = Files.createTempDirectory("extract-bench");
            extraction(bb, files, batch, tmp.resolve("warm"));
            bare(bb, batches, pre, batch);
            for (int r = 1; r <= reps; r++) {
                boolean extractionFirst = r % 2 == 1;
                Stat[] s = new Stat[2]; // extraction, bare
                if (extractionFirst) {
                    s[0] = extraction(bb, files, batch, tmp.resolve("r" + r));
                    s[1] = bare(bb, batches, pre, batch);
                } else {
                    s[1] = bare(bb, batches, pre, batch);
                    s[0] = extraction(bb, files, batch, tmp.resolve("r" + r));
                }
                int m = files.size();
                System.out.printf(Locale.ROOT, "rep\t%d\textract_s=%.3f\tbare_s=%.3f\textract_ips=%.1f\tbare_ips=%.1f"
                        + "\tratio=%.3f\textract_minflt=%.0f\tbare_minflt=%.0f\textract_sys=%.3f\tbare_sys=%.3f\trss_mb=%d%n",
                        r, s[0].wall, s[1].wall, m / s[0].wall, m / s[1].wall, s[1].wall / s[0].wall,
                        s[0].minflt / m, s[1].minflt / m, s[0].sysShare(), s[1].sysShare(), rssMb());
            }
            deleteTree(tmp);
        }
    }

    /** The shipped path: a fresh cache folder, so every image is decoded, extracted and stored. */
    private static Stat extraction(Backbone bb, List<Path> files, int batch, Path cache) throws IOException {
        FeatureExtractor fx = FeatureExtractor.builder(bb).batchSize(batch).cacheDir(cache).build();
        Stat s = Stat.start();
        float[][] f = fx.extract(files);
        s.stop();
        if (f.length != files.size()) {
            throw new IllegalStateException("extracted " + f.length + " of " + files.size());
        }
        return s;
    }

    /** The bare forward on pre-decoded tensors, batch by batch as the extractor runs them. */
    private static Stat bare(Backbone bb, List<float[]> batches, Preprocessing pre, int batch) {
        Stat s = Stat.start();
        try (NDManager m = NDManager.newBaseManager(bb.device(), Engines.PYTORCH)) {
            for (float[] b : batches) {
                try (NDManager scope = m.newSubManager()) {
                    NDArray x = scope.create(b, new Shape(batch, 3, pre.height(), pre.width()));
                    bb.inferenceFeatures(x).toFloatArray();
                }
            }
        }
        s.stop();
        return s;
    }

    /** The MALLOC_* variables the process runs with ("glibc-defaults" when none). */
    private static String mallocEnv() {
        String v = System.getenv().entrySet().stream().filter(e -> e.getKey().startsWith("MALLOC_"))
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().reduce((a, b) -> a + "," + b).orElse("");
        return v.isEmpty() ? "glibc-defaults" : v;
    }

    /** The process's resident memory now, MB (VmRSS). */
    private static long rssMb() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    private static List<Path> images(Path dir, int n) throws IOException {
        List<Path> found = list(dir);
        if (found.isEmpty()) {
            new SilhouetteStimuli(256, 1).write(dir, (n + SilhouetteStimuli.CATEGORIES.size() - 1)
                    / SilhouetteStimuli.CATEGORIES.size());
            found = list(dir);
        }
        if (found.size() < n) {
            throw new IllegalArgumentException(dir + " holds " + found.size() + " images, fewer than " + n);
        }
        return found.subList(0, n);
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$")).sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Wall time, minor page faults and user/system CPU ticks of the process over one phase. */
    private static final class Stat {
        long t0;
        long[] p0;
        double wall;
        double minflt;
        double user;
        double sys;

        static Stat start() {
            Stat s = new Stat();
            s.p0 = proc();
            s.t0 = System.nanoTime();
            return s;
        }

        void stop() {
            wall = (System.nanoTime() - t0) / 1e9;
            long[] p1 = proc();
            minflt = p1[0] - p0[0];
            user = p1[1] - p0[1];
            sys = p1[2] - p0[2];
        }

        double sysShare() {
            return user + sys == 0 ? 0 : sys / (user + sys);
        }

        /** minflt, utime, stime of this process (fields 10, 14, 15 of /proc/self/stat). */
        static long[] proc() {
            try {
                String st = Files.readString(Path.of("/proc/self/stat"));
                String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
                // f[0] is field 3 (state): field k is f[k - 3]
                return new long[] {Long.parseLong(f[7]), Long.parseLong(f[11]), Long.parseLong(f[12])};
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
