package io.github.sharedvis.evaluation;

import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.backbone.tfjs.TfjsBackbone;
import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.pipeline.PairExplainer;
import io.github.sharedvis.pipeline.RunConfig;
import io.github.sharedvis.readout.FittedEncoding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The model-randomisation sanity check (Adebayo et al., NeurIPS 2018): a map that stays the same when
 * the network's weights or the readout are randomised does not explain the model. Per planted example,
 * the Spearman rank correlation between its trained ooc map (the first variant's, with its retrieved
 * reference) and the same map recomputed (same images, same readout, same reference point) with the
 * network's weight layers re-initialised cascading from the top, then with the trained network and a
 * random readout (Gaussian, the trained readout's norm).
 */
final class ModelRandomisationCheck {

    private final int cascadeSteps;
    private final int igSteps;

    /**
     * @param cascadeSteps how many networks of the cascade (top 1, then evenly more, down to all layers)
     * @param igSteps IG steps of an IG variant
     */
    ModelRandomisationCheck(int cascadeSteps, int igSteps) {
        this.cascadeSteps = cascadeSteps;
        this.igSteps = igSteps;
    }

    /**
     * The check's table: what was randomised per column, and per example one rho per column.
     *
     * @param steps column labels {@code [cascade + 1]}, the random readout last
     * @param rho per example, rho per column {@code [examples][cascade + 1]}
     */
    record Result(List<String> steps, List<double[]> rho) {}

    /**
     * @param in the inputs the examples came from
     * @param variant the examples' first variant
     * @param examples the examples (one per neuron)
     * @param enc the trained encoding network, whose randomised copies are made
     * @param seed the seed of the randomised weights (+17) and of the random readout (+23)
     * @return the table
     * @throws IOException when a run's files cannot be read
     */
    Result run(PlantedFeatureBenchmark.Inputs in, PlantedFeatureBenchmark.Variant variant,
            List<PlantedExample> examples, TfjsBackbone enc, long seed) throws IOException {
        int layers = enc.weightLayers().size();
        List<Integer> ks = new ArrayList<>();
        for (int s = 1; s <= cascadeSteps; s++) {
            int k = s == 1 ? 1 : (int) Math.round((double) layers * s / cascadeSteps);
            if (!ks.contains(k)) {
                ks.add(k);
            }
        }
        List<String> steps = new ArrayList<>();
        List<TfjsBackbone> copies = new ArrayList<>();
        try {
            for (int k : ks) {
                copies.add(enc.randomised(k, seed + 17));
                steps.add("top " + k + " of " + layers + " layers");
            }
            steps.add("random readout");
            return new Result(steps, rho(in, variant, examples, copies, seed + 23));
        } finally {
            copies.forEach(TfjsBackbone::close);
        }
    }

    /** @return per example: rho per randomised network, then rho for the random readout */
    private List<double[]> rho(PlantedFeatureBenchmark.Inputs in, PlantedFeatureBenchmark.Variant variant,
            List<PlantedExample> examples, List<? extends Backbone> randomised, long seed) throws IOException {
        Preprocessing pre = in.encoding().preprocessing();
        int h = pre.height();
        int w = pre.width();
        List<Stimulus> all = in.set().stimuli();
        RunConfig.Explain settings = variant.apply(in.settings(), igSteps);
        Map<String, RunReadout> readouts = new LinkedHashMap<>();
        Map<String, int[]> preferred = new LinkedHashMap<>();
        List<double[]> out = new ArrayList<>();
        for (PlantedExample ex : examples) {
            int[] prefIdx = preferred.computeIfAbsent(ex.category(), c -> IntStream
                    .range(0, all.size()).filter(i -> all.get(i).category().equals(c)).toArray());
            RunReadout readout = readouts.get(ex.category());
            if (readout == null) {
                readout = RunReadout.open(in.runs().get(ex.category()), prefIdx);
                readouts.put(ex.category(), readout);
            }
            float[] a = pre.toTensor(ex.planted());
            float[] b = pre.toTensor(ex.reference());
            int plane = a.length;
            double[] rho = new double[randomised.size() + 1];
            for (int k = 0; k < randomised.size(); k++) {
                PairExplainer e = new PairExplainer(settings, in.seed(), randomised.get(k), readout.model(),
                        readout.z(), prefIdx);
                rho[k] = MapScores.spearman(ex.oocMaps()[0], ImageBatches.reduce(e.maps(e.saliency(), a, b,
                        ex.neuronRow())[0], 0, plane, h, w));
            }
            PairExplainer e = new PairExplainer(settings, in.seed(), in.encoding(),
                    withRandomReadout(readout.model(), ex.neuronRow(), seed), readout.z(), prefIdx);
            rho[randomised.size()] = MapScores.spearman(ex.oocMaps()[0],
                    ImageBatches.reduce(e.maps(e.saliency(), a, b, ex.neuronRow())[0], 0, plane, h, w));
            out.add(rho);
        }
        return out;
    }

    /** The readout with one neuron's weights replaced by a seeded Gaussian of the same norm. */
    private static FittedEncoding withRandomReadout(FittedEncoding m, int row, long seed) {
        double[][] coef = m.coef().clone();
        double[] trained = coef[row];
        double norm = 0;
        for (double c : trained) {
            norm += c * c;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] random = new double[trained.length];
        double rn = 0;
        for (int k = 0; k < random.length; k++) {
            random[k] = rnd.nextGaussian();
            rn += random[k] * random[k];
        }
        for (int k = 0; k < random.length; k++) {
            random[k] *= Math.sqrt(norm / rn);
        }
        coef[row] = random;
        return new FittedEncoding(coef, m.intercept(), m.alpha(), m.featureScale(), m.pcaMean(), m.pcaComponents(),
                m.cvPredictions(), m.cvR());
    }
}
