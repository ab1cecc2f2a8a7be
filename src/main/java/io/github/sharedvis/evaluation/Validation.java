package io.github.sharedvis.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.attribution.AttributionMethod;
import io.github.sharedvis.attribution.Baseline;
import io.github.sharedvis.attribution.ChannelReduction;
import io.github.sharedvis.attribution.PairAttribution;
import io.github.sharedvis.attribution.SaliencyMaps;
import io.github.sharedvis.attribution.SharedSaliency;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.FeatureExtractor;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.data.Npy;
import io.github.sharedvis.data.ResponseReader;
import io.github.sharedvis.data.Responses;
import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.pipeline.ConfigLoader;
import io.github.sharedvis.pipeline.ModelFiles;
import io.github.sharedvis.pipeline.Pipeline;
import io.github.sharedvis.pipeline.RunConfig;
import io.github.sharedvis.pipeline.RunLayout;
import io.github.sharedvis.report.NeuronRow;
import io.github.sharedvis.report.PairRow;
import io.github.sharedvis.report.RunFiles;
import io.github.sharedvis.synthetic.Simulation;
import io.github.sharedvis.synthetic.SyntheticNeuron;
import io.github.sharedvis.util.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The whole validation of {@code method.md} sections 6 and 7 on the fLoc stimuli, as one job:
 * <ol>
 *   <li>a seeded subset of fLoc ({@code perCategory} images of every category but scrambled);</li>
 *   <li>a simulated recording of one synthetic neuron per category in {@code neuronCategories}
 *       (readouts of {@code neuronLayer}, Poisson spike counts) with {@link Simulation};</li>
 *   <li>the full pipeline ({@link Pipeline}: features of {@code encodingLayer}, ridge readout, reference
 *       search, parallel backpropagation, report) per neuron: the paper's Fig. 6 analogue;</li>
 *   <li>Integrated Gradients on the same pairs and the rank correlation with the gradient maps: the
 *       paper's Fig. 7 analogue;</li>
 *   <li>the planted-feature and deletion benchmarks ({@link PlantedFeatureBenchmark}) with bootstrap
 *       intervals.</li>
 * </ol>
 * Writes {@code validation.md} (the tables), {@code planted.csv} (every pair), and the figures
 * {@code fig6_pairs.png}, {@code fig7_gradient_vs_ig.png}, {@code planted_examples.png} into the output
 * folder.
 */
public final class Validation {

    /** The default neurons: the paper's six categories (bodies, faces, cars, instruments, houses, words). */
    public static final List<String> NEURON_CATEGORIES = List.of("body", "adult", "car", "instrument", "house", "word");

    private static final String MOVENET = "StatefulPartitionedCall/center_net_mobile_net_v2fpn_feature_extractor/model_1/model/";
    /** The encoding model's default layer (MoveNet's MobileNetV2, stride 16). */
    public static final String ENCODING_LAYER = MOVENET + "block_12_expand_relu/Relu6";
    /** The synthetic neurons' default layer (stride 32, a different and deeper layer). */
    public static final String NEURON_LAYER = MOVENET + "out_relu/Relu6";

    private final Path data;
    private final Path out;
    private final String model;
    private final String encodingLayer;
    private final String neuronLayer;
    private final int perCategory;
    private final List<String> neuronCategories;
    private final PlantedFeatureBenchmark benchmark;
    private final int figureIgSteps;
    private final int benchmarkIgSteps;
    private final int resamples;
    private final long seed;
    private final PrintStream progress;

    private Validation(Builder b) {
        this.data = b.data;
        this.out = b.out;
        this.model = b.model;
        this.encodingLayer = b.encodingLayer;
        this.neuronLayer = b.neuronLayer;
        this.perCategory = b.perCategory;
        this.neuronCategories = List.copyOf(b.neuronCategories);
        this.benchmark = b.benchmark.build();
        this.figureIgSteps = b.figureIgSteps;
        this.benchmarkIgSteps = b.igSteps;
        this.resamples = b.resamples;
        this.seed = b.seed;
        this.progress = b.progress;
    }

    /**
     * @param data the fLoc folder (with {@code labels.csv}: image, category, domain)
     * @param out the output folder
     * @return a builder
     */
    public static Builder builder(Path data, Path out) {
        return new Builder(data, out);
    }

    /**
     * Runs everything.
     *
     * @param registry the backbones
     * @return the path of {@code validation.md}
     * @throws IOException on unreadable inputs or unwritable outputs
     */
    public Path run(Backbones registry) throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(out);
        Map<String, String> domains = new LinkedHashMap<>();
        Path manifest = subset(domains);
        StimulusSet set = StimulusSet.open(manifest, true); // our own manifest, naming the data set's files
        Path cache = out.resolve("cache");
        Map<String, Double> seconds = new LinkedHashMap<>();

        long t = System.nanoTime();
        Simulation.Result sim;
        try (Backbone nb = registry.open(new BackboneSpec(model, neuronLayer, Pooling.AVERAGE, null, "cpu"))) {
            sim = new Simulation(1, 10, 20, 0.3, seed).run(set, neuronCategories, nb, out.resolve("recording"), progress);
        }
        seconds.put("simulate", (System.nanoTime() - t) / 1e9);

        t = System.nanoTime();
        List<Path> runs = new ArrayList<>();
        for (SyntheticNeuron n : sim.neurons()) {
            runs.add(pipeline(n, sim, cache, registry));
        }
        seconds.put("pipeline (6 runs)", (System.nanoTime() - t) / 1e9);

        Responses rec = ResponseReader.read(sim.responses()).alignTo(set);
        double[][] means = rec.mean();
        List<String> ids = sim.neurons().stream().map(SyntheticNeuron::id).toList();
        double[][] recorded = new double[means.length][ids.size()];
        for (int j = 0; j < ids.size(); j++) {
            int col = rec.neuronIds().indexOf(ids.get(j));
            for (int i = 0; i < means.length; i++) {
                recorded[i][j] = means[i][col];
            }
        }

        StringBuilder md = new StringBuilder();
        try (Backbone enc = registry.open(new BackboneSpec(model, encodingLayer, Pooling.AVERAGE, null, "cpu"));
                Backbone spatial = registry.open(new BackboneSpec(model, encodingLayer, Pooling.NONE, null, "cpu"));
                Backbone nb = registry.open(new BackboneSpec(model, neuronLayer, Pooling.AVERAGE, null, "cpu"))) {
            t = System.nanoTime();
            Fig7 fig7 = figures(sim.neurons(), runs, enc);
            seconds.put("figures 6 and 7", (System.nanoTime() - t) / 1e9);

            t = System.nanoTime();
            float[][] fEnc = FeatureExtractor.builder(enc).cacheDir(cache).progress(progress).build()
                    .extract(set.stimuli().stream().map(Stimulus::image).toList());
            PlantedFeatureBenchmark.Result r = benchmark.run(new PlantedFeatureBenchmark.Inputs(set, domains,
                    sim.neurons(), nb, enc, spatial, fEnc, recorded), progress);
            seconds.put("planted + deletion benchmark", (System.nanoTime() - t) / 1e9);
            writePairs(r);
            writeExamples(r);
            md.append(report(set, sim, runs, fig7, r, seconds, t0));
        }
        Path file = out.resolve("validation.md");
        AtomicFiles.writeString(file, md.toString());
        return file;
    }

    // ------------------------------------------------------------------ stimuli

    /** Writes {@code stimuli.csv}: a seeded subset of {@code perCategory} images per category (no scrambled). */
    private Path subset(Map<String, String> domains) throws IOException {
        Path labels = data.resolve("labels.csv");
        if (!Files.isRegularFile(labels)) {
            throw new IOException(labels + " not found; --data must be the fLoc folder of ../shared/data (with "
                    + "labels.csv: image,category,domain)");
        }
        Map<String, List<String>> byCat = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(labels)) {
            String header = r.readLine();
            if (header == null || !header.trim().equals("image,category,domain")) {
                throw new IOException(labels + ": expected the header image,category,domain, got " + header);
            }
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                if (f.length != 3) {
                    throw new IOException(labels + ": malformed line '" + line + "'");
                }
                if (f[1].equals("scrambled")) {
                    continue;
                }
                byCat.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f[0]);
                domains.put(f[1], f[2]);
            }
        }
        StringBuilder sb = new StringBuilder("image,category,stimulus_id\n");
        Random rnd = new Random(seed);
        for (Map.Entry<String, List<String>> e : byCat.entrySet()) {
            List<String> imgs = new ArrayList<>(e.getValue());
            Collections.sort(imgs);
            Collections.shuffle(imgs, rnd);
            for (String img : imgs.subList(0, Math.min(perCategory, imgs.size()))) {
                Path p = data.resolve(img).toAbsolutePath().normalize();
                String id = p.getFileName().toString().replaceFirst("\\.[^.]+$", "");
                sb.append(p).append(',').append(e.getKey()).append(',').append(id).append('\n');
            }
        }
        for (String c : neuronCategories) {
            if (!byCat.containsKey(c)) {
                throw new IllegalArgumentException("neuron category '" + c + "' is not in " + labels + "; known: "
                        + byCat.keySet());
            }
        }
        Path manifest = out.resolve("stimuli.csv");
        AtomicFiles.writeString(manifest, sb.toString());
        return manifest;
    }

    // ------------------------------------------------------------------ pipeline (Fig. 6)

    private Path pipeline(SyntheticNeuron n, Simulation.Result sim, Path cache, Backbones registry) throws IOException {
        Path dir = out.resolve("runs").resolve(n.preferred());
        Files.createDirectories(dir);
        String toml = String.format(Locale.ROOT, """
                # written by sharedvis validate
                [data]
                stimuli = "%s"
                responses = "%s"
                preferred = "%s"
                neurons = ["%s"]
                outside_paths = true

                [backbone]
                model = "%s"
                layer = "%s"
                pooling = "average"

                [explain]
                top_k = 3
                top_m = 3
                method = "gradient"
                weighting = "paper"

                [display]
                smoothing_sigma = 2.0

                [run]
                seed = %d
                cache = "%s"
                """, sim.manifest().toAbsolutePath(), sim.responses().toAbsolutePath(), n.preferred(), n.id(), model,
                encodingLayer, seed, cache.toAbsolutePath());
        Path cfgFile = dir.resolve("run.toml");
        AtomicFiles.writeString(cfgFile, toml);
        RunConfig cfg = ConfigLoader.load(cfgFile);
        try (Pipeline p = new Pipeline(cfg, cfgFile, dir, registry, progress)) {
            p.run();
        }
        return dir;
    }

    /** Per-image rank correlations between gradient and IG maps of the Fig. 6 pairs. */
    private record Fig7(List<double[]> rho) {}

    private Fig7 figures(List<SyntheticNeuron> neurons, List<Path> runs, Backbone enc) throws IOException {
        Preprocessing pre = enc.preprocessing();
        int h = pre.height();
        int w = pre.width();
        List<String> rows6 = new ArrayList<>();
        List<List<FigureGrid.Cell>> cells6 = new ArrayList<>();
        List<String> rows7 = new ArrayList<>();
        List<List<FigureGrid.Cell>> cells7 = new ArrayList<>();
        List<double[]> rhos = new ArrayList<>();
        SharedSaliency ig = SharedSaliency.builder(enc).method(AttributionMethod.INTEGRATED_GRADIENTS)
                .steps(figureIgSteps).baseline(Baseline.zero()).internalBatchSize(16).build();
        for (int j = 0; j < neurons.size(); j++) {
            SyntheticNeuron n = neurons.get(j);
            RunFiles run = RunFiles.read(runs.get(j));
            List<PairRow> pairs = run.pairsOf(n.id());
            if (pairs.isEmpty()) {
                continue;
            }
            PairRow p = pairs.get(0);
            BufferedImage a = run.image(p.oocImage());
            BufferedImage b = run.image(p.referenceImage());
            float[] ga = run.displayMap(p.mapOoc(), h, w);
            float[] gb = run.displayMap(p.mapReference(), h, w);
            float vg = displayMax(ga, gb);
            String label = String.format(Locale.ROOT, "%s\n%s -> %s\nsim %.2f", n.id(), p.oocCategory(),
                    p.referenceCategory(), p.similarity());
            rows6.add(label + String.format(Locale.ROOT, "\nrec %.1f / %.1f", p.oocRecorded(), p.referenceRecorded()));
            cells6.add(List.of(new FigureGrid.Cell(a, null), new FigureGrid.Cell(FigureGrid.overlay(a, ga, vg), null),
                    new FigureGrid.Cell(b, null), new FigureGrid.Cell(FigureGrid.overlay(b, gb, vg), null)));
            // IG of the same pair with the pipeline's readout
            double[] wd = ModelFiles.read(new RunLayout(runs.get(j)).model()).coef()[0];
            float[] wf = new float[wd.length];
            for (int k = 0; k < wd.length; k++) {
                wf[k] = (float) wd[k];
            }
            float[] ia;
            float[] ib;
            try (NDManager m = NDManager.newBaseManager(enc.device(), Engines.PYTORCH)) {
                Shape s = new Shape(1, 3, h, w);
                try (PairAttribution pa = ig.attribute(m.create(pre.toTensor(a), s), m.create(pre.toTensor(b), s),
                        m.create(wf))) {
                    ia = SaliencyMaps.reduce(pa.a().toFloatArray(), h, w, ChannelReduction.POSITIVE);
                    ib = SaliencyMaps.reduce(pa.b().toFloatArray(), h, w, ChannelReduction.POSITIVE);
                }
            }
            float[] ra = SaliencyMaps.reduce(Npy.read(run.resolve(p.mapOoc())).toFloats(), h, w, ChannelReduction.POSITIVE);
            float[] rb = SaliencyMaps.reduce(Npy.read(run.resolve(p.mapReference())).toFloats(), h, w,
                    ChannelReduction.POSITIVE);
            double rhoA = MapScores.spearman(ra, ia);
            double rhoB = MapScores.spearman(rb, ib);
            double rhoAs = MapScores.spearman(SaliencyMaps.gaussianSmooth(ra, h, w, 2), SaliencyMaps.gaussianSmooth(ia, h, w, 2));
            double rhoBs = MapScores.spearman(SaliencyMaps.gaussianSmooth(rb, h, w, 2), SaliencyMaps.gaussianSmooth(ib, h, w, 2));
            rhos.add(new double[] {rhoA, rhoB, rhoAs, rhoBs});
            float[] sia = SaliencyMaps.gaussianSmooth(ia, h, w, 2);
            float[] sib = SaliencyMaps.gaussianSmooth(ib, h, w, 2);
            float vi = displayMax(sia, sib);
            rows7.add(String.format(Locale.ROOT, "%s\nrho ooc %.2f\nrho ref %.2f", n.id(), rhoA, rhoB));
            cells7.add(List.of(new FigureGrid.Cell(FigureGrid.overlay(a, ga, vg), null),
                    new FigureGrid.Cell(FigureGrid.overlay(a, sia, vi), null),
                    new FigureGrid.Cell(FigureGrid.overlay(b, gb, vg), null),
                    new FigureGrid.Cell(FigureGrid.overlay(b, sib, vi), null)));
        }
        writePng(FigureGrid.draw(List.of("ooc image", "shared map", "reference", "shared map"), rows6, cells6, 84,
                "Synthetic neurons: top ooc image and its reference (parallel backprop, gradient)"),
                out.resolve("fig6_pairs.png"));
        writePng(FigureGrid.draw(List.of("ooc: gradient", "ooc: IG", "ref: gradient", "ref: IG"), rows7, cells7, 84,
                "Gradient vs Integrated Gradients (" + figureIgSteps + " steps, black baseline)"),
                out.resolve("fig7_gradient_vs_ig.png"));
        return new Fig7(rhos);
    }

    /**
     * The display maximum of a pair: the 99.5th percentile of the two maps' values (not the maximum, so
     * a few hot pixels of a gradient map do not wash out the rest); both maps share it.
     */
    static float displayMax(float[] a, float[] b) {
        float[] all = new float[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        java.util.Arrays.sort(all);
        float q = all[(int) Math.floor(0.995 * (all.length - 1))];
        return q > 0 ? q : SaliencyMaps.jointMax(a, b);
    }

    private static void writePng(BufferedImage img, Path file) throws IOException {
        AtomicFiles.write(file, o -> ImageIO.write(img, "png", o));
    }

    // ------------------------------------------------------------------ benchmark outputs

    private void writePairs(PlantedFeatureBenchmark.Result r) throws IOException {
        StringBuilder sb = new StringBuilder("neuron,target,target_category,source,x,y,size,rate_before,rate_after,"
                + "predicted_before,predicted_after,reference,similarity,rho_grad_ig");
        for (MapMethod m : MapMethod.values()) {
            String k = m.name().toLowerCase(Locale.ROOT);
            sb.append(',').append(k).append("_mass,").append(k).append("_mass_smoothed,").append(k).append("_hit,")
                    .append(k).append("_auc_sim,").append(k).append("_auc_response");
        }
        sb.append('\n');
        for (PlantedFeatureBenchmark.PairResult p : r.pairs()) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%d,%d,%d,%.6g,%.6g,%.6g,%.6g,%s,%.6g,%.6g", p.neuron(),
                    p.target(), p.targetCategory(), p.source(), p.region().x(), p.region().y(), p.region().width(),
                    p.rateBefore(), p.rateAfter(), p.predictedBefore(), p.predictedAfter(), p.reference(),
                    p.similarity(), p.rankCorrelation()));
            for (MapMethod m : MapMethod.values()) {
                int o = m.ordinal();
                sb.append(String.format(Locale.ROOT, ",%.6g,%.6g,%d,%.6g,%.6g", p.mass()[o], p.massSmoothed()[o], p.hit()[o],
                        p.aucSimilarity()[o], p.aucResponse()[o]));
            }
            sb.append('\n');
        }
        AtomicFiles.writeString(out.resolve("planted.csv"), sb.toString());
    }

    private void writeExamples(PlantedFeatureBenchmark.Result r) throws IOException {
        List<String> cols = new ArrayList<>(List.of("planted", "reference"));
        for (MapMethod m : MapMethod.values()) {
            if (m != MapMethod.RANDOM) {
                cols.add(switch (m) {
                    case PARALLEL_GRADIENT -> "PB grad";
                    case PARALLEL_IG -> "PB IG";
                    case PARALLEL_GRAD_CAM -> "PB layer";
                    case GRADIENT -> "grad r̂";
                    case GRAD_CAM -> "GradCAM r̂";
                    case INTEGRATED_GRADIENTS -> "IG r̂";
                    case RANDOM -> "random";
                });
            }
        }
        List<String> rows = new ArrayList<>();
        List<List<FigureGrid.Cell>> cells = new ArrayList<>();
        for (PlantedFeatureBenchmark.Example e : r.examples()) {
            PlantedFeatureBenchmark.PairResult p = e.pair();
            rows.add(String.format(Locale.ROOT, "%s\nrate %.1f -> %.1f\nin %s", p.neuron(), p.rateBefore(),
                    p.rateAfter(), p.targetCategory()));
            List<FigureGrid.Cell> row = new ArrayList<>();
            row.add(new FigureGrid.Cell(e.planted(), p.region()));
            row.add(new FigureGrid.Cell(e.reference(), null));
            int h = e.planted().getHeight();
            int w = e.planted().getWidth();
            for (MapMethod m : MapMethod.values()) {
                if (m == MapMethod.RANDOM) {
                    continue;
                }
                float[] s = SaliencyMaps.gaussianSmooth(e.maps()[m.ordinal()], h, w, 2);
                row.add(new FigureGrid.Cell(FigureGrid.overlay(e.planted(), s, displayMax(s, s)),
                        p.region()));
            }
            cells.add(row);
        }
        writePng(FigureGrid.draw(cols, rows, cells, 72, "Planted patches (blue box) and the maps of the planted image"),
                out.resolve("planted_examples.png"));
    }

    private String report(StimulusSet set, Simulation.Result sim, List<Path> runs, Fig7 fig7,
            PlantedFeatureBenchmark.Result r, Map<String, Double> seconds, long t0) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Validation results\n\n");
        md.append(String.format(Locale.ROOT, "Stimuli: %d fLoc images (%d per category, scrambled excluded). Model: %s; "
                + "encoding layer `%s`; synthetic neurons read `%s`. Seed %d.%n%n", set.size(), perCategory, model,
                encodingLayer, neuronLayer, seed));
        md.append("## Synthetic neurons and the pipeline\n\n| neuron | r within (CV) | r ooc | reliability | "
                + "mean preferred | mean ooc |\n|---|---|---|---|---|---|\n");
        for (int j = 0; j < runs.size(); j++) {
            RunFiles run = RunFiles.read(runs.get(j));
            for (NeuronRow n : run.neurons()) {
                md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.2f | %.2f |%n", n.neuron(),
                        n.rWithinCv(), n.rOoc(), n.reliability(), n.meanPreferred(), n.meanOoc()));
            }
        }
        double[] ra = fig7.rho().stream().mapToDouble(x -> x[0]).toArray();
        double[] rb = fig7.rho().stream().mapToDouble(x -> x[1]).toArray();
        md.append(String.format(Locale.ROOT, "%nGradient vs Integrated Gradients (%d steps) on the top pair of each "
                + "neuron: Spearman rho, ooc maps mean %.3f (min %.3f), reference maps mean %.3f (min %.3f).%n%n",
                figureIgSteps, mean(ra), min(ra), mean(rb), min(rb)));
        double[] ras = fig7.rho().stream().mapToDouble(x -> x[2]).toArray();
        double[] rbs = fig7.rho().stream().mapToDouble(x -> x[3]).toArray();
        md.append(String.format(Locale.ROOT, "The same after the display smoothing (Gaussian, 2 px): ooc maps mean %.3f "
                + "(min %.3f), reference maps mean %.3f (min %.3f).%n%n", mean(ras), min(ras), mean(rbs), min(rbs)));
        List<PlantedFeatureBenchmark.PairResult> ps = r.pairs();
        double[] rho = ps.stream().mapToDouble(PlantedFeatureBenchmark.PairResult::rankCorrelation)
                .filter(Double::isFinite).toArray();
        Bootstrap.Interval rhoCi = Bootstrap.mean(rho, resamples, 0.95, seed + 11);
        md.append(String.format(Locale.ROOT, "On the planted images (IG with %d steps): mean Spearman rho between the "
                + "parallel gradient and parallel IG maps %.3f [%.3f, %.3f].%n%n", benchmarkIgSteps, rhoCi.estimate(),
                rhoCi.low(), rhoCi.high()));
        md.append("## Planted-feature and deletion benchmark\n\n");
        long rose = ps.stream().filter(p -> p.rateAfter() > p.rateBefore()).count();
        double[] dRate = ps.stream().mapToDouble(p -> p.rateAfter() - p.rateBefore()).toArray();
        double[] dPred = ps.stream().mapToDouble(p -> p.predictedAfter() - p.predictedBefore()).toArray();
        Bootstrap.Interval dr = Bootstrap.mean(dRate, resamples, 0.95, seed + 12);
        Bootstrap.Interval dp = Bootstrap.mean(dPred, resamples, 0.95, seed + 13);
        long neurons = ps.stream().map(PlantedFeatureBenchmark.PairResult::neuron).distinct().count();
        md.append(String.format(Locale.ROOT, "%d planted pairs, %d neurons. The true rate rose in %d of %d pairs; mean "
                + "rise %.2f spikes [%.2f, %.2f]; predicted response rise %.2f [%.2f, %.2f].%n%n", ps.size(), neurons,
                rose, ps.size(), dr.estimate(), dr.low(), dr.high(), dp.estimate(), dp.low(), dp.high()));
        md.append("Mean over pairs with 95% percentile bootstrap intervals (" + resamples + " resamples). Mass and "
                + "pointing: higher is better; deletion AUCs: lower is better.\n\n");
        Map<MapMethod, Bootstrap.Interval[]> s = PlantedFeatureBenchmark.summarise(ps, resamples, seed);
        table(md, s);
        List<PlantedFeatureBenchmark.PairResult> risen = ps.stream().filter(p -> p.rateAfter() >= p.rateBefore() + 1)
                .toList();
        if (risen.size() >= 2) {
            md.append(String.format(Locale.ROOT, "%nThe same on the %d pairs whose true rate rose by at least one spike:%n%n",
                    risen.size()));
            table(md, PlantedFeatureBenchmark.summarise(risen, resamples, seed));
        }
        md.append("\n### Diagnostics\n\n");
        double[] sims = ps.stream().mapToDouble(PlantedFeatureBenchmark.PairResult::similarity).toArray();
        long same = ps.stream().filter(p -> p.reference().equals(p.source())).count();
        md.append(String.format(Locale.ROOT, "- Neuron-specific similarity of the planted image to its reference: mean "
                + "%.3f, range [%.3f, %.3f]. The reference is the image the patch was cut from in %d of %d pairs.%n",
                mean(sims), min(sims), -min(java.util.Arrays.stream(sims).map(x -> -x).toArray()), same, ps.size()));
        md.append(String.format(Locale.ROOT, "- Pearson r between the rise of the true rate and the rise of the "
                + "predicted response over pairs: %.3f.%n", io.github.sharedvis.readout.Stats.pearson(dRate, dPred)));
        double[] sortedPred = dPred.clone();
        java.util.Arrays.sort(sortedPred);
        double cut = sortedPred[(int) Math.floor(sortedPred.length * 2.0 / 3)];
        List<PlantedFeatureBenchmark.PairResult> strong = ps.stream()
                .filter(p -> p.predictedAfter() - p.predictedBefore() >= cut).toList();
        if (strong.size() >= 2) {
            Map<MapMethod, Bootstrap.Interval[]> ss = PlantedFeatureBenchmark.summarise(strong, resamples, seed);
            md.append(String.format(Locale.ROOT, "- On the third of pairs with the largest predicted rise (%d pairs, "
                    + "rise >= %.2f), mass in region:", strong.size(), cut));
            for (MapMethod m : MapMethod.values()) {
                Bootstrap.Interval i = ss.get(m)[0];
                md.append(String.format(Locale.ROOT, " %s %.3f [%.3f, %.3f];", m.label(), i.estimate(), i.low(),
                        i.high()));
            }
            md.append('\n');
        }
        double area = ps.stream().mapToDouble(p -> p.region().area()).average().orElse(0)
                / (double) (r.examples().get(0).planted().getWidth() * r.examples().get(0).planted().getHeight());
        md.append(String.format(Locale.ROOT, "%nThe patch covers %.3f of the image (a uniform map's mass in region).%n",
                area));
        MapMethod bestBase = null;
        for (MapMethod m : MapMethod.values()) {
            if (m.singleImageBaseline() && (bestBase == null
                    || s.get(m)[0].estimate() > s.get(bestBase)[0].estimate())) {
                bestBase = m;
            }
        }
        for (MapMethod pb : List.of(MapMethod.PARALLEL_GRADIENT, MapMethod.PARALLEL_IG, MapMethod.PARALLEL_GRAD_CAM)) {
            double[] a = ps.stream().mapToDouble(p -> p.mass()[pb.ordinal()]).toArray();
            final MapMethod bb = bestBase;
            double[] b = ps.stream().mapToDouble(p -> p.mass()[bb.ordinal()]).toArray();
            Bootstrap.Interval ratio = Bootstrap.ratio(a, b, resamples, 0.95, seed + 21);
            boolean separate = !s.get(pb)[0].overlaps(s.get(bestBase)[0]);
            md.append(String.format(Locale.ROOT, "%n%s vs the best single-image baseline (%s): mass-in-region ratio "
                    + "%.2f [%.2f, %.2f] (paired bootstrap); intervals of the means %s. Goal (ratio >= 1.5, "
                    + "non-overlapping): %s.%n", pb.label(), bestBase.label(), ratio.estimate(), ratio.low(),
                    ratio.high(), separate ? "do not overlap" : "overlap",
                    ratio.estimate() >= 1.5 && separate ? "met" : "NOT met"));
        }
        md.append("\n## Timings (seconds)\n\n");
        seconds.forEach((k, v) -> md.append(String.format(Locale.ROOT, "- %s: %.0f%n", k, v)));
        md.append(String.format(Locale.ROOT, "- total: %.0f%n", (System.nanoTime() - t0) / 1e9));
        return md.toString();
    }

    private static void table(StringBuilder md, Map<MapMethod, Bootstrap.Interval[]> s) {
        md.append("| map | mass in region | pointing game | deletion AUC, similarity | deletion AUC, response "
                + "| mass in region, map smoothed (σ 8 px) |\n|---|---|---|---|---|---|\n");
        for (MapMethod m : MapMethod.values()) {
            md.append("| ").append(m.label());
            for (Bootstrap.Interval i : s.get(m)) {
                md.append(String.format(Locale.ROOT, " | %.3f [%.3f, %.3f]", i.estimate(), i.low(), i.high()));
            }
            md.append(" |\n");
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    /** Options for {@link Validation}. */
    public static final class Builder {
        private final Path data;
        private final Path out;
        private String model = "movenet-lightning";
        private String encodingLayer = ENCODING_LAYER;
        private String neuronLayer = NEURON_LAYER;
        private int perCategory = 30;
        private List<String> neuronCategories = NEURON_CATEGORIES;
        private final PlantedFeatureBenchmark.Builder benchmark = PlantedFeatureBenchmark.builder();
        private int igSteps = 8;
        private int figureIgSteps = 16;
        private int resamples = 2000;
        private long seed = 0;
        private PrintStream progress;

        private Builder(Path data, Path out) {
            this.data = data;
            this.out = out;
        }

        /** @param m bundled model both layers come from (default movenet-lightning) @return this */
        public Builder model(String m) {
            this.model = m;
            return this;
        }

        /** @param l the encoding model's layer @return this */
        public Builder encodingLayer(String l) {
            this.encodingLayer = l;
            return this;
        }

        /** @param l the synthetic neurons' layer (should differ from the encoding layer) @return this */
        public Builder neuronLayer(String l) {
            this.neuronLayer = l;
            return this;
        }

        /** @param n fLoc images per category (default 30) @return this */
        public Builder perCategory(int n) {
            if (n < 5) {
                throw new IllegalArgumentException("need at least 5 images per category, got " + n);
            }
            this.perCategory = n;
            return this;
        }

        /** @param c one synthetic neuron per category @return this */
        public Builder neuronCategories(List<String> c) {
            this.neuronCategories = List.copyOf(c);
            return this;
        }

        /** @param n planted pairs per neuron @return this */
        public Builder pairsPerNeuron(int n) {
            benchmark.pairsPerNeuron(n);
            return this;
        }

        /** @param m IG steps in the benchmark (default 8) @return this */
        public Builder igSteps(int m) {
            benchmark.igSteps(m);
            this.igSteps = m;
            return this;
        }

        /** @param m IG steps of the Fig. 7 pairs (default 16) @return this */
        public Builder figureIgSteps(int m) {
            this.figureIgSteps = m;
            return this;
        }

        /** @param n bootstrap resamples (default 2000) @return this */
        public Builder resamples(int n) {
            this.resamples = n;
            return this;
        }

        /** @param s seed of everything random @return this */
        public Builder seed(long s) {
            this.seed = s;
            benchmark.seed(s);
            return this;
        }

        /** @param p progress stream or null @return this */
        public Builder progress(PrintStream p) {
            this.progress = p;
            return this;
        }

        /** @return the job */
        public Validation build() {
            return new Validation(this);
        }
    }
}
