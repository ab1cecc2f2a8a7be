package io.github.sharedvis.pipeline;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.FeatureFunction;
import io.github.sharedvis.backbone.Gradients;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.readout.FittedEncoding;
import io.github.sharedvis.run.ModelFiles;
import io.github.sharedvis.run.PairRow;
import io.github.sharedvis.synthetic.SilhouetteStimuli;
import io.github.sharedvis.synthetic.Simulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Benchmark harness of issue 13 item 2 (run by {@code benchmarks/explain.sh}): the explain step of a
 * movenet-lightning run with 60 synthetic neurons and top_k 5, timed through the shipped
 * {@link ExplainStep#explainNeurons(RunContext, String, int, int, boolean)} by the per-neuron path and
 * the pooled path, interleaved (order alternating), and in every repetition the ideal: unique images ×
 * the forward time per image + 2 × pairs × the backward time per image, both measured in that
 * repetition on batches of {@code [explain] batch_size} of the run's images through the explainer's
 * features ({@link Gradients#vjps}: one forward + 1 backward, and one forward + 1 + R backward passes,
 * each timed 5 times interleaved, medians).
 *
 * <p>Arguments: the benchmark folder, repetitions, images per category (default 8). Environment:
 * {@code TORCH_THREADS} (the engine's threads; default the engine's). Prints a setup line and one
 * line per repetition.
 */
public final class ExplainBench {

    private static final int NEURONS = 60;
    private static final int EXTRA_PASSES = 4;
    /** Timings of each of T1 and TR per repetition (their medians are used). */
    private static final int TIMINGS = 5;

    private ExplainBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
        int reps = Integer.parseInt(args[1]);
        int perCategory = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Path cfgFile = prepare(dir, perCategory);
        RunConfig cfg = ConfigLoader.load(cfgFile);
        String threads = System.getenv("TORCH_THREADS");
        if (threads != null && !threads.isBlank()) {
            Engines.pytorch();
            ai.djl.pytorch.jni.JniUtils.setNumThreads(Integer.parseInt(threads.trim()));
        }
        try (Pipeline p = new Pipeline(cfg, cfgFile, dir, Backbones.withDefaults(), null)) {
            p.fit();
        }
        try (RunContext ctx = new RunContext(cfg, cfgFile, dir, Backbones.withDefaults(), null)) {
            ctx.begin();
            String stamp = StepRunner.standard().stampsThrough(ctx, "explain").get("explain");
            time(ctx, stamp, true); // warm-up of both paths (engine, backbone, caches)
            time(ctx, stamp, false);
            ExplainStep.assemble(ctx, stamp);
            List<PairRow> pairs = PairRow.TABLE.parse(Files.readString(ctx.out.pairs()), "pairs.csv");
            Set<String> unique = new LinkedHashSet<>();
            for (PairRow r : pairs) {
                unique.add(r.oocId());
                unique.add(r.referenceId());
            }
            int batch = cfg.explain().batchSize();
            System.out.printf(Locale.ROOT, "setup\tneurons=%d\tpairs=%d\tunique_images=%d\tuses=%d\tbatch=%d\tcores=%d\tthreads=%s%n",
                    NEURONS, pairs.size(), unique.size(), 2 * pairs.size(), batch,
                    Runtime.getRuntime().availableProcessors(), threads == null ? "default" : threads.trim());
            FeatureFunction f = features(ctx);
            float[] images = sampleBatch(ctx, batch);
            for (int r = 1; r <= reps; r++) {
                boolean pooledFirst = r % 2 == 1;
                double a = time(ctx, stamp, pooledFirst);
                double[] fb = perImage(ctx, f, images, batch);
                double b = time(ctx, stamp, !pooledFirst);
                double pooled = pooledFirst ? a : b;
                double perNeuron = pooledFirst ? b : a;
                double ideal = unique.size() * fb[0] + 2.0 * pairs.size() * fb[1];
                System.out.printf(Locale.ROOT, "rep\t%d\tpooled_s=%.3f\tper_neuron_s=%.3f\tforward_ms=%.2f\tbackward_ms=%.2f"
                        + "\tideal_s=%.3f\tpooled/ideal=%.3f\tper_neuron/pooled=%.3f%n", r, pooled, perNeuron,
                        1e3 * fb[0], 1e3 * fb[1], ideal, pooled / ideal, perNeuron / pooled);
            }
        }
    }

    /** Explains every neuron again (their stamps removed) by one path; seconds. */
    private static double time(RunContext ctx, String stamp, boolean pooled) throws IOException {
        try (Stream<Path> s = Files.list(ctx.out.state())) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("explain-")
                    && p.getFileName().toString().endsWith(".stamp")).toList()) {
                Files.delete(p);
            }
        }
        long t0 = System.nanoTime();
        ExplainStep.explainNeurons(ctx, stamp, 0, NEURONS, pooled);
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Forward and backward seconds per image on one batch: T1 = one forward + 1 backward, TR = one
     * forward + 1 + R backward passes; backward = (TR - T1) / R, forward = T1 - backward.
     */
    private static double[] perImage(RunContext ctx, FeatureFunction f, float[] images, int batch) throws IOException {
        Backbone bb = ctx.backbone();
        Preprocessing pre = bb.preprocessing();
        try (NDManager m = NDManager.newBaseManager(bb.device(), Engines.PYTORCH)) {
            var x = m.create(images, new Shape(batch, 3, pre.height(), pre.width()));
            long d = Gradients.noGrad(f, x).getShape().get(1);
            double[] t1s = new double[TIMINGS];
            double[] trs = new double[TIMINGS];
            for (int i = 0; i < TIMINGS; i++) { // interleaved; medians
                t1s[i] = passes(m, f, x, batch, d, 1);
                trs[i] = passes(m, f, x, batch, d, 1 + EXTRA_PASSES);
            }
            double t1 = median(t1s);
            double tr = median(trs);
            double bwd = (tr - t1) / EXTRA_PASSES;
            return new double[] {(t1 - bwd) / batch, bwd / batch};
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double passes(NDManager m, FeatureFunction f, ai.djl.ndarray.NDArray x, int batch, long d, int n) {
        long t0 = System.nanoTime();
        try (NDManager scope = m.newSubManager()) {
            Gradients.vjps(f, x, n, t -> scope.ones(new Shape(batch, d)), (t, g) -> g.toFloatArray());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static FeatureFunction features(RunContext ctx) throws IOException {
        FittedEncoding model = ModelFiles.read(ctx.out.model());
        double[][] z = model.transform(ExtractStep.load(ctx).toDoubles());
        return new PairExplainer(ctx.config.explain(), ctx.config.run().seed(), ctx.backbone(), model, z,
                ctx.inputs().preferred()).features();
    }

    /** The first batch of ooc images, preprocessed, {@code [batch, 3, H, W]} flattened. */
    private static float[] sampleBatch(RunContext ctx, int batch) throws IOException {
        Backbone bb = ctx.backbone();
        FittedEncoding model = ModelFiles.read(ctx.out.model());
        RunInputs in = ctx.inputs();
        ReadoutRows z = new ReadoutRows(ExtractStep.load(ctx), model);
        float[][] zPref = z.floatRows(in.preferred());
        PairExplainer ex = new PairExplainer(ctx.config.explain(), ctx.config.run().seed(), bb, model, zPref,
                z::allFloatRows);
        NeuronExplainer one = new NeuronExplainer(ctx, ex, z, zPref, bb.preprocessing());
        List<float[]> imgs = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            imgs.add(one.modelInput(in.ooc()[i % in.ooc().length]));
        }
        int plane = imgs.get(0).length;
        float[] out = new float[batch * plane];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(imgs.get(i), 0, out, i * plane, plane);
        }
        return out;
    }

    /** Stimuli, a 60-neuron recording (MoveNet-lightning heat-map layer) and the config, once. */
    private static Path prepare(Path dir, int perCategory) throws IOException {
        Path cfgFile = dir.resolve("explain.toml");
        if (Files.isRegularFile(cfgFile)) {
            return cfgFile;
        }
        Files.createDirectories(dir);
        new SilhouetteStimuli(256, 1).write(dir.resolve("stimuli"), perCategory);
        StimulusSet set = StimulusSet.open(dir.resolve("stimuli"));
        try (Backbone bb = Backbones.withDefaults().open(new BackboneSpec("movenet-lightning",
                "kpt_heatmap_0/re_lu_4/Relu", Pooling.AVERAGE, null, "cpu"))) {
            new Simulation(NEURONS, 10, 20, 0.3, 7).run(set, "body", bb, dir.resolve("recording"), null);
        }
        RunConfig cfg = RunConfig.defaults()
                .with("data.stimuli", Path.of("recording/manifest.csv"))
                .with("data.responses", Path.of("recording/responses.csv"))
                .with("data.preferred", "body")
                .with("data.outside_paths", true)
                .with("backbone.model", "movenet-lightning")
                .with("backbone.layer", "out_relu/Relu6")
                .with("readout.standardize", true)
                .with("explain.top_k", 5)
                .with("explain.method", "gradient");
        ConfigLoader.writer().header("written by ExplainBench").write(cfg, cfgFile);
        return cfgFile;
    }
}
