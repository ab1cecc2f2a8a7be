package io.github.sharedvis.pipeline;

import io.github.sharedvis.run.ModelFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sharedvis.attribution.AttributionMethod;
import io.github.sharedvis.attribution.Baseline;
import io.github.sharedvis.attribution.PairAttribution;
import io.github.sharedvis.attribution.SharedSaliency;
import io.github.sharedvis.attribution.Weighting;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.backbone.ImageDecoder;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.cli.CliTestSupport;
import io.github.sharedvis.data.Npy;
import io.github.sharedvis.data.Reliability;
import io.github.sharedvis.data.ResponseReader;
import io.github.sharedvis.data.Responses;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.readout.EncodingModel;
import io.github.sharedvis.readout.FittedEncoding;
import io.github.sharedvis.readout.NeuronScore;
import io.github.sharedvis.synthetic.SilhouetteStimuli;
import io.github.sharedvis.synthetic.Simulation;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a small generated set with a tiny TorchScript network and a config that
 * exercises the non-default options; outputs are checked against direct library calls.
 */
class PipelineEndToEndTest {

    static final Path MODEL = Path.of("src/test/resources/fixtures/tiny_conv/model.pt").toAbsolutePath();

    @TempDir
    Path tmp;

    /** Generated stimuli plus a simulated recording; returns the config file. */
    static Path prepare(Path dir, int perCategory, int neurons, String explainExtra) throws IOException {
        new SilhouetteStimuli(64, 3).write(dir.resolve("stimuli"), perCategory);
        StimulusSet set = StimulusSet.open(dir.resolve("stimuli"));
        Preprocessing pre = new Preprocessing(0, 32, 32, true, 1f / 255f, new float[] {0.5f, 0.5f, 0.5f},
                new float[] {0.25f, 0.25f, 0.25f});
        try (Backbone neuronNet = Backbones.withDefaults().open(new BackboneSpec(MODEL.toString(), "conv1",
                Pooling.AVERAGE, pre, "cpu"))) {
            new Simulation(neurons, 6, 15, 0.8, 5).run(set, "body", neuronNet, dir.resolve("rec"), null);
        }
        String toml = """
                [data]
                stimuli = "rec/manifest.csv"
                responses = "rec/responses.csv"
                preferred = "body"
                outside_paths = true

                [backbone]
                model = "%s"
                layer = "conv2"
                pooling = "none"
                input_size = [32, 32]
                stretch = true
                mean = [0.5, 0.5, 0.5]
                std = [0.25, 0.25, 0.25]
                batch_size = 5

                [readout]
                alphas = [0.1, 10, 1000]
                folds = 3
                standardize = true
                pca = 4

                [explain]
                top_k = 2
                top_m = 2
                top_q = 0.5
                weighting = "signed"
                %s

                [display]
                reduction = "abs"
                smoothing_sigma = 1.0

                [run]
                seed = 3
                threads = 1
                """.formatted(MODEL.toString().replace("\\", "/"), explainExtra);
        Path cfg = dir.resolve("run.toml");
        Files.writeString(cfg, toml);
        return cfg;
    }

    static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    @Test
    void runProducesConsistentOutputsAndSkipsFinishedSteps() throws Exception {
        Path cfg = prepare(tmp, 6, 3, "method = \"integrated_gradients\"\nig_steps = 8\nbatch_size = 4");
        Path out = tmp.resolve("out");
        CliTestSupport.Result r = CliTestSupport.run("run", cfg.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());

        RunConfig config = ConfigLoader.load(cfg);
        StimulusSet set = StimulusSet.open(config.data().stimuli(), config.data().outsidePaths());
        Responses resp = ResponseReader.read(config.data().responses()).alignTo(set);
        Map<String, String> category = new HashMap<>();
        set.stimuli().forEach(s -> category.put(s.id(), s.category()));

        // summary numbers equal the library calls on the same features
        Npy.Array feats = Npy.read(out.resolve("features/features.npy"));
        int n = (int) feats.shape()[0];
        int d = (int) feats.shape()[1];
        assertEquals(set.size(), n);
        assertEquals(6 * 16 * 16, d, "conv2 of a 32 px input, unpooled");
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(feats.data(), i * d, x[i], 0, d);
        }
        List<Integer> pref = new ArrayList<>();
        List<Integer> ooc = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (set.stimuli().get(i).category().equals("body") ? pref : ooc).add(i);
        }
        double[][] means = resp.mean().toMatrix();
        double[][] xp = pref.stream().map(i -> x[i]).toArray(double[][]::new);
        double[][] yp = pref.stream().map(i -> means[i]).toArray(double[][]::new);
        FittedEncoding fitted = EncodingModel.builder().alphas(new double[] {0.1, 10, 1000}).folds(3)
                .standardize(true).pcaComponents(4).seed(3).build().fit(xp, yp);
        List<NeuronScore> scores = NeuronScore.of(resp.neuronIds(), fitted, yp,
                ooc.stream().map(i -> x[i]).toArray(double[][]::new),
                ooc.stream().map(i -> means[i]).toArray(double[][]::new), Reliability.splitHalf(resp, 100, 3));
        List<CSVRecord> summary = csv(out.resolve("summary.csv"));
        assertEquals(3, summary.size());
        for (int j = 0; j < 3; j++) {
            CSVRecord row = summary.get(j);
            NeuronScore s = scores.get(j);
            assertEquals(s.neuron(), row.get("neuron"));
            assertEquals(s.nPreferred(), Integer.parseInt(row.get("n_preferred")));
            assertEquals(s.alpha(), Double.parseDouble(row.get("alpha")), 1e-9);
            assertEquals(s.rWithin(), Double.parseDouble(row.get("r_within_cv")), 1e-7);
            assertEquals(s.rOoc(), Double.parseDouble(row.get("r_ooc")), 1e-7);
            assertEquals(s.pOoc(), Double.parseDouble(row.get("p_ooc")), 1e-7 * s.pOoc() + 1e-300);
            assertEquals(s.rOocNormalised(), Double.parseDouble(row.get("r2_ooc_norm")), 1e-7);
            assertEquals(s.reliability(), Double.parseDouble(row.get("reliability")), 1e-7);
            assertEquals(s.meanOoc(), Double.parseDouble(row.get("mean_ooc")), 1e-7);
        }

        // pairs: ooc images are not bodies, references are; strongest recorded ooc response first
        List<CSVRecord> pairs = csv(out.resolve("pairs.csv"));
        assertEquals(3 * 2, pairs.size());
        for (CSVRecord p : pairs) {
            assertNotEquals("body", category.get(p.get("ooc_id")));
            assertEquals("body", category.get(p.get("reference_id")));
            assertEquals(p.get("ooc_category"), category.get(p.get("ooc_id")));
            Npy.Array ma = Npy.read(out.resolve(p.get("map_ooc")));
            Npy.Array mb = Npy.read(out.resolve(p.get("map_reference")));
            assertArrayEquals(new long[] {3, 32, 32}, ma.shape(), "maps have the model's image shape");
            assertArrayEquals(new long[] {3, 32, 32}, mb.shape());
            assertEquals(32, ImageDecoder.read(out.resolve(p.get("ooc_image"))).getWidth());
            assertTrue(p.get("reference_candidates").split(";").length <= 2);
        }
        assertTrue(Double.parseDouble(pairs.get(0).get("ooc_recorded"))
                >= Double.parseDouble(pairs.get(1).get("ooc_recorded")));

        // one pair's maps equal SharedSaliency called directly
        CSVRecord first = pairs.get(0);
        Preprocessing pre = new Preprocessing(0, 32, 32, true, 1f / 255f, new float[] {0.5f, 0.5f, 0.5f},
                new float[] {0.25f, 0.25f, 0.25f});
        FittedEncoding saved = ModelFiles.read(out.resolve("model"));
        int j0 = resp.neuronIds().indexOf(first.get("neuron"));
        try (Backbone bb = Backbones.withDefaults().open(new BackboneSpec(MODEL.toString(), "conv2", Pooling.NONE,
                pre, "cpu")); NDManager m = NDManager.newBaseManager()) {
            float[] a = pre.toTensor(ImageDecoder.read(out.resolve(first.get("ooc_image"))));
            float[] b = pre.toTensor(ImageDecoder.read(out.resolve(first.get("reference_image"))));
            float[] w = new float[saved.coef()[j0].length];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) saved.coef()[j0][i];
            }
            float[] black = pre.toTensor(new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_INT_RGB));
            SharedSaliency s = SharedSaliency.builder(new TransformedFeatures(bb, saved)).weighting(Weighting.SIGNED)
                    .method(AttributionMethod.INTEGRATED_GRADIENTS).steps(8)
                    .baseline(Baseline.perChannel(new float[] {black[0], black[1024], black[2048]})).build();
            Shape sh = new Shape(1, 3, 32, 32);
            PairAttribution pa = s.attribute(m.create(a, sh), m.create(b, sh), m.create(w));
            double[] mapA = Npy.read(out.resolve(first.get("map_ooc"))).data();
            float[] direct = pa.a().toFloatArray();
            double scale = 0;
            double err = 0;
            for (int i = 0; i < direct.length; i++) {
                scale = Math.max(scale, Math.abs(direct[i]));
                err = Math.max(err, Math.abs(direct[i] - mapA[i]));
            }
            assertTrue(scale > 0 && err <= 1e-4 * scale, "pipeline map vs direct call: " + err + " of " + scale);
        }

        // the report and figures exist; run.json has provenance
        for (String f : new String[] {"report/index.html", "figures/fig3a.png", "figures/fig3a.svg",
            "figures/fig3b.png"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertEquals("integrated_gradients", run.at("/config/explain/method").asText());
        assertEquals(64, run.at("/input_hashes/stimuli").asText().length());
        assertTrue(run.at("/timings/explain/seconds").asDouble() >= 0);
        assertTrue(run.has("versions"));

        // a re-run skips every step; a display change redoes only the report
        long mapTime = Files.getLastModifiedTime(out.resolve(first.get("map_ooc"))).toMillis();
        String runText = Files.readString(out.resolve("run.json"));
        CliTestSupport.Result again = CliTestSupport.run("run", cfg.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, again.code(), again.err());
        // run.json is rewritten unless every step was skipped and nothing it records changed
        assertEquals(runText, Files.readString(out.resolve("run.json")), "every step skipped on re-run");
        Files.writeString(cfg, Files.readString(cfg).replace("smoothing_sigma = 1.0", "smoothing_sigma = 2.0"));
        CliTestSupport.Result third = CliTestSupport.run("run", cfg.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, third.code(), third.err());
        JsonNode run3 = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertTrue(run3.at("/timings/explain/skipped").asBoolean());
        assertTrue(!run3.at("/timings/report/skipped").asBoolean(), "display change redoes the report");
        assertEquals(mapTime, Files.getLastModifiedTime(out.resolve(first.get("map_ooc"))).toMillis());
    }

    @Test
    void badInputsAreUserErrors() throws Exception {
        Path cfg = prepare(tmp, 4, 2, "");
        Files.writeString(cfg, Files.readString(cfg).replace("preferred = \"body\"", "preferred = \"bodies\""));
        CliTestSupport.Result r = CliTestSupport.run("run", cfg.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bodies") && r.err().contains("body"), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }
}
