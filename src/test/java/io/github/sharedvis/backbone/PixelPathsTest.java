package io.github.sharedvis.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The raster fast paths of decoding and preprocessing give the bits of the generic per-pixel paths
 * ({@code getRGB}/{@code setRGB}, {@code Raster.getPixel}), which the same code takes for other image
 * types: the same picture as {@code TYPE_INT_RGB} and as {@code TYPE_3BYTE_BGR} must preprocess to
 * identical floats, and an 8- or 16-bit grey raster must decode to what a per-pixel read gives.
 */
class PixelPathsTest {

    private static BufferedImage random(int w, int h, int type, long seed) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, 0xff000000 | rnd.nextInt(1 << 24));
            }
        }
        return img;
    }

    private static BufferedImage copy(BufferedImage src, int type) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), type);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                out.setRGB(x, y, src.getRGB(x, y));
            }
        }
        return out;
    }

    @Test
    void packedAndGenericPreprocessingGiveTheSameBits() {
        BufferedImage a = random(97, 61, BufferedImage.TYPE_INT_RGB, 1);
        BufferedImage b = copy(a, BufferedImage.TYPE_3BYTE_BGR);
        for (Preprocessing pre : new Preprocessing[] {Preprocessing.raw255(40), Preprocessing.imagenet(),
                new Preprocessing(50, 32, 24, false, 1f / 255f, new float[] {0.1f, 0.2f, 0.3f}, new float[] {1, 2, 3})}) {
            assertArrayEquals(pre.apply(b), pre.apply(a), pre.toString());
        }
        BufferedImage r = Resampling.resize(a, 45, 70);
        BufferedImage g = Resampling.resize(b, 45, 70);
        assertEquals(BufferedImage.TYPE_INT_RGB, r.getType());
        assertArrayEquals(g.getRGB(0, 0, 45, 70, null, 0, 45), r.getRGB(0, 0, 45, 70, null, 0, 45));
    }

    @Test
    void greyRastersDecodeAsPerPixelReadsDo() {
        Random rnd = new Random(4);
        for (int type : new int[] {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY}) {
            BufferedImage img = new BufferedImage(33, 17, type);
            WritableRaster r = img.getRaster();
            int max = type == BufferedImage.TYPE_BYTE_GRAY ? 255 : 65535;
            for (int y = 0; y < 17; y++) {
                for (int x = 0; x < 33; x++) {
                    r.setSample(x, y, 0, rnd.nextInt(max + 1));
                }
            }
            BufferedImage rgb = ImageDecoder.toRgb(img);
            for (int y = 0; y < 17; y++) {
                for (int x = 0; x < 33; x++) {
                    int v = (int) Math.max(0, Math.min(255, Math.round(r.getPixel(x, y, (double[]) null)[0]
                            / (max / 255.0))));
                    assertEquals((v << 16) | (v << 8) | v, rgb.getRGB(x, y) & 0xffffff, "type " + type + " at " + x + "," + y);
                }
            }
        }
    }

    /** The vertical pass over whole rows sums what the per-column pass sums, in its order: the same bits. */
    @Test
    void rowOrderVerticalPassEqualsTheColumnPass() {
        Random rnd = new Random(5);
        for (int[] io : new int[][] {{256, 192}, {61, 224}, {300, 7}}) {
            int in = io[0];
            int out = io[1];
            int width = 37;
            float[] src = new float[in * width];
            for (int i = 0; i < src.length; i++) {
                src[i] = rnd.nextInt(256) * (rnd.nextBoolean() ? 1f : -0f);
            }
            Resampling.Filter f = Resampling.Filter.of(in, out);
            float[] byColumn = new float[out * width];
            for (int x = 0; x < width; x++) {
                f.apply(src, x, width, byColumn, x, width);
            }
            float[] byRow = new float[out * width];
            f.applyRows(src, width, byRow);
            for (int i = 0; i < byRow.length; i++) {
                assertEquals(Float.floatToRawIntBits(byColumn[i]), Float.floatToRawIntBits(byRow[i]), "value " + i);
            }
        }
    }
}
