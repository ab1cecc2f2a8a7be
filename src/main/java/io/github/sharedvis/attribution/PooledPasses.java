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
import java.util.PriorityQueue;

/**
 * GRADIENT maps of many pairs that share images (the pairs of many neurons): every image of the pool is
 * forwarded once per pass group and its graph serves all its uses by repeated backward passes.
 *
 * <p>Three phases. (1) The features of every pool image, without a graph, in passes of exactly
 * {@code batch} images. (2) The shared weighting of every pair, in chunks of exactly {@value #V_ROWS}
 * rows. (3) The uses ((image, pair, side) triples, two per pair) are packed into forward passes of
 * {@code batch} rows, a row being one image and up to {@code d} of its uses (an image may fill several
 * rows of a pass); the pass's graph is kept for {@code d} backward passes, pass {@code t} carrying the
 * {@code t}-th use of every row (zero for rows with fewer). {@link #plan} minimises the estimated cost
 * {@code forwards × }{@value #FORWARD_COST}{@code  + backwards} (both in images, padding included) over
 * two plans: pass by pass, the depth of least cost per use served, its rows to the images with the
 * most uses left (which fills the rows with real uses almost everywhere); and every image's uses split
 * evenly into slots of at most {@code T}, packed most uses first, for the best {@code T}.
 * {@value #FORWARD_COST} is the cost ratio of a forward to a backward pass per image measured on
 * movenet-lightning.
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

    /** One row of a forward pass: an image and the uses (indices {@code 2 × pair + side}) it serves. */
    record Slot(int image, int[] uses) {}

    /**
     * One forward pass and the backward passes through its graph.
     *
     * @param rows at most {@code batch} rows
     * @param depth the backward passes: the most uses of a row
     */
    record Pass(List<Slot> rows, int depth) {}

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
        Shape bs = new Shape(batch).addAll(shape);
        for (Pass planned : plan(usesImage, images.length, batch)) {
            List<Slot> group = planned.rows();
            float[] x = new float[batch * plane]; // padded with zero images
            int depth = planned.depth();
            for (int i = 0; i < group.size(); i++) {
                System.arraycopy(images[group.get(i).image()], 0, x, i * plane, plane);
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
     * The forward passes serving every use: the cheaper (by {@link #cost}) of two plans, the greedy
     * one of {@link #greedy} and the best even split of {@link #evenSplit}. Neither is the cheaper
     * always: the greedy one fills the passes' rows with real uses, the even split can need fewer passes.
     *
     * @param usesImage the pool image of each use
     * @param images the pool's size
     * @param batch rows per pass
     * @return the passes
     */
    static List<Pass> plan(int[] usesImage, int images, int batch) {
        List<List<Integer>> byImage = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            byImage.add(new ArrayList<>());
        }
        for (int u = 0; u < usesImage.length; u++) {
            byImage.get(usesImage[u]).add(u);
        }
        List<Pass> greedy = greedy(byImage, usesImage.length, batch);
        List<Pass> even = evenSplit(byImage, batch);
        return cost(even, batch) < cost(greedy, batch) ? even : greedy;
    }

    /** The estimated cost of a plan, in backward image-passes: {@code batch × (FORWARD_COST + depth)} a pass. */
    static double cost(List<Pass> passes, int batch) {
        double c = 0;
        for (Pass p : passes) {
            c += batch * (FORWARD_COST + p.depth());
        }
        return c;
    }

    /**
     * Pass by pass: the depth {@code d} of least estimated cost per use served
     * ({@code batch × (FORWARD_COST + d) / served}), then up to {@code batch} rows of
     * {@code min(d, uses left)} uses each, to the images with the most uses left (ties: the lower
     * image index), each image's uses in their order.
     */
    private static List<Pass> greedy(List<List<Integer>> byImage, int uses, int batch) {
        int images = byImage.size();
        int[] next = new int[images]; // each image's first use not yet served
        Comparator<int[]> mostLeft = Comparator.<int[]>comparingInt(e -> -e[1]).thenComparingInt(e -> e[0]);
        List<Pass> passes = new ArrayList<>();
        int left = uses;
        while (left > 0) {
            List<int[]> top = top(byImage, next, batch, mostLeft); // the same for every depth tried
            int most = top.get(0)[1];
            int depth = 1;
            double best = Double.POSITIVE_INFINITY;
            for (int d = 1; d <= most; d++) {
                int served = 0;
                for (int[] row : rows(top, batch, d, mostLeft)) {
                    served += row[1];
                }
                double cost = batch * (FORWARD_COST + d) / served;
                if (cost < best) {
                    best = cost;
                    depth = d;
                }
            }
            List<Slot> rows = new ArrayList<>();
            for (int[] row : rows(top, batch, depth, mostLeft)) {
                int i = row[0];
                rows.add(new Slot(i, ints(byImage.get(i).subList(next[i], next[i] + row[1]))));
                next[i] += row[1];
                left -= row[1];
            }
            passes.add(new Pass(rows, depth));
        }
        return passes;
    }

    /**
     * Each image's uses split into as few slots of at most {@code T} uses as possible, as even as
     * possible, slots sorted most uses first and packed {@code batch} to a pass, for the {@code T} of
     * least estimated cost.
     */
    private static List<Pass> evenSplit(List<List<Integer>> byImage, int batch) {
        int most = byImage.stream().mapToInt(List::size).max().orElse(0);
        List<Pass> best = List.of();
        double bestCost = Double.POSITIVE_INFINITY;
        for (int t = most; t >= 1; t--) {
            List<Slot> slots = new ArrayList<>();
            for (int i = 0; i < byImage.size(); i++) {
                List<Integer> uses = byImage.get(i);
                int n = (uses.size() + t - 1) / t;
                for (int c = 0, from = 0; c < n; c++) {
                    int to = from + (uses.size() - from + (n - c) - 1) / (n - c);
                    slots.add(new Slot(i, ints(uses.subList(from, to))));
                    from = to;
                }
            }
            slots.sort(Comparator.<Slot>comparingInt(s -> -s.uses().length).thenComparingInt(Slot::image));
            List<Pass> passes = new ArrayList<>();
            for (int s = 0; s < slots.size(); s += batch) {
                passes.add(new Pass(slots.subList(s, Math.min(slots.size(), s + batch)), slots.get(s).uses().length));
            }
            double cost = cost(passes, batch);
            if (cost < bestCost) {
                bestCost = cost;
                best = passes;
            }
        }
        return best;
    }

    private static int[] ints(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The {@code batch} images with the most uses left, as {image, uses left} pairs, most first: the
     * only ones a pass's rows can reach (each row goes to the image with the most uses left).
     */
    private static List<int[]> top(List<List<Integer>> byImage, int[] next, int batch, Comparator<int[]> mostLeft) {
        PriorityQueue<int[]> top = new PriorityQueue<>(mostLeft.reversed()); // the worst of the best on top
        for (int i = 0; i < byImage.size(); i++) {
            int n = byImage.get(i).size() - next[i];
            if (n > 0) {
                top.add(new int[] {i, n});
                if (top.size() > batch) {
                    top.poll();
                }
            }
        }
        List<int[]> out = new ArrayList<>(top);
        out.sort(mostLeft);
        return out;
    }

    /**
     * The rows one pass of depth {@code d} would take from {@code top}, as {image, uses} pairs: up to
     * {@code batch} times, {@code min(d, left)} uses of the image with the most uses left.
     */
    private static List<int[]> rows(List<int[]> top, int batch, int d, Comparator<int[]> mostLeft) {
        PriorityQueue<int[]> queue = new PriorityQueue<>(mostLeft);
        for (int[] e : top) {
            queue.add(e.clone());
        }
        List<int[]> rows = new ArrayList<>();
        while (rows.size() < batch && !queue.isEmpty()) {
            int[] e = queue.poll();
            int take = Math.min(d, e[1]);
            rows.add(new int[] {e[0], take});
            if (e[1] > take) {
                queue.add(new int[] {e[0], e[1] - take});
            }
        }
        return rows;
    }
}
