package io.github.sharedvis.compare;

import io.github.sharedvis.readout.NeuronScore;
import java.util.ArrayList;
import java.util.List;

/** The rows of {@code compare.csv} and {@code compare-summary.csv} from the fitted layers. */
final class CompareTables {
    private CompareTables() {}

    /**
     * @param layers the compared nodes
     * @param runIndex the position of the run's own node in {@code layers}
     * @param neurons the neuron ids
     * @return one row per (node, neuron), node-major, with each neuron's best node flagged (the first
     *     of equal scores; none when every score is NaN)
     */
    static List<CompareRow> rows(List<Comparison.Layer> layers, int runIndex, List<String> neurons) {
        int[] bestWithin = best(layers, neurons.size(), true);
        int[] bestOoc = best(layers, neurons.size(), false);
        List<CompareRow> rows = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            Comparison.Layer layer = layers.get(l);
            List<NeuronScore> scores = Comparison.scores(layer);
            int dims = layer.features().length == 0 ? 0 : layer.features()[0].length;
            for (int j = 0; j < neurons.size(); j++) {
                NeuronScore s = scores.get(j);
                rows.add(new CompareRow(layer.ref().model(), layer.ref().node(), layer.ref().label(), s.neuron(),
                        l == runIndex ? 1 : 0, dims, s.alpha(), s.rWithin(), s.rOoc(), s.pOoc(), s.reliability(),
                        s.rWithinNormalised(), s.rOocNormalised(), bestWithin[j] == l ? 1 : 0, bestOoc[j] == l ? 1 : 0));
            }
        }
        return rows;
    }

    private static int[] best(List<Comparison.Layer> layers, int neurons, boolean within) {
        int[] best = new int[neurons];
        for (int j = 0; j < neurons; j++) {
            best[j] = -1;
            double top = Double.NEGATIVE_INFINITY;
            for (int l = 0; l < layers.size(); l++) {
                NeuronScore s = Comparison.scores(layers.get(l)).get(j);
                double v = within ? s.rWithin() : s.rOoc();
                if (!Double.isNaN(v) && v > top) {
                    top = v;
                    best[j] = l;
                }
            }
        }
        return best;
    }

    /**
     * @param layers the compared nodes
     * @param rows {@link #rows}'s result
     * @return one summary row per node
     */
    static List<LayerSummaryRow> summary(List<Comparison.Layer> layers, List<CompareRow> rows) {
        List<LayerSummaryRow> out = new ArrayList<>();
        int neurons = rows.size() / Math.max(1, layers.size());
        for (int l = 0; l < layers.size(); l++) {
            List<CompareRow> mine = rows.subList(l * neurons, (l + 1) * neurons);
            LayerRef ref = layers.get(l).ref();
            out.add(new LayerSummaryRow(ref.model(), ref.node(), ref.label(), neurons,
                    Comparison.median(mine.stream().mapToDouble(CompareRow::rWithinCv).toArray()),
                    Comparison.median(mine.stream().mapToDouble(CompareRow::rOoc).toArray()),
                    Comparison.median(mine.stream().mapToDouble(CompareRow::r2WithinNorm).toArray()),
                    Comparison.median(mine.stream().mapToDouble(CompareRow::r2OocNorm).toArray()),
                    (int) mine.stream().filter(r -> r.bestWithin() == 1).count(),
                    (int) mine.stream().filter(r -> r.bestOoc() == 1).count()));
        }
        return out;
    }
}
