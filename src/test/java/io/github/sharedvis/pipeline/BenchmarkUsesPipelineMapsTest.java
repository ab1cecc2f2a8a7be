package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.attribution.AttributionMethod;
import io.github.sharedvis.attribution.ReferencePoint;
import io.github.sharedvis.attribution.Weighting;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.backbone.ImageDecoder;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.backbone.TorchOracle;
import io.github.sharedvis.cli.CliTestSupport;
import io.github.sharedvis.data.Npy;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.evaluation.PlantedFeatureBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validation benchmark scores the maps a run writes: for the pairs of a real {@code sharedvis run}
 * (standardised PCA readout, a centred reference point), the benchmark's explainer, opened from the
 * run's own files and configured through its {@link PlantedFeatureBenchmark.Variant}, reproduces every
 * map file and the reference point the run used.
 */
class BenchmarkUsesPipelineMapsTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @CsvSource({"both_above, preferred_mean, gradient", "paper, zscore, integrated_gradients"})
    void benchmarkMapsEqualTheMapFilesOfTheRun(String weighting, String point, String method) throws Exception {
        Path cfgFile = PipelineEndToEndTest.prepare(tmp, 6, 2, "reference_point = \"" + point + "\"\nmethod = \""
                + method + "\"\nig_steps = 4\nbatch_size = 4").resolveSibling("run.toml");
        String text = java.nio.file.Files.readString(cfgFile).replace("weighting = \"signed\"",
                "weighting = \"" + weighting + "\"");
        java.nio.file.Files.writeString(cfgFile, text);
        Path out = tmp.resolve("out");
        CliTestSupport.Result r = CliTestSupport.run("run", cfgFile.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());

        RunConfig cfg = ConfigLoader.load(cfgFile);
        StimulusSet set = StimulusSet.open(tmp.resolve("rec/manifest.csv"), cfg.data().outsidePaths());
        int[] preferred = IntStream.range(0, set.size()).filter(i -> set.stimuli().get(i).category().equals("body"))
                .toArray();
        PlantedFeatureBenchmark.Variant variant = new PlantedFeatureBenchmark.Variant(Weighting.fromConfig(weighting),
                ReferencePoint.Kind.fromConfig(point), AttributionMethod.valueOf(method.toUpperCase()));
        RunConfig.Backbone b = cfg.backbone();
        List<CSVRecord> pairs = PipelineEndToEndTest.csv(out.resolve("pairs.csv"));
        assertTrue(pairs.size() >= 4, "pairs " + pairs.size());
        try (Backbone bb = Backbones.withDefaults().open(new BackboneSpec(b.model(), b.layer(),
                b.pooling().equals("average") ? Pooling.AVERAGE : Pooling.NONE,
                b.preprocessing(), "cpu"))) {
            PairExplainer e = PlantedFeatureBenchmark.explainer(out, bb, variant.apply(cfg.explain(),
                    cfg.explain().igSteps()), cfg.run().seed(), preferred);
            assertEquals(ReferencePoint.Kind.fromConfig(point), e.referencePoint().kind());
            Preprocessing pre = bb.preprocessing();
            List<String> neurons = pairs.stream().map(p -> p.get("neuron")).distinct().toList();
            for (CSVRecord p : pairs) {
                int row = neurons.indexOf(p.get("neuron"));
                float[] a = input(set, p.get("ooc_id"), pre);
                float[] ref = input(set, p.get("reference_id"), pre);
                float[][] maps = e.maps(e.saliency(), a, ref, row);
                float[] fileA = Npy.read(out.resolve(p.get("map_ooc"))).toFloats();
                float[] fileB = Npy.read(out.resolve(p.get("map_reference"))).toFloats();
                TorchOracle.assertClose(toDouble(fileA), maps[0], 1e-5, "ooc map " + p.get("map_ooc"));
                TorchOracle.assertClose(toDouble(fileB), maps[1], 1e-5, "reference map " + p.get("map_reference"));
                assertArrayEquals(new int[] {fileA.length}, new int[] {maps[0].length});
            }
        }
    }

    private static float[] input(StimulusSet set, String id, Preprocessing pre) throws java.io.IOException {
        return pre.toTensor(pre.geometry(ImageDecoder.read(set.stimuli().get(set.ids().indexOf(id)).image())));
    }

    private static double[] toDouble(float[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = x[i];
        }
        return r;
    }
}
