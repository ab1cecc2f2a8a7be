package io.github.sharedvis.backbone;

import java.awt.image.BufferedImage;

/**
 * Packed RGB pixels in and out of images without a colour-model call per pixel: an image of type
 * {@code TYPE_INT_RGB} (what {@link ImageDecoder} returns and the preprocessing makes) is read and
 * written through its raster; any other type goes through {@link BufferedImage#getRGB} and
 * {@link BufferedImage#setRGB}, which give the same values, several times slower.
 */
final class Pixels {

    private Pixels() {}

    /**
     * @param img an image
     * @param x the first column
     * @param y the first row
     * @param w columns
     * @param h rows
     * @param out {@code w × h} values, or null
     * @return the pixels row by row as {@code 0xRRGGBB} in the low 24 bits (the top byte is not defined)
     */
    static int[] read(BufferedImage img, int x, int y, int w, int h, int[] out) {
        int[] px = out != null ? out : new int[w * h];
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            img.getRaster().getDataElements(x, y, w, h, px);
            return px;
        }
        return img.getRGB(x, y, w, h, px, 0, w);
    }

    /**
     * @param img an image
     * @return all its pixels, as {@link #read(BufferedImage, int, int, int, int, int[])}
     */
    static int[] read(BufferedImage img) {
        return read(img, 0, 0, img.getWidth(), img.getHeight(), null);
    }

    /**
     * Writes opaque pixels.
     *
     * @param img a {@code TYPE_INT_RGB} image (another type is written through {@code setRGB})
     * @param x the first column
     * @param y the first row
     * @param w columns
     * @param h rows
     * @param rgb {@code w × h} values {@code 0xRRGGBB}, row by row; the top byte is ignored (and cleared)
     */
    static void write(BufferedImage img, int x, int y, int w, int h, int[] rgb) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            for (int i = 0; i < w * h; i++) {
                rgb[i] &= 0xffffff;
            }
            img.getRaster().setDataElements(x, y, w, h, rgb);
        } else {
            img.setRGB(x, y, w, h, rgb, 0, w);
        }
    }
}
