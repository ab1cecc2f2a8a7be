package io.github.sharedvis.backbone.tfjs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The model-randomisation sanity check of Adebayo et al. (NeurIPS 2018, "Sanity Checks for Saliency
 * Maps") on a TF.js graph: which weight layers a node depends on, top (nearest the node) first, and
 * moment-matched Gaussian re-initialisation of their constants. Used by
 * {@link TfjsGraphModel#weightLayers(String)} and {@link TfjsGraphModel#randomised(String, int, long)}.
 */
final class WeightRandomisation {

    /** Element-wise operations that, with a per-channel constant, are an unfused bias or batch-norm step. */
    private static final Set<String> FOLDABLE = Set.of("BiasAdd", "Add", "AddV2", "Sub", "Mul");

    private WeightRandomisation() {}

    /** See {@link TfjsGraphModel#weightLayers(String)}. */
    static List<WeightLayer> layers(TfjsGraphModel m, String cut) {
        String cutNode = GraphNode.nodeOf(cut);
        List<String> anc = m.ancestors(List.of(cutNode));
        Set<String> inPath = new HashSet<>(anc);
        // longest path to the cut node: reverse topological order sees every consumer of a node first
        Map<String, Integer> depth = new HashMap<>();
        depth.put(cutNode, 0);
        for (int i = anc.size() - 1; i >= 0; i--) {
            String n = anc.get(i);
            Integer d = depth.get(n);
            if (d == null) {
                continue;
            }
            for (String dep : m.dependencies(n)) {
                depth.merge(dep, d + 1, Math::max);
            }
        }
        List<WeightLayer> out = new ArrayList<>();
        for (String n : anc) {
            GraphNode g = m.node(n);
            if (!OpRegistry.isConvolution(g.op()) || !m.resolve(n).equals(n) || g.inputs().size() < 2) {
                continue;
            }
            String filter = floatConst(m, g.inputs().get(1));
            if (filter == null || m.constData(filter).shape().length != 4) {
                continue; // a computed filter is not a learned weight of this node
            }
            Set<String> weights = new LinkedHashSet<>();
            for (int i = 1; i < g.inputs().size(); i++) {
                String c = floatConst(m, g.inputs().get(i));
                if (c != null) {
                    weights.add(c);
                }
            }
            long[] fs = m.constData(filter).shape();
            long channels = g.op().contains("Depthwise") ? fs[2] * fs[3] : fs[3];
            List<String> folded = new ArrayList<>();
            String cur = n;
            while (true) {
                List<String> cs = m.consumers(cur);
                if (cs.size() != 1 || !inPath.contains(cs.get(0))) {
                    break;
                }
                GraphNode next = m.node(cs.get(0));
                if (!FOLDABLE.contains(next.op()) || next.inputs().size() != 2) {
                    break;
                }
                int self = GraphNode.nodeOf(next.inputs().get(0)).equals(cur) ? 0 : 1;
                if (next.op().equals("Sub") && self != 0) {
                    break; // constant - conv is not a bias
                }
                String c = floatConst(m, next.inputs().get(1 - self));
                if (c == null || m.constData(c).shape().length != 1 || m.constData(c).shape()[0] != channels) {
                    break;
                }
                weights.add(c);
                folded.add(next.name());
                cur = next.name();
            }
            long params = 0;
            for (String w : weights) {
                params += m.constData(w).floats().length;
            }
            out.add(new WeightLayer(n, g.op(), List.copyOf(weights), folded, depth.get(n), params));
        }
        out.sort(Comparator.comparingInt(WeightLayer::depth).thenComparing(WeightLayer::node));
        return List.copyOf(out);
    }

    /** The constant node an input reads when it is a float {@code Const}, else null. */
    private static String floatConst(TfjsGraphModel m, String ref) {
        String r = m.resolve(ref);
        String name = GraphNode.nodeOf(r);
        GraphNode g = m.node(name);
        ConstData d = m.constData(name);
        if (g == null || !g.op().equals("Const") || d == null || d.floats() == null || GraphNode.outputOf(r) != 0) {
            return null;
        }
        return name;
    }

    /**
     * New values for every constant of the given layers: Gaussian, drawn from a generator seeded by
     * {@code seed} and the constant's name (so a constant gets the same values whichever k randomises
     * it, as in Adebayo et al.'s cascade, where each step adds one layer to those already randomised),
     * then shifted and scaled so that the sample mean and (population) standard deviation equal the
     * original tensor's exactly.
     */
    static Map<String, ConstData> reinitialise(TfjsGraphModel m, List<WeightLayer> layers, long seed) {
        Map<String, ConstData> out = new HashMap<>();
        for (WeightLayer l : layers) {
            for (String w : l.weights()) {
                if (!out.containsKey(w)) {
                    ConstData d = m.constData(w);
                    out.put(w, new ConstData(d.dtype(), d.shape().clone(),
                            matchedGaussian(d.floats(), new Random(mix(seed, w))), null));
                }
            }
        }
        return out;
    }

    /** Gaussian values with exactly the mean and population standard deviation of {@code like}. */
    static float[] matchedGaussian(float[] like, Random r) {
        int n = like.length;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = r.nextGaussian();
        }
        double[] target = moments(like);
        double[] drawn = moments(z);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            // a single value (or a draw with no spread) has standard deviation 0: it becomes the mean
            double unit = drawn[1] > 0 ? (z[i] - drawn[0]) / drawn[1] : 0;
            out[i] = (float) (target[0] + target[1] * unit);
        }
        return out;
    }

    private static double[] moments(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return moments(d);
    }

    /** {mean, population standard deviation}, two-pass. */
    static double[] moments(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= Math.max(1, v.length);
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return new double[] {mean, Math.sqrt(ss / Math.max(1, v.length))};
    }

    /** A per-constant seed: SplitMix64's finaliser over the seed and the name's hash. */
    private static long mix(long seed, String name) {
        long z = seed ^ (name.hashCode() * 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
