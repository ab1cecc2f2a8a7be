package io.github.sharedvis.compare;

import io.github.sharedvis.attribution.ChannelReduction;
import io.github.sharedvis.attribution.SaliencyMaps;
import io.github.sharedvis.attribution.SharedSaliency;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.backbone.ImageDecoder;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.pipeline.PairExplainer;
import io.github.sharedvis.pipeline.RunConfig;
import io.github.sharedvis.pipeline.RunInputs;
import io.github.sharedvis.stats.Stats;
import io.github.sharedvis.util.Floats;
import io.github.sharedvis.util.Progress;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The maps of the same (ooc, reference) pairs at every compared node, and how alike they are.
 *
 * <p>The pairs are the ones the explain step picks with the run's own node's readout
 * ({@link PairExplainer#pairs}: each neuron's strongest ooc images and their references), so they are
 * the first rows of that neuron in the run's {@code pairs.csv}. At each node the maps are computed
 * through the shipped explain path ({@link PairExplainer} with the run's {@code [explain]} options and
 * that node's readout), reduced to one pixel map and smoothed as {@code [display]} shows them
 * ({@code reduction}, {@code smoothing_sigma} in model pixels), then area-averaged onto a common
 * {@code S × S} grid, S = the smallest input side of the compared networks
 * ({@link MapAgreement#resample}). The grid is the whole image when every network sees the whole
 * image (the bundled networks stretch it to their input); for a centre-cropped input the grids cover
 * different parts of a non-square image.
 */
final class Agreement {

    private final RunInputs in;
    private final List<Comparison.Layer> layers;
    private final int size;
    private final List<PairExplainer.Pairs> pairs = new ArrayList<>();
    /** maps[layer][neuron][rank][0 = ooc, 1 = reference], each [size * size]. */
    private final float[][][][][] maps;
    private List<AgreementRow> rows;

    Agreement(RunConfig config, RunInputs in, Backbones registry, List<Comparison.Layer> layers, int runIndex,
            Function<LayerRef, BackboneSpec> spec, int pairsPerNeuron, PrintStream progress) throws IOException {
        this.in = in;
        this.layers = layers;
        this.size = layers.stream().mapToInt(l -> Math.min(l.preprocessing().height(), l.preprocessing().width()))
                .min().orElseThrow();
        int neurons = in.responses().neuronIds().size();
        this.maps = new float[layers.size()][neurons][][][];
        ChannelReduction reduction = ChannelReduction.parse(config.display().reduction());
        double sigma = config.display().smoothingSigma();
        try (Progress bar = new Progress("agreement maps", layers.size() * neurons, progress)) {
            for (int l : order(layers.size(), runIndex)) { // the run's node first: it picks the pairs
                Comparison.Layer layer = layers.get(l);
                try (Backbone bb = registry.open(spec.apply(layer.ref()))) {
                    double[][] z = layer.fit().model().transform(Floats.toDouble(layer.features()));
                    PairExplainer ex = new PairExplainer(config.explain(), config.run().seed(), bb,
                            layer.fit().model(), z, in.preferred());
                    if (l == runIndex) {
                        float[][] zPref = new float[in.preferred().length][];
                        for (int p = 0; p < zPref.length; p++) {
                            zPref[p] = Floats.of(z[in.preferred()[p]]);
                        }
                        for (int j = 0; j < neurons; j++) {
                            pairs.add(ex.pairs(j, in, i -> z[i], zPref, pairsPerNeuron));
                        }
                    }
                    SharedSaliency saliency = ex.saliency();
                    Preprocessing pre = bb.preprocessing();
                    for (int j = 0; j < neurons; j++) {
                        maps[l][j] = neuronMaps(ex, saliency, pre, j, reduction, sigma);
                        bar.step(1);
                    }
                }
            }
        }
    }

    private static int[] order(int n, int first) {
        int[] o = new int[n];
        o[0] = first;
        for (int i = 0, k = 1; i < n; i++) {
            if (i != first) {
                o[k++] = i;
            }
        }
        return o;
    }

    /** Neuron j's pairs' maps at one node, on the common grid: [rank][ooc, reference]. */
    private float[][][] neuronMaps(PairExplainer ex, SharedSaliency saliency, Preprocessing pre, int j,
            ChannelReduction reduction, double sigma) throws IOException {
        PairExplainer.Pairs p = pairs.get(j);
        int k = p.ooc().length;
        int h = pre.height();
        int w = pre.width();
        int plane = 3 * h * w;
        float[] a = new float[k * plane];
        float[] b = new float[k * plane];
        for (int r = 0; r < k; r++) {
            System.arraycopy(modelInput(pre, p.ooc()[r]), 0, a, r * plane, plane);
            System.arraycopy(modelInput(pre, p.reference()[r]), 0, b, r * plane, plane);
        }
        float[][] raw = ex.maps(saliency, a, b, j);
        float[][][] out = new float[k][2][];
        for (int r = 0; r < k; r++) {
            for (int s = 0; s < 2; s++) {
                float[] chw = java.util.Arrays.copyOfRange(raw[s], r * plane, (r + 1) * plane);
                float[] m = SaliencyMaps.reduce(chw, h, w, reduction);
                if (sigma > 0) {
                    m = SaliencyMaps.gaussianSmooth(m, h, w, sigma);
                }
                out[r][s] = MapAgreement.resample(m, h, w, size);
            }
        }
        return out;
    }

    private float[] modelInput(Preprocessing pre, int stimulus) throws IOException {
        return pre.toTensor(pre.geometry(ImageDecoder.read(in.set().stimuli().get(stimulus).image())));
    }

    /** @return agreement.csv: per neuron, pair, image and pair of nodes (computed once) */
    List<AgreementRow> rows() {
        if (rows != null) {
            return rows;
        }
        rows = new ArrayList<>();
        List<String> neurons = in.responses().neuronIds();
        int n = layers.size();
        for (int j = 0; j < neurons.size(); j++) {
            PairExplainer.Pairs p = pairs.get(j);
            for (int r = 0; r < p.ooc().length; r++) {
                String oocId = in.set().stimuli().get(p.ooc()[r]).id();
                String refId = in.set().stimuli().get(p.reference()[r]).id();
                for (int s = 0; s < 2; s++) {
                    double[][] ranks = new double[n][];
                    boolean[][] topA = new boolean[n][];
                    boolean[][] topB = new boolean[n][];
                    for (int l = 0; l < n; l++) { // once per map, not per comparison
                        float[] m = maps[l][j][r][s];
                        ranks[l] = Stats.ranks(m);
                        topA[l] = MapAgreement.top(m, MapAgreement.TOP_FRACTION, 1);
                        topB[l] = MapAgreement.top(m, MapAgreement.TOP_FRACTION, 2);
                    }
                    for (int l1 = 0; l1 < n; l1++) {
                        for (int l2 = l1 + 1; l2 < n; l2++) {
                            rows.add(new AgreementRow(neurons.get(j), r + 1, oocId, refId, s == 0 ? "ooc" : "reference",
                                    layers.get(l1).ref().key(), layers.get(l2).ref().key(),
                                    Stats.pearson(ranks[l1], ranks[l2]),
                                    MapAgreement.overlap(topA[l1], topB[l2])));
                        }
                    }
                }
            }
        }
        return rows;
    }

    /** @return agreement-summary.csv: per pair of nodes, medians over every map */
    List<AgreementSummaryRow> summary() {
        return summary(rows());
    }

    /**
     * @param rows agreement.csv's rows
     * @return per pair of nodes (in the order they first appear), the medians over their rows
     */
    static List<AgreementSummaryRow> summary(List<AgreementRow> rows) {
        java.util.Map<String, List<AgreementRow>> by = new java.util.LinkedHashMap<>();
        for (AgreementRow r : rows) {
            by.computeIfAbsent(r.layerA() + "\n" + r.layerB(), k -> new ArrayList<>()).add(r);
        }
        List<AgreementSummaryRow> out = new ArrayList<>();
        for (List<AgreementRow> g : by.values()) {
            out.add(new AgreementSummaryRow(g.get(0).layerA(), g.get(0).layerB(), g.size(),
                    Comparison.median(g.stream().mapToDouble(AgreementRow::spearman).toArray()),
                    Comparison.median(g.stream().mapToDouble(AgreementRow::topOverlap).toArray())));
        }
        return out;
    }

    /**
     * Writes {@code agreement.png/.svg} (the first neuron's strongest pair at every node and the node
     * x node matrix of median Spearman) and {@code agreement-pairs/<neuron>.png/.svg} (each neuron's
     * strongest pair at every node).
     *
     * @param dir the figures folder
     * @throws IOException when a file cannot be written or an image read
     */
    void figures(Path dir) throws IOException {
        List<String> neurons = in.responses().neuronIds();
        List<AgreementSummaryRow> summary = summary();
        for (int j = 0; j < neurons.size(); j++) {
            if (pairs.get(j).ooc().length == 0) {
                continue;
            }
            CompareFigures.PairPanel panel = panel(j);
            String stem = in.neuronNames().of(neurons.get(j));
            if (j == 0) {
                CompareFigures.agreement(panel, layers, summary, dir.resolve("agreement.png"),
                        dir.resolve("agreement.svg"));
            }
            CompareFigures.agreement(panel, layers, null, dir.resolve("agreement-pairs").resolve(stem + ".png"),
                    dir.resolve("agreement-pairs").resolve(stem + ".svg"));
        }
    }

    private CompareFigures.PairPanel panel(int j) throws IOException {
        PairExplainer.Pairs p = pairs.get(j);
        Preprocessing display = Preprocessing.raw255(size);
        BufferedImage ooc = display.geometry(ImageDecoder.read(in.set().stimuli().get(p.ooc()[0]).image()));
        BufferedImage ref = display.geometry(ImageDecoder.read(in.set().stimuli().get(p.reference()[0]).image()));
        float[][][] m = new float[layers.size()][][];
        for (int l = 0; l < layers.size(); l++) {
            m[l] = maps[l][j][0];
        }
        return new CompareFigures.PairPanel(in.responses().neuronIds().get(j),
                in.set().stimuli().get(p.ooc()[0]).id(), in.set().stimuli().get(p.reference()[0]).id(), ooc, ref,
                size, m);
    }
}
