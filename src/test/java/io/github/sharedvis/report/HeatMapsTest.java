package io.github.sharedvis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ColorMap and HeatMaps against closed forms and Java2D: the shared scale, CIELAB lightness, compositing. */
class HeatMapsTest {

    @Test
    void colorizeUsesTheSharedScale() {
        int[] lut = ColorMap.colormap();
        // a map whose max is half the shared vmax reaches only the middle of the colour map
        BufferedImage img = HeatMaps.colorize(new float[] {0, 0.5f, 1, 2}, 2, 2, 1f);
        assertEquals(lut[0], img.getRGB(0, 0) & 0xffffff);
        assertEquals(lut[128], img.getRGB(1, 0) & 0xffffff); // round(0.5 * 255) = 128
        assertEquals(lut[255], img.getRGB(0, 1) & 0xffffff);
        assertEquals(lut[255], img.getRGB(1, 1) & 0xffffff, "values above vmax clamp to the top colour");
        BufferedImage flat = HeatMaps.colorize(new float[] {0, 3, 1, 2}, 2, 2, 0f);
        for (int i = 0; i < 4; i++) {
            assertEquals(lut[0], flat.getRGB(i % 2, i / 2) & 0xffffff, "vmax 0 shows the lowest colour");
        }
    }

    /** CIELAB L* of an sRGB colour, written here independently of the code under test. */
    private static double lightness(int rgb) {
        double[] c = new double[3];
        for (int k = 0; k < 3; k++) {
            double v = ((rgb >> (16 - 8 * k)) & 0xff) / 255.0;
            c[k] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        double y = 0.2126729 * c[0] + 0.7151522 * c[1] + 0.0721750 * c[2];
        double f = y > 216.0 / 24389 ? Math.cbrt(y) : (24389.0 / 27 * y + 16) / 116;
        return 116 * f - 16;
    }

    @Test
    void colourMapLightnessRisesLinearly() {
        int[] lut = ColorMap.colormap();
        assertEquals(256, lut.length);
        double first = lightness(lut[0]);
        double last = lightness(lut[255]);
        assertTrue(first < 8, "starts near black: L* = " + first);
        assertTrue(last > 92, "ends near white: L* = " + last);
        double prev = -1;
        double maxDev = 0;
        for (int i = 0; i < 256; i++) {
            double l = lightness(lut[i]);
            assertTrue(l >= prev - 0.3, "L* must not decrease (8-bit rounding aside) at " + i);
            prev = l;
            maxDev = Math.max(maxDev, Math.abs(l - (first + (last - first) * i / 255.0)));
        }
        assertTrue(maxDev < 1.0, "L* deviates from a straight line by " + maxDev);
        // not a grey ramp: the middle of the map is saturated (red/orange)
        int mid = lut[160];
        int r = (mid >> 16) & 0xff;
        int b = mid & 0xff;
        assertTrue(r - b > 80, "middle colour is warm: " + Integer.toHexString(mid));
    }

    @Test
    void overlayIsTheHeatLayerCompositedOverTheGreyImage() {
        Random rnd = new Random(5);
        int w = 9;
        int h = 7;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float[] map = new float[w * h];
        for (int i = 0; i < w * h; i++) {
            img.setRGB(i % w, i / w, rnd.nextInt(0xffffff));
            map[i] = rnd.nextFloat() * 2;
        }
        map[0] = 0;
        float vmax = 1.5f;
        float alpha = 0.6f;
        BufferedImage over = HeatMaps.overlay(img, map, vmax, alpha);
        // independent oracle: Java2D source-over compositing of the ARGB heat layer on the grey image
        BufferedImage ref = HeatMaps.greyscale(img);
        Graphics2D g = ref.createGraphics();
        g.setComposite(AlphaComposite.SrcOver);
        g.drawImage(HeatMaps.heatLayer(map, h, w, vmax, alpha), 0, 0, null);
        g.dispose();
        for (int i = 0; i < w * h; i++) {
            int a = over.getRGB(i % w, i / w);
            int b = ref.getRGB(i % w, i / w);
            for (int s = 0; s <= 16; s += 8) {
                assertTrue(Math.abs(((a >> s) & 0xff) - ((b >> s) & 0xff)) <= 2, "pixel " + i);
            }
        }
        // closed forms: no saliency shows the grey image; full saliency at alpha 1 shows the top colour
        int p = img.getRGB(0, 0);
        int grey = (int) Math.round(0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff));
        assertEquals((grey << 16) | (grey << 8) | grey, over.getRGB(0, 0) & 0xffffff);
        BufferedImage full = HeatMaps.overlay(img, new float[w * h], 0f, 1f);
        assertEquals(HeatMaps.greyscale(img).getRGB(3, 3), full.getRGB(3, 3));
        float[] ones = new float[w * h];
        java.util.Arrays.fill(ones, 1f);
        assertEquals(ColorMap.colormap()[255], HeatMaps.overlay(img, ones, 1f, 1f).getRGB(2, 2) & 0xffffff);
        assertThrows(IllegalArgumentException.class, () -> HeatMaps.overlay(img, new float[5], 1f, 0.5f));
        assertThrows(IllegalArgumentException.class, () -> HeatMaps.overlay(img, map, 1f, 1.5f));
    }
}
