package io.github.sharedvis.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pooled passes' plan: every use in exactly one row of its own image, rows of at most the pass's
 * depth, at most {@code batch} rows a pass, and a cost (forwards × FORWARD_COST + backward image-passes,
 * padding included) no higher than any plan that splits every image's uses into slots of at most
 * {@code T} and packs them most uses first (the plan before this one, for every {@code T}, which includes
 * both extremes: one slot per image and one slot per use), computed here by brute force.
 */
class PooledPassesPlanTest {

    @Test
    void everyUseIsServedOnceByItsImageAtNoMoreThanTheCostOfAnyUniformSplit() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int images = 1 + rnd.nextInt(30);
            int batch = 1 + rnd.nextInt(9);
            int[] usesImage = new int[1 + rnd.nextInt(300)];
            for (int u = 0; u < usesImage.length; u++) {
                // skewed, as top objects overlap across neurons: a few images get most uses
                usesImage[u] = (int) Math.min(images - 1, Math.floor(images * Math.pow(rnd.nextDouble(), 3)));
            }
            List<PooledPasses.Pass> passes = PooledPasses.plan(usesImage, images, batch);
            int[] seen = new int[usesImage.length];
            int[] lastOf = new int[images];
            Arrays.fill(lastOf, -1);
            double cost = 0;
            for (PooledPasses.Pass p : passes) {
                assertTrue(p.rows().size() >= 1 && p.rows().size() <= batch, "1.." + batch + " rows a pass");
                int deepest = 0;
                for (PooledPasses.Slot s : p.rows()) {
                    assertTrue(s.uses().length >= 1 && s.uses().length <= p.depth(), "a row within the depth");
                    deepest = Math.max(deepest, s.uses().length);
                    for (int u : s.uses()) {
                        assertEquals(usesImage[u], s.image(), "a row serves its own image's uses");
                        assertTrue(u > lastOf[s.image()], "an image's uses in their order");
                        lastOf[s.image()] = u;
                        seen[u]++;
                    }
                }
                assertEquals(deepest, p.depth(), "the depth is the deepest row's");
                cost += batch * (PooledPasses.FORWARD_COST + p.depth());
            }
            int[] once = new int[usesImage.length];
            Arrays.fill(once, 1);
            assertTrue(Arrays.equals(once, seen), "every use exactly once");
            int[] perImage = new int[images];
            for (int im : usesImage) {
                perImage[im]++;
            }
            int most = Arrays.stream(perImage).max().orElse(0);
            for (int t = 1; t <= most; t++) {
                double uniform = uniformCost(perImage, t, batch);
                assertTrue(cost <= uniform + 1e-9, "trial " + trial + ": cost " + cost + " above the split into slots of "
                        + t + ": " + uniform);
            }
        }
    }

    /**
     * Each image's uses split into as few slots of at most {@code t} as possible, as even as possible,
     * sorted most uses first, packed {@code batch} to a pass of the first (deepest) slot's depth.
     */
    private static double uniformCost(int[] perImage, int t, int batch) {
        List<Integer> slots = new ArrayList<>();
        for (int n : perImage) {
            int k = (n + t - 1) / t;
            for (int c = 0, from = 0; c < k; c++) {
                int to = from + (n - from + (k - c) - 1) / (k - c);
                slots.add(to - from);
                from = to;
            }
        }
        slots.sort((a, b) -> b - a);
        double c = 0;
        for (int s = 0; s < slots.size(); s += batch) {
            c += batch * (PooledPasses.FORWARD_COST + slots.get(s));
        }
        return c;
    }
}
