package io.github.sharedvis.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlantingTest {

    private static BufferedImage noise(int w, int h, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        return img;
    }

    @Test
    void patchPixelsLandExactlyInTheRegionAndNowhereElse() {
        BufferedImage target = noise(40, 30, 1);
        BufferedImage source = noise(50, 50, 2);
        Region from = new Region(7, 11, 9, 6);
        Planting.Planted p = Planting.paste(target, source, from, 25, 3);
        assertEquals(new Region(25, 3, 9, 6), p.region());
        assertEquals(from, p.source());
        boolean[] mask = p.mask();
        int inside = 0;
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                boolean in = x >= 25 && x < 34 && y >= 3 && y < 9;
                assertEquals(in, mask[y * 40 + x], "mask at " + x + "," + y);
                int expected = in ? source.getRGB(7 + x - 25, 11 + y - 3) : target.getRGB(x, y);
                assertEquals(expected & 0xffffff, p.image().getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
                inside += in ? 1 : 0;
            }
        }
        assertEquals(54, inside);
        assertEquals(54, p.region().area());
    }

    @Test
    void theTargetIsNotModified() {
        BufferedImage target = noise(20, 20, 3);
        int[] before = target.getRGB(0, 0, 20, 20, null, 0, 20);
        Planting.paste(target, noise(20, 20, 4), new Region(0, 0, 5, 5), 10, 10);
        assertTrue(java.util.Arrays.equals(before, target.getRGB(0, 0, 20, 20, null, 0, 20)));
    }

    @Test
    void patchesAtTheBordersFitAndOutsideAreRejected() {
        BufferedImage target = noise(16, 16, 5);
        BufferedImage source = noise(16, 16, 6);
        Planting.Planted corner = Planting.paste(target, source, new Region(12, 12, 4, 4), 12, 12);
        assertEquals(source.getRGB(15, 15), corner.image().getRGB(15, 15));
        assertThrows(IllegalArgumentException.class,
                () -> Planting.paste(target, source, new Region(13, 0, 4, 4), 0, 0), "crop outside the source");
        assertThrows(IllegalArgumentException.class,
                () -> Planting.paste(target, source, new Region(0, 0, 4, 4), 13, 0), "placed outside the target");
        assertThrows(IllegalArgumentException.class,
                () -> Planting.paste(target, source, new Region(0, 0, 4, 4), -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Region(0, 0, 0, 3));
    }

    @Test
    void regionMaskIsClippedToTheImage() {
        boolean[] m = new Region(-2, 3, 4, 10).mask(5, 6);
        int count = 0;
        for (boolean b : m) {
            count += b ? 1 : 0;
        }
        assertEquals(2 * 3, count, "columns 0..1, rows 3..5");
        assertTrue(m[3 * 5] && m[5 * 5 + 1] && !m[2 * 5]);
    }
}
