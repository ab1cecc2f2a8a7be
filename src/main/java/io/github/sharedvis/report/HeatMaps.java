package io.github.sharedvis.report;

import io.github.sharedvis.attribution.SaliencyMaps;
import java.awt.image.BufferedImage;

/**
 * Heat maps as pictures: a pixel map {@code [H, W]} ({@code map[y*W + x]}) coloured with
 * {@link ColorMap} on a fixed display scale {@code [0, vmax]} (the two maps of a pair share one,
 * {@link SaliencyMaps#jointMax}), alone, as a translucent layer, or composited over the image the
 * network saw.
 */
public final class HeatMaps {

    private HeatMaps() {}

    /**
     * Colours a pixel map on a fixed scale [0, vmax].
     *
     * @param map pixel map, shape [H, W]
     * @param h height H
     * @param w width W
     * @param vmax value shown as the top colour (e.g. {@link SaliencyMaps#jointMax} of the pair)
     * @return an opaque RGB image of W × H pixels
     */
    public static BufferedImage colorize(float[] map, int h, int w, float vmax) {
        int hw = SaliencyMaps.checkedArea(h, w);
        if (map.length != hw) {
            throw new IllegalArgumentException("map of " + map.length + " values is not [" + h + ", " + w + "]");
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[hw];
        for (int i = 0; i < hw; i++) {
            rgb[i] = ColorMap.colorOf(SaliencyMaps.normalise(map[i], vmax));
        }
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }

    /**
     * The heat map as a translucent layer: colour of the normalised value t with opacity alpha·t, so
     * pixels without saliency stay transparent and the strongest are the most opaque. Drawing this
     * layer over an image (source-over) gives {@link #overlay}'s colours.
     *
     * @param map pixel map, shape [H, W]
     * @param h height H
     * @param w width W
     * @param vmax display maximum
     * @param alpha opacity of the strongest value, in [0, 1]
     * @return an ARGB image of W × H pixels (not premultiplied)
     */
    public static BufferedImage heatLayer(float[] map, int h, int w, float vmax, float alpha) {
        int hw = SaliencyMaps.checkedArea(h, w);
        if (map.length != hw) {
            throw new IllegalArgumentException("map of " + map.length + " values is not [" + h + ", " + w + "]");
        }
        checkAlpha(alpha);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        int[] argb = new int[hw];
        for (int i = 0; i < hw; i++) {
            double t = SaliencyMaps.normalise(map[i], vmax);
            int a = (int) Math.round(255 * alpha * t);
            argb[i] = (a << 24) | ColorMap.colorOf(t);
        }
        out.setRGB(0, 0, w, h, argb, 0, w);
        return out;
    }

    /**
     * Overlays a heat map on an image. The image is shown in greyscale (luma, Rec. 601 weights) so the
     * colours of the map cannot be confused with the colours of the picture (the colour original is
     * shown beside it in the figures); each pixel is then {@code (1 − a)·grey + a·colour(t)} with
     * {@code t = clamp(map/vmax, 0, 1)} and {@code a = alpha·t}.
     *
     * @param image the image the network saw, W × H pixels
     * @param map pixel map, shape [H, W] of the same size
     * @param vmax display maximum (shared by the two maps of a pair)
     * @param alpha opacity of the strongest value, in [0, 1]
     * @return a new opaque RGB image
     * @throws IllegalArgumentException when the sizes differ
     */
    public static BufferedImage overlay(BufferedImage image, float[] map, float vmax, float alpha) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (map.length != (long) w * h) {
            throw new IllegalArgumentException("map of " + map.length + " values does not match the " + w + "x"
                    + h + " image; the map must have the image's model geometry [H, W]");
        }
        checkAlpha(alpha);
        int[] src = image.getRGB(0, 0, w, h, null, 0, w);
        int[] dst = new int[src.length];
        for (int i = 0; i < src.length; i++) {
            int p = src[i];
            double grey = luma(p);
            double t = SaliencyMaps.normalise(map[i], vmax);
            double a = alpha * t;
            int c = ColorMap.colorOf(t);
            int r = (int) Math.round((1 - a) * grey + a * ((c >> 16) & 0xff));
            int g = (int) Math.round((1 - a) * grey + a * ((c >> 8) & 0xff));
            int b = (int) Math.round((1 - a) * grey + a * (c & 0xff));
            dst[i] = (r << 16) | (g << 8) | b;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, dst, 0, w);
        return out;
    }

    /**
     * Greyscale copy of an image (Rec. 601 luma), as used under {@link #overlay}.
     *
     * @param image an image
     * @return an opaque RGB image with equal channels
     */
    public static BufferedImage greyscale(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] px = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < px.length; i++) {
            int g = (int) Math.round(luma(px[i]));
            px[i] = (g << 16) | (g << 8) | g;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, px, 0, w);
        return out;
    }

    private static double luma(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
    }

    private static void checkAlpha(float alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("overlay alpha must be in [0, 1], got " + alpha);
        }
    }
}
