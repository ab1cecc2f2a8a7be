package io.github.sharedvis.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pooled passes' plan: every use in exactly one slot of its own image, slots most uses first, and
 * a cost (forwards × FORWARD_COST + backward image-passes, padding included) no higher than either
 * extreme, one slot per image or one slot per use, computed here by brute force.
 */
class PooledPassesPlanTest {

    @Test
    void everyUseIsServedOnceByItsImageAtNoMoreThanTheCostOfEitherExtreme() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 50; trial++) {
            int images = 1 + rnd.nextInt(30);
            int batch = 1 + rnd.nextInt(9);
            int[] usesImage = new int[1 + rnd.nextInt(200)];
            for (int u = 0; u < usesImage.length; u++) {
                // skewed, as top objects overlap across neurons: a few images get most uses
                usesImage[u] = (int) Math.min(images - 1, Math.floor(images * Math.pow(rnd.nextDouble(), 3)));
            }
            List<PooledPasses.Slot> slots = PooledPasses.plan(usesImage, images, batch);
            int[] seen = new int[usesImage.length];
            for (int i = 0; i < slots.size(); i++) {
                PooledPasses.Slot s = slots.get(i);
                assertTrue(s.uses().length >= 1);
                if (i > 0) {
                    assertTrue(slots.get(i - 1).uses().length >= s.uses().length, "most uses first");
                }
                for (int u : s.uses()) {
                    assertEquals(usesImage[u], s.image(), "a slot serves its own image's uses");
                    seen[u]++;
                }
            }
            int[] once = new int[usesImage.length];
            Arrays.fill(once, 1);
            assertTrue(Arrays.equals(once, seen), "every use exactly once");
            double cost = cost(slots.stream().mapToInt(s -> s.uses().length).toArray(), batch);
            int[] perImage = new int[images];
            for (int im : usesImage) {
                perImage[im]++;
            }
            int[] oneSlotPerImage = Arrays.stream(perImage).filter(n -> n > 0).boxed()
                    .sorted((a, b) -> b - a).mapToInt(Integer::intValue).toArray();
            int[] oneSlotPerUse = new int[usesImage.length];
            Arrays.fill(oneSlotPerUse, 1);
            assertTrue(cost <= cost(oneSlotPerImage, batch) + 1e-9, "no worse than one slot per image");
            assertTrue(cost <= cost(oneSlotPerUse, batch) + 1e-9, "no worse than one slot per use");
        }
    }

    /** Per pass of {@code batch} slots (sorted, most uses first): batch forwards and batch × depth backwards. */
    private static double cost(int[] sortedDepths, int batch) {
        double c = 0;
        for (int s = 0; s < sortedDepths.length; s += batch) {
            c += batch * (PooledPasses.FORWARD_COST + sortedDepths[s]);
        }
        return c;
    }
}
