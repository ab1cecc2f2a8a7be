package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.data.Npy;
import io.github.sharedvis.run.PairRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pooled explain step (every neuron's pairs attributed together, each image forwarded once per
 * pass group) against the per-neuron path it replaces, on a run whose neurons share images: the
 * same pairs, the maps equal to 1e-6 of each map's largest value, and the same bytes whether the
 * neurons are explained all at once, in blocks (as shards and resumed runs do) or in groups of few
 * images.
 */
class PooledExplainTest {

    @TempDir
    Path tmp;

    private static final int NEURONS = 8;

    @Test
    void pooledMapsEqualThePerNeuronMapsAndDoNotDependOnTheGrouping() throws Exception {
        Path cfgFile = PipelineEndToEndTest.prepare(tmp, 6, NEURONS, "top_k = 4\nbatch_size = 4");
        Files.writeString(cfgFile, Files.readString(cfgFile).replace("top_k = 2\n", ""));
        RunConfig cfg = ConfigLoader.load(cfgFile);
        Path perNeuron = explain(cfg, cfgFile, "per-neuron", false, 0, NEURONS);
        Path whole = explain(cfg, cfgFile, "pooled-whole", true, 0, NEURONS);
        Path blocks = explain(cfg, cfgFile, "pooled-blocks", true, 0, 3, 3, 4, 4, NEURONS);
        Path small = explainIn(cfg, cfgFile, "pooled-small-groups", true, 3, 0, NEURONS); // groups of <= 3 images

        List<PairRow> pairs = rows(perNeuron);
        assertEquals(NEURONS * 4, pairs.size());
        assertEquals(pairs, rows(whole), "the same pairs");
        Set<String> images = new HashSet<>();
        for (PairRow p : pairs) {
            images.add(p.oocImage());
            images.add(p.referenceImage());
        }
        assertTrue(images.size() < pairs.size(), "the neurons share images: " + images.size() + " images for "
                + pairs.size() + " pairs");
        for (PairRow p : pairs) {
            for (String map : List.of(p.mapOoc(), p.mapReference())) {
                float[] want = Npy.read(perNeuron.resolve(map)).toFloats();
                float[] got = Npy.read(whole.resolve(map)).toFloats();
                assertEquals(want.length, got.length, map);
                double scale = 0;
                double diff = 0;
                for (int i = 0; i < want.length; i++) {
                    scale = Math.max(scale, Math.abs(want[i]));
                    diff = Math.max(diff, Math.abs(want[i] - got[i]));
                }
                assertTrue(scale > 0, map + " is not all zero");
                assertTrue(diff <= 1e-6 * scale, map + ": max |pooled - per-neuron| = " + diff + ", largest value "
                        + scale);
                assertArrayEquals(Files.readAllBytes(whole.resolve(map)), Files.readAllBytes(blocks.resolve(map)),
                        map + ": the same bytes explained with all neurons and in blocks");
                assertArrayEquals(Files.readAllBytes(whole.resolve(map)), Files.readAllBytes(small.resolve(map)),
                        map + ": the same bytes explained in groups of at most 3 images");
            }
        }
        for (String n : List.of("pairs.csv")) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(n)), Files.readAllBytes(blocks.resolve(n)), n);
            assertArrayEquals(Files.readAllBytes(whole.resolve(n)), Files.readAllBytes(small.resolve(n)), n);
        }
    }

    private static List<PairRow> rows(Path dir) throws Exception {
        Path csv = dir.resolve("pairs.csv");
        return PairRow.TABLE.parse(Files.readString(csv), csv.toString());
    }

    /** Fits in a fresh folder, then explains the neuron blocks {@code [ranges[0], ranges[1]), ...} by one path. */
    private Path explain(RunConfig cfg, Path cfgFile, String name, boolean pooled, int... ranges) throws Exception {
        return explainIn(cfg, cfgFile, name, pooled, ExplainStep.POOL_IMAGES, ranges);
    }

    private Path explainIn(RunConfig cfg, Path cfgFile, String name, boolean pooled, int poolImages, int... ranges)
            throws Exception {
        Path out = tmp.resolve(name);
        try (Pipeline p = new Pipeline(cfg, cfgFile, out, Backbones.withDefaults(), null)) {
            p.fit();
        }
        try (RunContext ctx = new RunContext(cfg, cfgFile, out, Backbones.withDefaults(), null)) {
            ctx.begin();
            String stamp = StepRunner.standard().stampsThrough(ctx, "explain").get("explain");
            for (int r = 0; r < ranges.length; r += 2) {
                ExplainStep.explainNeurons(ctx, stamp, ranges[r], ranges[r + 1], pooled, poolImages);
            }
            ExplainStep.assemble(ctx, stamp);
        }
        return out;
    }
}
