package io.github.sharedvis.compare;

import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneIdentity;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.backbone.LayerInfo;
import io.github.sharedvis.backbone.MultiNodeExtractor;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.pipeline.ReadoutFit;
import io.github.sharedvis.pipeline.RunConfig;
import io.github.sharedvis.pipeline.RunInputs;
import io.github.sharedvis.readout.NeuronScore;
import io.github.sharedvis.util.Floats;
import io.github.sharedvis.util.InputException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sharedvis compare}: the run's readout fitted at several nodes of one or more networks, with
 * the scores the fit step computes ({@link ReadoutFit}, the same folds, alphas and seed), and the
 * agreement of the maps of the same pairs at those nodes ({@link Agreement}).
 *
 * <p>Features: per network, ONE forward pass per batch of images gives every listed node
 * ({@link MultiNodeExtractor}), pooled as {@code [backbone] pooling}, batched as
 * {@code [backbone] batch_size}, cached in the run's feature cache under the entries a run cut at
 * that node uses. Writes {@code DIR/compare/}: {@code compare.csv}, {@code compare-summary.csv},
 * {@code agreement.csv}, {@code agreement-summary.csv} and {@code figures/} ({@code docs/compare.md}).
 */
public final class Comparison {

    /**
     * One compared node and what the comparison holds of it.
     *
     * @param ref the node
     * @param preprocessing its network's preprocessing
     * @param features every stimulus's features {@code [n][D]}, stimulus order
     * @param fit the readout fitted on them and the neurons' scores
     */
    record Layer(LayerRef ref, Preprocessing preprocessing, float[][] features, ReadoutFit fit) {}

    /**
     * What a comparison wrote.
     *
     * @param rows compare.csv
     * @param summary compare-summary.csv
     * @param agreement agreement.csv (empty without pairs)
     * @param agreementSummary agreement-summary.csv
     */
    public record Result(List<CompareRow> rows, List<LayerSummaryRow> summary, List<AgreementRow> agreement,
            List<AgreementSummaryRow> agreementSummary) {}

    private final RunConfig config;
    private final Path configFile;
    private final Path runDir;
    private final Backbones registry;
    private final LayerSelection selection;
    private final int pairsPerNeuron;
    private final PrintStream progress;
    /** The position of the run's own node among the compared ones (set by {@link #fitLayers}). */
    private int runIndex;

    /**
     * @param config the run configuration
     * @param configFile its file (for messages), or null
     * @param runDir the run directory: output goes to {@code runDir/compare}, features to its cache
     *     ({@code [run] cache} when set, else {@code runDir/cache})
     * @param registry the backbones
     * @param selection the nodes to compare
     * @param pairsPerNeuron how many of each neuron's pairs (its strongest ooc images, as the explain
     *     step picks them) get maps at every node; 0 skips the agreement. Cost: one backward pass per
     *     image of each pair at every node
     * @param progress where progress goes, or null
     */
    public Comparison(RunConfig config, Path configFile, Path runDir, Backbones registry, LayerSelection selection,
            int pairsPerNeuron, PrintStream progress) {
        this.config = config;
        this.configFile = configFile;
        this.runDir = runDir;
        this.registry = registry;
        this.selection = selection;
        this.pairsPerNeuron = pairsPerNeuron;
        this.progress = progress;
    }

    /** @return the output folder, {@code runDir/compare} */
    public Path outDir() {
        return runDir.resolve("compare");
    }

    /**
     * Runs the comparison and writes its files.
     *
     * @return what was written
     * @throws IOException on unreadable inputs or unwritable outputs
     */
    public Result run() throws IOException {
        RunInputs in = RunInputs.open(config, configFile, outDir(), w -> (progress != null ? progress : System.err)
                .println("sharedvis: warning: " + w));
        List<Layer> layers = fitLayers(in);
        List<CompareRow> rows = CompareTables.rows(layers, runIndex, in.responses().neuronIds());
        List<LayerSummaryRow> summary = CompareTables.summary(layers, rows);
        Path out = outDir();
        CompareRow.TABLE.write(out.resolve("compare.csv"), rows);
        LayerSummaryRow.TABLE.write(out.resolve("compare-summary.csv"), summary);
        CompareFigures.scores(layers, rows, summary, out.resolve("figures/compare.png"),
                out.resolve("figures/compare.svg"));
        List<AgreementRow> agreement = List.of();
        List<AgreementSummaryRow> agreementSummary = List.of();
        removeAgreement(out); // an earlier comparison's: never left beside this one's scores
        if (pairsPerNeuron > 0) {
            Agreement a = new Agreement(config, in, registry, layers, runIndex,
                    ref -> spec(ref.model(), ref.node()), pairsPerNeuron, progress);
            agreement = a.rows();
            agreementSummary = a.summary();
            AgreementRow.TABLE.write(out.resolve("agreement.csv"), agreement);
            AgreementSummaryRow.TABLE.write(out.resolve("agreement-summary.csv"), agreementSummary);
            a.figures(out.resolve("figures"));
        }
        return new Result(rows, summary, agreement, agreementSummary);
    }

    /** Deletes the agreement files an earlier comparison wrote (other pairs, nodes or neurons). */
    private static void removeAgreement(Path out) throws IOException {
        for (String f : List.of("agreement.csv", "agreement-summary.csv", "figures/agreement.png",
                "figures/agreement.svg")) {
            Files.deleteIfExists(out.resolve(f));
        }
        Path pairs = out.resolve("figures/agreement-pairs");
        if (Files.isDirectory(pairs)) {
            try (var files = Files.list(pairs)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Every selected node's features (one pass per network) and its fitted readout. */
    private List<Layer> fitLayers(RunInputs in) throws IOException {
        double[] reliability = ReadoutFit.reliability(config, in);
        List<Path> images = in.set().stimuli().stream().map(Stimulus::image).toList();
        List<Layer> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : selection.nodes().entrySet()) {
            String model = e.getKey();
            BackboneSpec base = spec(model, null); // the nodes are checked below, with a message listing them
            try (Backbone bb = registry.open(base)) {
                List<String> asked = e.getValue().isEmpty() ? LayerSelection.defaults(model, bb.layers()) : e.getValue();
                Map<String, String> nodes = resolve(model, asked, bb); // full name -> fingerprint
                if (out.isEmpty()) { // the run's own model: its node is compared, first unless listed
                    String own = selection.runLayer() != null ? selection.runLayer() : bb.layer();
                    String full = resolve(model, List.of(own), bb).keySet().iterator().next();
                    if (!nodes.containsKey(full)) {
                        Map<String, String> first = new LinkedHashMap<>(resolve(model, List.of(own), bb));
                        first.putAll(nodes);
                        nodes = first;
                    }
                    runIndex = List.copyOf(nodes.keySet()).indexOf(full);
                }
                List<String> names = List.copyOf(nodes.keySet());
                List<float[][]> f = new MultiNodeExtractor(bb, names, List.copyOf(nodes.values()),
                        config.backbone().batchSize(), cacheDir(), progress).extract(images);
                for (int k = 0; k < names.size(); k++) {
                    float[][] rows = f.get(k);
                    ReadoutFit fit = ReadoutFit.fit(config, in, i -> Floats.toDouble(rows[i]), reliability);
                    out.add(new Layer(LayerRef.of(model, names.get(k)), bb.preprocessing(), f.get(k), fit));
                }
            }
        }
        return out;
    }

    /**
     * The nodes' full names (a TF.js suffix resolved) and the fingerprints a backbone cut at each has,
     * each checked to be a node of the network; an unknown one is the user's error, naming it and the
     * way to list the nodes.
     */
    private Map<String, String> resolve(String model, List<String> asked, Backbone bb) throws IOException {
        List<String> known = bb.layers().stream().map(LayerInfo::name).toList();
        Map<String, String> out = new LinkedHashMap<>();
        for (String node : asked) {
            BackboneIdentity id;
            try {
                id = registry.identity(spec(model, node));
            } catch (IllegalArgumentException ex) { // the registry's InputException among them
                throw unknown(model, node, known, ex.getMessage());
            }
            if (id.layer() == null || !known.contains(id.layer())) {
                throw unknown(model, node, known, null);
            }
            out.putIfAbsent(id.layer(), id.fingerprint());
        }
        return out;
    }

    private static InputException unknown(String model, String node, List<String> known, String why) {
        List<String> some = known.subList(Math.max(0, known.size() - 5), known.size());
        return new InputException("--layers: " + model + " has no node '" + node + "'"
                + (why != null ? " (" + why + ")" : "") + "; its last nodes are " + some + "; list them all with "
                + "`sharedvis backbones --model " + model + " --layers` and pass --layers " + model + ":NODE,NODE");
    }

    /** The backbone spec of a compared node: the run's pooling and device; the run's preprocessing for its own model. */
    private BackboneSpec spec(String model, String node) {
        RunConfig.Backbone b = config.backbone();
        Preprocessing pre = model.equals(b.model()) ? b.preprocessing() : null;
        return new BackboneSpec(model, node, b.pooling().equals("average") ? Pooling.AVERAGE : Pooling.NONE, pre,
                b.device());
    }

    private Path cacheDir() {
        return config.run().cache() != null ? config.run().cache() : runDir.resolve("cache");
    }

    /** @return the scores of a layer, by neuron position */
    static List<NeuronScore> scores(Layer l) {
        return l.fit().scores();
    }

    /** @return the median of the non-NaN values, NaN when there are none */
    static double median(double[] v) {
        double[] s = Arrays.stream(v).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (s.length == 0) {
            return Double.NaN;
        }
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
