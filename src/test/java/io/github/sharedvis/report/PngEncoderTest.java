package io.github.sharedvis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The PNG encoder against an independent decoder (ImageIO's): pixel-exact round trips. */
class PngEncoderTest {

    @Test
    void roundTripsThroughImageIoPixelExact() throws Exception {
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_3BYTE_BGR}) {
            roundTrips(type);
        }
    }

    /** Every size and pixel pattern through one image type (packed int rasters are read directly). */
    private static void roundTrips(int type) throws Exception {
        Random rnd = new Random(2);
        for (int[] size : new int[][] {{1, 1}, {3, 2}, {67, 41}, {256, 9}, {900, 700}}) {
            int w = size[0];
            int h = size[1];
            BufferedImage img = new BufferedImage(w, h, type);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    // mix smooth gradients (Paeth-friendly) and noise (filter wrap-around)
                    int v = y % 2 == 0 ? rnd.nextInt(0xffffff) : ((x * 3) << 16) | ((y * 5) & 0xff) << 8 | (x ^ y) & 0xff;
                    if (h > 100 && y > h / 2) {
                        v = x < w / 3 ? 0xffffff : 0x3070b0; // flat areas, as a figure's background
                    }
                    img.setRGB(x, y, 0xff000000 | v);
                }
            }
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(img)));
            assertNotNull(back);
            assertEquals(w, back.getWidth());
            assertEquals(h, back.getHeight());
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    assertEquals(img.getRGB(x, y), back.getRGB(x, y), "pixel " + x + "," + y + " of " + w + "x" + h
                            + ", image type " + type);
                }
            }
        }
    }
}
