package io.github.sharedvis.pipeline;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.sharedvis.attribution.AttributionMethod;
import io.github.sharedvis.attribution.Baseline;
import io.github.sharedvis.attribution.PairAttribution;
import io.github.sharedvis.attribution.SharedSaliency;
import io.github.sharedvis.attribution.Weighting;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.FeatureExtractor;
import io.github.sharedvis.backbone.Fingerprints;
import io.github.sharedvis.backbone.ImageDecoder;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.data.Npy;
import io.github.sharedvis.data.Reliability;
import io.github.sharedvis.data.ResponseOptions;
import io.github.sharedvis.data.ResponseReader;
import io.github.sharedvis.data.Responses;
import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.pairing.Candidate;
import io.github.sharedvis.pairing.ReferenceSearch;
import io.github.sharedvis.readout.EncodingModel;
import io.github.sharedvis.readout.FittedEncoding;
import io.github.sharedvis.readout.NeuronScore;
import io.github.sharedvis.report.Report;
import io.github.sharedvis.util.AtomicFiles;
import io.github.sharedvis.util.Progress;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The main job: extract, fit, explain, report ({@code method.md}, sections 1 to 5), each step
 * usable alone, each skipped on a re-run when nothing it depends on changed.
 *
 * <p>Steps read their inputs from the output folder, so {@code sharedvis fit} after
 * {@code sharedvis extract} works across processes. Every output is written atomically and
 * stamped after it is complete ({@link StepState}); the explain step stamps each neuron, so an
 * interrupted run resumes at the first unfinished neuron and ends with the same files an
 * uninterrupted run writes.
 */
public final class Pipeline implements AutoCloseable {

    private static final String[] PAIR_COLUMNS = {"neuron", "rank", "ooc_id", "ooc_category", "ooc_image",
        "reference_id", "reference_category", "reference_image", "similarity", "ooc_recorded", "ooc_predicted",
        "reference_recorded", "reference_predicted", "map_ooc", "map_reference", "reference_candidates"};

    private final RunConfig config;
    private final Path configFile;
    private final RunLayout out;
    private final Backbones registry;
    private final PrintStream progress;
    private final StepState state;
    private final Map<String, Object> timings = new LinkedHashMap<>();
    private Inputs inputs;
    private Backbone backbone;

    /**
     * @param config the run configuration
     * @param configFile the file it came from (for provenance), or null
     * @param outDir the output folder
     * @param registry the backbones that can be loaded
     * @param progress where progress bars are drawn, or null
     */
    public Pipeline(RunConfig config, Path configFile, Path outDir, Backbones registry, PrintStream progress) {
        this.config = config;
        this.configFile = configFile;
        this.out = new RunLayout(outDir);
        this.registry = registry;
        this.progress = progress;
        this.state = new StepState(out.state());
        if (config.run().threads() > 0) {
            Engines.pytorch();
            JniUtils.setNumThreads(config.run().threads());
        }
    }

    /** @return the output layout */
    public RunLayout layout() {
        return out;
    }

    /**
     * Runs every step; finished, unchanged steps are skipped.
     *
     * @throws IOException on unreadable inputs or unwritable outputs
     */
    public void run() throws IOException {
        removeStrayTemporaries();
        extract();
        fit();
        explain();
        report();
    }

    /** Deletes temporary files an interrupted run may have left (a killed JVM runs no finally). */
    private void removeStrayTemporaries() throws IOException {
        if (!Files.isDirectory(out.root())) {
            return;
        }
        try (var files = Files.walk(out.root())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(f)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** The loaded, validated inputs. */
    private record Inputs(StimulusSet set, Responses responses, double[][] means, int[] preferred, int[] ooc,
            String stimuliDigest, String responsesDigest) {}

    private Inputs inputs() throws IOException {
        if (inputs != null) {
            return inputs;
        }
        RunConfig.Data d = config.data();
        require(d.stimuli(), "[data] stimuli", "a folder with one sub-folder per category, or a CSV manifest");
        require(d.responses(), "[data] responses", "a response file (.npy, .npz, .csv, .mat, .h5, .nwb)");
        if (d.preferred() == null) {
            throw new ConfigException(source() + ": [data] preferred is required: the neurons' preferred category");
        }
        StimulusSet set = StimulusSet.open(d.stimuli()).requireCategory(d.preferred());
        ResponseOptions opts = ResponseOptions.defaults().withWindow(d.windowStart(), d.windowEnd())
                .withRates(d.rates()).withStimulusIdColumn(d.stimulusIdColumn());
        if (d.variable() != null) {
            opts = opts.withVariable(d.variable());
        }
        Responses r = ResponseReader.read(d.responses(), opts).alignTo(set);
        if (!d.neurons().isEmpty()) {
            r = selectNeurons(r, d.neurons());
        }
        double[][] means = r.mean();
        for (int i = 0; i < means.length; i++) {
            for (int j = 0; j < means[i].length; j++) {
                if (Double.isNaN(means[i][j])) {
                    throw new IOException(d.responses() + ": stimulus '" + r.stimulusIds().get(i) + "' has no valid "
                            + "trial for neuron '" + r.neuronIds().get(j) + "' (all NaN); drop the stimulus from "
                            + "the stimulus set or the neuron with [data] neurons");
                }
            }
        }
        List<Integer> pref = new ArrayList<>();
        List<Integer> ooc = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            (set.stimuli().get(i).category().equals(d.preferred()) ? pref : ooc).add(i);
        }
        if (ooc.isEmpty()) {
            throw new IOException(d.stimuli() + ": every stimulus is in the preferred category '" + d.preferred()
                    + "'; the method explains responses to other categories, add some");
        }
        if (pref.size() < config.readout().folds()) {
            throw new IOException(d.stimuli() + ": " + pref.size() + " preferred images are fewer than the "
                    + config.readout().folds() + " cross-validation folds; add images or lower [readout] folds");
        }
        inputs = new Inputs(set, r, means, pref.stream().mapToInt(Integer::intValue).toArray(),
                ooc.stream().mapToInt(Integer::intValue).toArray(), set.digest(),
                Fingerprints.fileDigest(d.responses()));
        return inputs;
    }

    private String source() {
        return configFile == null ? "config" : configFile.toString();
    }

    private void require(Path p, String key, String what) {
        if (p == null) {
            throw new ConfigException(source() + ": " + key + " is required: " + what);
        }
    }

    private static Responses selectNeurons(Responses r, List<String> wanted) {
        List<String> missing = new ArrayList<>();
        int[] idx = new int[wanted.size()];
        for (int k = 0; k < wanted.size(); k++) {
            idx[k] = r.neuronIds().indexOf(wanted.get(k));
            if (idx[k] < 0) {
                missing.add(wanted.get(k));
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigException("[data] neurons lists ids the responses do not have: " + missing
                    + "; known ids start with " + r.neuronIds().subList(0, Math.min(10, r.neuronIds().size())));
        }
        double[][][] t = new double[r.nStimuli()][][];
        for (int i = 0; i < t.length; i++) {
            t[i] = new double[idx.length][];
            for (int k = 0; k < idx.length; k++) {
                t[i][k] = r.trials()[i][idx[k]];
            }
        }
        return new Responses(r.stimulusIds(), List.copyOf(wanted), t);
    }

    private Backbone backbone() throws IOException {
        if (backbone == null) {
            RunConfig.Backbone b = config.backbone();
            backbone = registry.open(new BackboneSpec(b.model(), b.layer(),
                    b.pooling().equals("average") ? Pooling.AVERAGE : Pooling.NONE, b.preprocessing(), b.device()));
            if (backbone.layer() == null) {
                String nodes = backbone.layers().toString();
                backbone.close();
                backbone = null;
                throw new ConfigException(source() + ": [backbone] layer is required for " + b.model()
                        + "; its nodes: " + nodes);
            }
        }
        return backbone;
    }

    // ---------------------------------------------------------------- extract

    /**
     * Step 1: features of every stimulus ({@code features/features.npy}, {@code [n, D]} float32).
     *
     * @return the stamp of the features
     * @throws IOException on unreadable images or unwritable outputs
     */
    public String extract() throws IOException {
        long t0 = System.nanoTime();
        Inputs in = inputs();
        Backbone bb = backbone();
        String stamp = StepState.stamp("extract", bb.fingerprint(), in.stimuliDigest());
        Path file = out.features().resolve("features.npy");
        if (state.isDone("extract", stamp) && Files.isRegularFile(file)) {
            time("extract", t0, true);
            return stamp;
        }
        Path cache = config.run().cache() != null ? config.run().cache() : out.root().resolve("cache");
        List<Path> images = in.set().stimuli().stream().map(Stimulus::image).toList();
        float[][] f = FeatureExtractor.builder(bb).batchSize(config.backbone().batchSize()).cacheDir(cache)
                .progress(progress).build().extract(images);
        int d = f[0].length;
        float[] flat = new float[f.length * d];
        for (int i = 0; i < f.length; i++) {
            System.arraycopy(f[i], 0, flat, i * d, d);
        }
        AtomicFiles.write(file, o -> Npy.writeFloat32(o, new long[] {f.length, d}, flat));
        AtomicFiles.writeString(out.features().resolve("stimulus_ids.txt"), String.join("\n", in.set().ids()) + "\n");
        state.markDone("extract", stamp);
        time("extract", t0, false);
        return stamp;
    }

    private double[][] loadFeatures() throws IOException {
        Npy.Array a = Npy.read(out.features().resolve("features.npy"));
        int n = (int) a.shape()[0];
        int d = (int) a.shape()[1];
        if (n != inputs().set().size()) {
            throw new IOException(out.features() + " holds " + n + " images but the stimulus set has "
                    + inputs().set().size() + "; run the extract step again");
        }
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a.data(), i * d, x[i], 0, d);
        }
        return x;
    }

    // ---------------------------------------------------------------- fit

    /**
     * Step 2: ridge readouts on the preferred images, scores, {@code summary.csv}.
     *
     * @return the stamp of the fitted model
     * @throws IOException on I/O failure
     */
    public String fit() throws IOException {
        long t0 = System.nanoTime();
        Inputs in = inputs();
        String extractStamp = extract();
        RunConfig.Readout ro = config.readout();
        String stamp = StepState.stamp("fit", extractStamp, in.responsesDigest(), String.join(",",
                in.responses().neuronIds()), Arrays.toString(ro.alphas()), "folds=" + ro.folds(),
                "std=" + ro.standardize(), "pca=" + ro.pca(), "seed=" + config.run().seed());
        long fitStart = System.nanoTime();
        if (state.isDone("fit", stamp) && Files.isRegularFile(out.summary())) {
            time("fit", t0, true);
            return stamp;
        }
        double[][] x = loadFeatures();
        double[][] xPref = rows(x, in.preferred());
        double[][] yPref = rows(in.means(), in.preferred());
        FittedEncoding model = EncodingModel.builder().alphas(ro.alphas()).folds(ro.folds())
                .standardize(ro.standardize()).pcaComponents(ro.pca()).seed(config.run().seed()).build()
                .fit(xPref, yPref);
        double[] reliability = in.responses().nRepeats() >= 2
                ? Reliability.splitHalf(in.responses(), 100, config.run().seed()) : null;
        List<NeuronScore> scores = NeuronScore.of(in.responses().neuronIds(), model, yPref, rows(x, in.ooc()),
                rows(in.means(), in.ooc()), reliability);
        ModelFiles.write(out.model(), model);
        writeSummary(scores);
        state.markDone("fit", stamp);
        time("fit", fitStart, false);
        return stamp;
    }

    private void writeSummary(List<NeuronScore> scores) throws IOException {
        StringBuilder sb = new StringBuilder("neuron,n_preferred,n_ooc,alpha,r_within_cv,r_ooc,p_ooc,reliability,"
                + "r2_within_norm,r2_ooc_norm,mean_preferred,mean_ooc\n");
        for (NeuronScore s : scores) {
            sb.append(Csv.field(s.neuron())).append(',').append(s.nPreferred()).append(',').append(s.nOoc());
            for (double v : new double[] {s.alpha(), s.rWithin(), s.rOoc(), s.pOoc(), s.reliability(),
                s.rWithinNormalised(), s.rOocNormalised(), s.meanPreferred(), s.meanOoc()}) {
                sb.append(',').append(Csv.number(v));
            }
            sb.append('\n');
        }
        AtomicFiles.writeString(out.summary(), sb.toString());
    }

    private static double[][] rows(double[][] m, int[] idx) {
        double[][] r = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            r[i] = m[idx[i]];
        }
        return r;
    }

    // ---------------------------------------------------------------- explain

    /**
     * Step 3: for every neuron, its top-k ooc images, their neuron-specific references and the
     * parallel-backpropagation maps; {@code maps/}, {@code images/}, {@code pairs.csv}.
     *
     * @throws IOException on I/O failure
     */
    public void explain() throws IOException {
        long t0 = System.nanoTime();
        Inputs in = inputs();
        String fitStamp = fit();
        RunConfig.Explain ex = config.explain();
        String settings = String.join("|", "k=" + ex.topK(), "m=" + ex.topM(), "q=" + ex.topQ(), ex.method(),
                ex.weighting(), "ref=" + ex.referencePoint(), "steps=" + ex.igSteps(), ex.igBaseline(),
                "samples=" + ex.smoothgradSamples(), "noise=" + ex.smoothgradNoise(), "seed=" + config.run().seed());
        List<String> neurons = in.responses().neuronIds();
        String[] stamps = new String[neurons.size()];
        boolean allDone = true;
        for (int j = 0; j < neurons.size(); j++) {
            stamps[j] = StepState.stamp("explain", fitStamp, settings, neurons.get(j));
            allDone &= state.isDone(unit(neurons.get(j)), stamps[j]);
        }
        String pairsStamp = StepState.stamp(stamps);
        if (allDone && state.isDone("pairs", pairsStamp) && Files.isRegularFile(out.pairs())) {
            time("explain", t0, true);
            return;
        }
        FittedEncoding model = ModelFiles.read(out.model());
        double[][] x = loadFeatures();
        double[][] z = model.transform(x);
        double[][] predicted = model.predict(x);
        Backbone bb = backbone();
        PairExplainer explainer = new PairExplainer(ex, config.run().seed(), bb, model, z, in.preferred());
        SharedSaliency saliency = explainer.saliency();
        ReferenceSearch search = explainer.search();
        float[][] zPref = toFloat(rows(z, in.preferred()));
        try (Progress bar = new Progress("explain", neurons.size(), progress)) {
            for (int j = 0; j < neurons.size(); j++) {
                if (!state.isDone(unit(neurons.get(j)), stamps[j])) {
                    explainNeuron(j, explainer, z, zPref, predicted, search, saliency, bb.preprocessing());
                    state.markDone(unit(neurons.get(j)), stamps[j]);
                }
                bar.step(1);
            }
        }
        StringBuilder sb = new StringBuilder(String.join(",", PAIR_COLUMNS)).append('\n');
        for (String n : neurons) {
            sb.append(Files.readString(partFile(n), StandardCharsets.UTF_8));
        }
        AtomicFiles.writeString(out.pairs(), sb.toString());
        state.markDone("pairs", pairsStamp);
        time("explain", t0, false);
    }

    private String unit(String neuron) {
        return "explain-" + RunLayout.safe(neuron);
    }

    private Path partFile(String neuron) {
        return out.state().resolve(unit(neuron) + ".csv");
    }

    private void explainNeuron(int j, PairExplainer explainer, double[][] z, float[][] zPref, double[][] predicted,
            ReferenceSearch search, SharedSaliency saliency, Preprocessing pre) throws IOException {
        Inputs in = inputs();
        String neuron = in.responses().neuronIds().get(j);
        double[] w = explainer.model().coef()[j];
        Integer[] ooc = Arrays.stream(in.ooc()).boxed().toArray(Integer[]::new);
        // strongest recorded ooc responses first; ties broken by stimulus order for determinism
        Arrays.sort(ooc, Comparator.<Integer>comparingDouble(i -> -in.means()[i][j]).thenComparing(i -> i));
        int k = Math.min(config.explain().topK(), ooc.length);
        double[] prefResp = new double[in.preferred().length];
        for (int p = 0; p < prefResp.length; p++) {
            prefResp[p] = in.means()[in.preferred()[p]][j];
        }
        int[] refIdx = new int[k];
        List<List<Candidate>> cands = new ArrayList<>();
        for (int r = 0; r < k; r++) {
            List<Candidate> c = search.search(toFloat(z[ooc[r]]), zPref, prefResp, w);
            cands.add(c);
            refIdx[r] = in.preferred()[c.get(0).index()];
        }
        int plane = 3 * pre.height() * pre.width();
        float[] a = new float[k * plane];
        float[] b = new float[k * plane];
        for (int r = 0; r < k; r++) {
            System.arraycopy(modelInput(ooc[r], pre), 0, a, r * plane, plane);
            System.arraycopy(modelInput(refIdx[r], pre), 0, b, r * plane, plane);
        }
        String safe = RunLayout.safe(neuron);
        StringBuilder rows = new StringBuilder();
        {
            float[][] maps = explainer.maps(saliency, a, b, j);
            float[] ma = maps[0];
            float[] mb = maps[1];
            for (int r = 0; r < k; r++) {
                Path mapA = out.maps().resolve(safe).resolve(String.format(Locale.ROOT, "%02d_ooc.npy", r + 1));
                Path mapB = out.maps().resolve(safe).resolve(String.format(Locale.ROOT, "%02d_reference.npy", r + 1));
                float[] sa = Arrays.copyOfRange(ma, r * plane, (r + 1) * plane);
                float[] sb = Arrays.copyOfRange(mb, r * plane, (r + 1) * plane);
                long[] shape = {3, pre.height(), pre.width()};
                AtomicFiles.write(mapA, o -> Npy.writeFloat32(o, shape, sa));
                AtomicFiles.write(mapB, o -> Npy.writeFloat32(o, shape, sb));
                Stimulus so = in.set().stimuli().get(ooc[r]);
                Stimulus sr = in.set().stimuli().get(refIdx[r]);
                StringBuilder cs = new StringBuilder();
                for (Candidate c : cands.get(r)) {
                    cs.append(cs.length() == 0 ? "" : ";").append(in.set().stimuli().get(in.preferred()[c.index()]).id())
                            .append(':').append(Csv.number(c.similarity()));
                }
                rows.append(Csv.field(neuron)).append(',').append(r + 1).append(',')
                        .append(Csv.field(so.id())).append(',').append(Csv.field(so.category())).append(',')
                        .append(Csv.field(imageRel(so.id()))).append(',')
                        .append(Csv.field(sr.id())).append(',').append(Csv.field(sr.category())).append(',')
                        .append(Csv.field(imageRel(sr.id()))).append(',')
                        .append(Csv.number(cands.get(r).get(0).similarity())).append(',')
                        .append(Csv.number(in.means()[ooc[r]][j])).append(',').append(Csv.number(predicted[ooc[r]][j]))
                        .append(',').append(Csv.number(in.means()[refIdx[r]][j])).append(',')
                        .append(Csv.number(predicted[refIdx[r]][j])).append(',')
                        .append(Csv.field(out.root().relativize(mapA).toString())).append(',')
                        .append(Csv.field(out.root().relativize(mapB).toString())).append(',')
                        .append(Csv.field(cs.toString())).append('\n');
            }
        }
        AtomicFiles.writeString(partFile(neuron), rows.toString());
    }

    private String imageRel(String stimulusId) {
        return "images/" + RunLayout.safe(stimulusId) + ".png";
    }

    /** Preprocesses a stimulus and saves its model-geometry PNG once (the pixels the maps refer to). */
    private float[] modelInput(int index, Preprocessing pre) throws IOException {
        Stimulus s = inputs().set().stimuli().get(index);
        BufferedImage geo = pre.geometry(ImageDecoder.read(s.image()));
        Path png = out.root().resolve(imageRel(s.id()));
        if (!Files.isRegularFile(png)) {
            AtomicFiles.write(png, o -> ImageIO.write(geo, "png", o));
        }
        return pre.toTensor(geo);
    }

    private static float[][] toFloat(double[][] m) {
        float[][] r = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            r[i] = toFloat(m[i]);
        }
        return r;
    }

    private static float[] toFloat(double[] v) {
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (float) v[i];
        }
        return r;
    }

    // ---------------------------------------------------------------- report

    /**
     * Step 4: figures and the static HTML report; {@code run.json}.
     *
     * @throws IOException on I/O failure
     */
    public void report() throws IOException {
        explain();
        long t0 = System.nanoTime();
        String stamp = StepState.stamp("report", Files.readString(out.pairs()), Files.readString(out.summary()),
                config.display().reduction(), "sigma=" + config.display().smoothingSigma());
        writeRunJson();
        if (state.isDone("report", stamp) && Files.isRegularFile(out.root().resolve("report/index.html"))) {
            time("report", t0, true);
            writeRunJson();
            return;
        }
        Report.write(out.root());
        state.markDone("report", stamp);
        time("report", t0, false);
        writeRunJson();
    }

    private void time(String step, long t0, boolean skipped) {
        timings.putIfAbsent(step, Map.of("seconds", (System.nanoTime() - t0) / 1e9, "skipped", skipped));
    }

    private void writeRunJson() throws IOException {
        Inputs in = inputs();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("sharedvis", Versions.sharedvis());
        doc.put("config", ConfigMaps.toMap(config));
        if (configFile != null) {
            doc.put("config_file", configFile.toAbsolutePath().toString());
        }
        doc.put("preferred_category", config.data().preferred());
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("sharedvis", Versions.sharedvis());
        versions.put("java", System.getProperty("java.version"));
        versions.put("djl", Engine.getDjlVersion());
        versions.put("pytorch", Engines.pytorch().getVersion());
        doc.put("versions", versions);
        Map<String, Object> hashes = new LinkedHashMap<>();
        hashes.put("stimuli", in.stimuliDigest());
        hashes.put("responses", in.responsesDigest());
        hashes.put("backbone", backbone().fingerprint());
        if (configFile != null && Files.isRegularFile(configFile)) {
            hashes.put("config", Fingerprints.fileDigest(configFile));
        }
        doc.put("input_hashes", hashes);
        doc.put("backbone", Map.of("name", backbone().name(), "layer", backbone().layer(),
                "input", List.of(backbone().preprocessing().height(), backbone().preprocessing().width())));
        doc.put("neurons", in.responses().neuronIds());
        doc.put("n_stimuli", in.set().size());
        doc.put("timings", timings);
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.writeString(out.runJson(), om.writeValueAsString(doc) + "\n");
    }

    @Override
    public void close() {
        if (backbone != null) {
            backbone.close();
            backbone = null;
        }
    }
}
