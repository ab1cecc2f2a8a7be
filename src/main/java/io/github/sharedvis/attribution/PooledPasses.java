package io.github.sharedvis.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.backbone.FeatureFunction;
import io.github.sharedvis.backbone.Gradients;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * GRADIENT maps of many pairs that share images (the pairs of many neurons): every image of the pool is
 * forwarded once per pass group and its graph serves all its uses by repeated backward passes.
 *
 * <p>Three phases. (1) The features of every pool image, without a graph, in passes of exactly
 * {@code batch} images. (2) The shared weighting of every pair, in chunks of exactly {@value #V_ROWS}
 * rows. (3) The uses ((image, pair, side) triples, two per pair) are split into <em>slots</em>: one image
 * and up to {@code T} of its uses; slots are packed {@code batch} to a forward pass, most uses first, and
 * the pass's graph is kept for as many backward passes as its largest slot has uses, pass {@code t}
 * carrying the {@code t}-th use of every slot (zero for slots with fewer). {@code T} is chosen to
 * minimise {@code forwards × }{@value #FORWARD_COST}{@code  + backwards} (both in images), the cost
 * ratio of a forward to a backward pass measured on movenet-lightning.
 *
 * <p>Every pass has exactly {@code batch} images (short ones are padded with zero images and zero
 * output gradients), and the engine's results depend on a batch's size but not on the other images in
 * it, so a pair's maps have the same bits whatever other pairs come with it.
 */
final class PooledPasses {

    /** Rows of one weighting computation (padded with zeros, which give v = 0). */
    static final int V_ROWS = 64;
    /** A forward pass's cost over a backward pass's, per image (movenet-lightning, 9 ms / 14 ms). */
    static final double FORWARD_COST = 0.65;

    private final FeatureFunction f;
    private final SaliencyPasses passes;
    private final int batch;

    PooledPasses(FeatureFunction f, SaliencyOptions options) {
        this.f = f;
        this.passes = new SaliencyPasses(f, options);
        this.batch = options.internalBatchSize();
    }

    /** One image and the uses (indices {@code 2 × pair + side}) it serves in one forward pass. */
    record Slot(int image, int[] uses) {}

    /**
     * Maps of pairs over a pool of images, on the heap.
     *
     * @param m where the passes work (closed arrays only are left in it)
     * @param images the pool, each {@code [C, H, W]} flattened
     * @param shape one image's shape {@code [C, H, W]}
     * @param first the pool index of each pair's first image {@code [P]}
     * @param second the pool index of each pair's second image {@code [P]}
     * @param w each pair's readout weights {@code [P][D]}
     * @return the maps {@code {S_a, S_b}}, each {@code [P][C × H × W]}
     */
    float[][][] maps(NDManager m, float[][] images, Shape shape, int[] first, int[] second, float[][] w) {
        float[][][] out = new float[2][first.length][];
        maps(m, images, shape, first, second, w, (pair, side, map) -> out[side][pair] = map);
        return out;
    }

    /**
     * Maps of pairs over a pool of images, each handed to {@code sink} as soon as its backward pass
     * is done (in no particular pair order), so that none need be held.
     *
     * @param m where the passes work (closed arrays only are left in it)
     * @param images the pool, each {@code [C, H, W]} flattened
     * @param shape one image's shape {@code [C, H, W]}
     * @param first the pool index of each pair's first image {@code [P]}
     * @param second the pool index of each pair's second image {@code [P]}
     * @param w each pair's readout weights {@code [P][D]}
     * @param sink receives each of the {@code 2P} maps once
     */
    void maps(NDManager m, float[][] images, Shape shape, int[] first, int[] second, float[][] w,
            SharedSaliency.MapSink sink) {
        int pairs = first.length;
        int plane = (int) shape.size();
        float[][] feats = features(m, images, shape);
        float[][] g = cotangents(m, feats, first, second, w);
        int d = feats.length == 0 ? 0 : feats[0].length;
        int[] usesImage = new int[2 * pairs];
        for (int p = 0; p < pairs; p++) {
            usesImage[2 * p] = first[p];
            usesImage[2 * p + 1] = second[p];
        }
        List<Slot> slots = plan(usesImage, images.length, batch);
        Shape bs = new Shape(batch).addAll(shape);
        for (int s0 = 0; s0 < slots.size(); s0 += batch) {
            List<Slot> group = slots.subList(s0, Math.min(slots.size(), s0 + batch));
            float[] x = new float[batch * plane]; // padded with zero images
            int depth = 0;
            for (int i = 0; i < group.size(); i++) {
                System.arraycopy(images[group.get(i).image()], 0, x, i * plane, plane);
                depth = Math.max(depth, group.get(i).uses().length);
            }
            try (NDManager pass = m.newSubManager()) {
                NDArray xs = pass.create(x, bs);
                Gradients.vjps(f, xs, depth, t -> {
                    float[] v = new float[batch * d]; // zero rows: slots without a t-th use, padding
                    for (int i = 0; i < group.size(); i++) {
                        int[] u = group.get(i).uses();
                        if (t < u.length) {
                            System.arraycopy(g[u[t] / 2], 0, v, i * d, d);
                        }
                    }
                    return pass.create(v, new Shape(batch, d));
                }, (t, grad) -> {
                    float[] all = grad.toFloatArray();
                    for (int i = 0; i < group.size(); i++) {
                        int[] u = group.get(i).uses();
                        if (t < u.length) {
                            sink.accept(u[t] / 2, u[t] % 2, Arrays.copyOfRange(all, i * plane, (i + 1) * plane));
                        }
                    }
                });
            }
        }
    }

    /** Clean features of every pool image, {@code [U][D]}, in passes of exactly {@code batch} images. */
    private float[][] features(NDManager m, float[][] images, Shape shape) {
        int plane = (int) shape.size();
        float[][] out = new float[images.length][];
        for (int s = 0; s < images.length; s += batch) {
            int e = Math.min(images.length, s + batch);
            float[] x = new float[batch * plane];
            for (int i = s; i < e; i++) {
                System.arraycopy(images[i], 0, x, (i - s) * plane, plane);
            }
            try (NDManager pass = m.newSubManager()) {
                NDArray fx = Gradients.noGrad(f, pass.create(x, new Shape(batch).addAll(shape)));
                Shape fs = fx.getShape();
                if (fs.dimension() != 2 || fs.get(0) != batch) {
                    throw new IllegalArgumentException("the feature function returned " + fs + " for " + batch
                            + " images; it must return [N, D]");
                }
                int d = (int) fs.get(1);
                float[] flat = fx.toFloatArray();
                for (int i = s; i < e; i++) {
                    out[i] = Arrays.copyOfRange(flat, (i - s) * d, (i - s + 1) * d);
                }
            }
        }
        return out;
    }

    /** The output gradient {@code v / s} of every pair, {@code [P][D]}, in chunks of exactly V_ROWS rows. */
    private float[][] cotangents(NDManager m, float[][] feats, int[] first, int[] second, float[][] w) {
        int pairs = first.length;
        float[][] out = new float[pairs][];
        if (pairs == 0) {
            return out;
        }
        int d = feats[0].length;
        for (int s = 0; s < pairs; s += V_ROWS) {
            int e = Math.min(pairs, s + V_ROWS);
            float[] fa = new float[V_ROWS * d];
            float[] fb = new float[V_ROWS * d];
            float[] ww = new float[V_ROWS * d];
            for (int p = s; p < e; p++) {
                if (w[p].length != d) {
                    throw new IllegalArgumentException("readout weights of pair " + p + " have " + w[p].length
                            + " values but the features have " + d);
                }
                System.arraycopy(feats[first[p]], 0, fa, (p - s) * d, d);
                System.arraycopy(feats[second[p]], 0, fb, (p - s) * d, d);
                System.arraycopy(w[p], 0, ww, (p - s) * d, d);
            }
            try (NDManager chunk = m.newSubManager()) {
                Shape cs = new Shape(V_ROWS, d);
                NDArray[] vg = passes.weigh(chunk.create(fa, cs), chunk.create(fb, cs), chunk.create(ww, cs));
                float[] flat = vg[1].toFloatArray();
                for (int p = s; p < e; p++) {
                    out[p] = Arrays.copyOfRange(flat, (p - s) * d, (p - s + 1) * d);
                }
            }
        }
        return out;
    }

    /**
     * Splits each image's uses into slots of at most {@code T} uses (as even as possible), with the
     * {@code T} of the least estimated cost, most uses first.
     *
     * @param usesImage the pool image of each use
     * @param images the pool's size
     * @param batch images per pass
     * @return the slots, in pass order ({@code batch} per pass)
     */
    static List<Slot> plan(int[] usesImage, int images, int batch) {
        List<List<Integer>> byImage = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            byImage.add(new ArrayList<>());
        }
        for (int u = 0; u < usesImage.length; u++) {
            byImage.get(usesImage[u]).add(u);
        }
        int most = byImage.stream().mapToInt(List::size).max().orElse(0);
        List<Slot> best = List.of();
        double bestCost = Double.POSITIVE_INFINITY;
        for (int t = most; t >= 1; t--) {
            List<Slot> slots = slots(byImage, t);
            double cost = 0;
            for (int s = 0; s < slots.size(); s += batch) {
                cost += batch * (FORWARD_COST + slots.get(s).uses().length); // sorted: the first is the deepest
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = slots;
            }
        }
        return best;
    }

    private static List<Slot> slots(List<List<Integer>> byImage, int t) {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < byImage.size(); i++) {
            List<Integer> uses = byImage.get(i);
            int n = (uses.size() + t - 1) / t;
            for (int c = 0, from = 0; c < n; c++) {
                int to = from + (uses.size() - from + (n - c) - 1) / (n - c);
                slots.add(new Slot(i, uses.subList(from, to).stream().mapToInt(Integer::intValue).toArray()));
                from = to;
            }
        }
        slots.sort(Comparator.<Slot>comparingInt(s -> -s.uses().length).thenComparingInt(Slot::image));
        return slots;
    }
}
