package io.github.sharedvis.bench;

import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneIdentity;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.backbone.FeatureExtractor;
import io.github.sharedvis.backbone.MultiNodeExtractor;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.compare.LayerSelection;
import io.github.sharedvis.synthetic.SilhouetteStimuli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue 14 benchmark harness (run by benchmarks/compare.sh): the features of five nodes of one network
 * from ONE pass per batch ({@link MultiNodeExtractor}, what {@code sharedvis compare} runs) against five
 * single-node extractions ({@link FeatureExtractor}, what five {@code sharedvis run}s would do), on the
 * same generated images, no cache, networks opened before timing. Rounds interleave A, B, A, B...;
 * the result is the median of the per-round time ratios A / B.
 */
public final class CompareBench {

    private CompareBench() {}

    public static void main(String[] args) throws Exception {
        String model = args[0];
        int images = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Path dir = Files.createTempDirectory("compare-bench");
        List<Path> files = new SilhouetteStimuli(256, 4).write(dir, (images + 4) / 5).subList(0, images);
        Backbones reg = Backbones.withDefaults();
        List<String> nodes = new ArrayList<>();
        List<String> fps = new ArrayList<>();
        List<Backbone> single = new ArrayList<>();
        try (Backbone multi = reg.open(new BackboneSpec(model, null, Pooling.AVERAGE, null, "cpu"))) {
            for (String n : LayerSelection.defaults(model, multi.layers())) {
                BackboneIdentity id = reg.identity(new BackboneSpec(model, n, Pooling.AVERAGE, null, "cpu"));
                nodes.add(id.layer());
                fps.add(id.fingerprint());
                single.add(reg.open(new BackboneSpec(model, n, Pooling.AVERAGE, null, "cpu")));
            }
            MultiNodeExtractor a = new MultiNodeExtractor(multi, nodes, fps, batch, null, null);
            List<FeatureExtractor> b = single.stream().map(s -> FeatureExtractor.builder(s).batchSize(batch).build())
                    .toList();
            a.extract(files.subList(0, batch)); // warm-up of both paths
            for (FeatureExtractor e : b) {
                e.extract(files.subList(0, batch));
            }
            double[] ta = new double[rounds];
            double[] tb = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                a.extract(files);
                ta[r] = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                for (FeatureExtractor e : b) {
                    e.extract(files);
                }
                tb[r] = (System.nanoTime() - t0) / 1e9;
                ratio[r] = ta[r] / tb[r];
                System.err.printf(Locale.ROOT, "round %d: one pass %.2f s, one pass per node %.2f s, ratio %.3f%n", r + 1,
                        ta[r], tb[r], ratio[r]);
            }
            System.out.printf(Locale.ROOT, "%s, %d generated 256-px images, batch %d, %d rounds interleaved, nodes:%n",
                    model, images, batch, rounds);
            nodes.forEach(n -> System.out.println("  " + n));
            System.out.printf(Locale.ROOT, "| path | median seconds |%n|---|---|%n");
            System.out.printf(Locale.ROOT, "| one pass, %d nodes (MultiNodeExtractor) | %.2f |%n", nodes.size(), median(ta));
            System.out.printf(Locale.ROOT, "| one pass per node (%d x FeatureExtractor) | %.2f |%n", nodes.size(),
                    median(tb));
            System.out.printf(Locale.ROOT, "per-round ratios: %s%n", Arrays.toString(Arrays.stream(ratio)
                    .map(x -> Math.round(x * 1000) / 1000.0).toArray()));
            System.out.printf(Locale.ROOT, "time ratio one pass / one pass per node (median of per-round ratios): %.3f "
                    + "(goal <= 0.4)%n", median(ratio));
        } finally {
            single.forEach(Backbone::close);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
