package io.github.sharedvis.pipeline;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.sharedvis.attribution.SharedSaliency;
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
import io.github.sharedvis.util.FileNames;
import io.github.sharedvis.util.OrderedMaps;
import io.github.sharedvis.util.OutputPruning;
import io.github.sharedvis.util.Progress;
import io.github.sharedvis.util.Floats;
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
 * The main job: extract, fit, explain, report ({@code docs/method.md}, sections 1 to 5), each step
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
    private final List<String> warnings = new ArrayList<>();
    private Inputs inputs;
    private Backbone backbone;
    private RunLock lock;

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
        begin();
        extract();
        fit();
        explain();
        report();
    }

    /**
     * Takes the run directory's lock (held until {@link #close()}) and then, only then, deletes the
     * temporary files an interrupted run may have left: never another live run's.
     */
    private void begin() throws IOException {
        if (lock != null) {
            return;
        }
        if (config.data().stimuli() != null) {
            requireOutsideStimuli(config.data().stimuli()); // before anything is created there
        }
        lock = RunLock.acquire(out.root());
        removeStrayTemporaries();
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
            String stimuliDigest, String responsesDigest, FileNames neuronNames, FileNames stimulusNames) {}

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
        StimulusSet set = StimulusSet.open(d.stimuli(), d.outsidePaths()).requireCategory(d.preferred());
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
        requireARecordingPerStimulus(d.responses(), r, means);
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
        warnConstant(r.neuronIds(), means, pref, d.preferred() + " (preferred)", "r_within_cv");
        warnConstant(r.neuronIds(), means, ooc, "out-of-category", "r_ooc");
        inputs = new Inputs(set, r, means, pref.stream().mapToInt(Integer::intValue).toArray(),
                ooc.stream().mapToInt(Integer::intValue).toArray(), set.digest(),
                Fingerprints.fileDigest(d.responses()), new FileNames(r.neuronIds()), new FileNames(set.ids()));
        return inputs;
    }

    /**
     * A stimulus without a single valid trial for a neuron stops the run, listing every such pair: the
     * readouts of all neurons are fitted jointly on one set of preferred images with one
     * cross-validation split (so their scores compare), and the explain step ranks recorded responses;
     * silently dropping a stimulus for one neuron would change both for that neuron alone. The fix is
     * the user's choice: drop the stimulus, or the neuron ({@code [data] neurons}).
     */
    private static void requireARecordingPerStimulus(Path file, Responses r, double[][] means) {
        List<String> missing = new ArrayList<>();
        Map<String, Integer> perNeuron = new LinkedHashMap<>();
        for (int i = 0; i < means.length; i++) {
            for (int j = 0; j < means[i].length; j++) {
                if (Double.isNaN(means[i][j])) {
                    missing.add("'" + r.stimulusIds().get(i) + "' for neuron '" + r.neuronIds().get(j) + "'");
                    perNeuron.merge(r.neuronIds().get(j), 1, Integer::sum);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new io.github.sharedvis.util.InputException(file + ": " + missing.size() + " stimulus/neuron pair"
                    + (missing.size() == 1 ? " has" : "s have") + " no valid trial (all NaN): "
                    + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                    + (missing.size() > 5 ? ", ..." : "") + " (per neuron: " + perNeuron + "). Every neuron needs a "
                    + "recorded response to every stimulus; drop those stimuli from the stimulus set, or those "
                    + "neurons with [data] neurons");
        }
    }

    /**
     * A neuron whose mean responses to a group of images are all equal has an undefined correlation
     * there: its score is NaN, which is reported as a warning (on the progress stream and in
     * run.json) rather than left unexplained.
     */
    private void warnConstant(List<String> neurons, double[][] means, List<Integer> rows, String group, String score) {
        for (int j = 0; j < neurons.size(); j++) {
            double first = means[rows.get(0)][j];
            boolean constant = true;
            for (int i : rows) {
                constant &= means[i][j] == first;
            }
            if (constant) {
                String w = "neuron '" + neurons.get(j) + "' responds identically (" + Csv.number(first) + ") to every "
                        + group + " image, so its " + score + " is NaN (a correlation with a constant is undefined)";
                warnings.add(w);
                (progress != null ? progress : System.err).println("sharedvis: warning: " + w);
            }
        }
    }

    /** A run directory inside the stimulus folder would be read as a category by the next run. */
    private void requireOutsideStimuli(Path stimuli) {
        if (!Files.isDirectory(stimuli)) {
            return;
        }
        Path s = stimuli.toAbsolutePath().normalize();
        Path o = out.root().toAbsolutePath().normalize();
        if (o.startsWith(s)) {
            throw new ConfigException("--out " + out.root() + " lies inside the stimulus folder " + s + " ([data] "
                    + "stimuli of " + source() + "): its sub-folders would be read as categories; give an "
                    + "output folder outside it");
        }
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
        begin();
        long t0 = System.nanoTime();
        Inputs in = inputs();
        Backbone bb = backbone();
        String stamp = StepState.stamp("extract", bb.fingerprint(), in.stimuliDigest(),
                "batch=" + config.backbone().batchSize()); // results depend on the batch size (FeatureExtractor)
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
        begin();
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
        begin();
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
        float[][] zPref = Floats.of(rows(z, in.preferred()));
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
        pruneExplainOutputs(sb.toString(), neurons);
        state.markDone("pairs", pairsStamp);
        time("explain", t0, false);
    }

    private String unit(String neuron) throws IOException {
        return "explain-" + inputs().neuronNames().of(neuron);
    }

    /**
     * Deletes what an earlier run with other inputs or settings left in {@code images/}, {@code maps/}
     * and the explain units of {@code .state/}: afterwards they hold exactly the files pairs.csv names
     * (and the units of the current neurons), as a clean run leaves them.
     */
    private void pruneExplainOutputs(String pairsCsv, List<String> neurons) throws IOException {
        java.util.Set<Path> keep = new java.util.HashSet<>();
        try (var parser = org.apache.commons.csv.CSVParser.parse(pairsCsv,
                org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            for (var rec : parser) {
                for (String col : new String[] {"ooc_image", "reference_image", "map_ooc", "map_reference"}) {
                    if (!rec.get(col).isEmpty()) {
                        keep.add(out.root().resolve(rec.get(col)).normalize());
                    }
                }
            }
        }
        for (String n : neurons) {
            keep.add(out.state().resolve(unit(n) + ".stamp").normalize());
            keep.add(partFile(n).normalize());
        }
        OutputPruning.keepOnly(out.images(), keep, f -> true);
        OutputPruning.keepOnly(out.maps(), keep, f -> true);
        OutputPruning.keepOnly(out.state(), keep, f -> f.getFileName().toString().startsWith("explain-"));
    }

    private Path partFile(String neuron) throws IOException {
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
            List<Candidate> c = search.search(Floats.of(z[ooc[r]]), zPref, prefResp, w);
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
        String safe = in.neuronNames().of(neuron);
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
                    cs.append(cs.length() == 0 ? "" : ";").append(Csv.candidateId(in.set().stimuli().get(in.preferred()[c.index()]).id()))
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

    private String imageRel(String stimulusId) throws IOException {
        return out.root().relativize(out.images()).toString() + "/" + inputs().stimulusNames().of(stimulusId) + ".png";
    }

    /**
     * Preprocesses a stimulus and saves its model-geometry PNG (the pixels the maps refer to),
     * replacing a file an earlier run wrote from another picture or geometry.
     */
    private float[] modelInput(int index, Preprocessing pre) throws IOException {
        Stimulus s = inputs().set().stimuli().get(index);
        BufferedImage geo = pre.geometry(ImageDecoder.read(s.image()));
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        ImageIO.write(geo, "png", png);
        AtomicFiles.writeIfChanged(out.root().resolve(imageRel(s.id())), png.toByteArray());
        return pre.toTensor(geo);
    }

    // ---------------------------------------------------------------- report

    /**
     * Step 4: figures and the static HTML report; {@code run.json}.
     *
     * @throws IOException on I/O failure
     */
    public void report() throws IOException {
        begin();
        explain();
        long t0 = System.nanoTime();
        // the explain stamp covers what the table text does not: the images' and maps' content
        String stamp = StepState.stamp("report", state.read("pairs"), Files.readString(out.pairs()),
                Files.readString(out.summary()),
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
        timings.putIfAbsent(step, OrderedMaps.of("seconds", (System.nanoTime() - t0) / 1e9, "skipped", skipped));
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
        doc.put("backbone", OrderedMaps.of("name", backbone().name(), "layer", backbone().layer(),
                "input", List.of(backbone().preprocessing().height(), backbone().preprocessing().width())));
        doc.put("neurons", in.responses().neuronIds());
        doc.put("n_stimuli", in.set().size());
        doc.put("warnings", warnings);
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
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                // the OS releases the lock when the process ends
            }
            lock = null;
        }
    }
}
