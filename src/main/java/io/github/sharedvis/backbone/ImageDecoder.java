package io.github.sharedvis.backbone;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Reads an image file of any common format and mode into 8-bit RGB.
 *
 * <p>Greyscale is repeated to three channels; an alpha channel is dropped (its colour values are
 * kept, as PIL's {@code convert("RGB")} does); 16-bit samples are scaled to 8 bits; palette and
 * CMYK/YCCK images (CMYK JPEG through the TwelveMonkeys ImageIO plug-in) are converted by their
 * colour model.
 */
public final class ImageDecoder {

    private ImageDecoder() {}

    /**
     * Reads an image.
     *
     * @param file the image file
     * @return a {@code TYPE_INT_RGB} image
     * @throws IOException naming the file when it is missing, unreadable or not an image
     */
    public static BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": image file not found");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": cannot decode image (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new IOException(file + ": not a readable image (supported: PNG, JPEG incl. CMYK, BMP, GIF, TIFF)");
        }
        return toRgb(img);
    }

    /**
     * Converts any decoded image to 8-bit RGB.
     *
     * @param img the image
     * @return a {@code TYPE_INT_RGB} image
     */
    public static BufferedImage toRgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            return img;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        int type = cm.getColorSpace().getType();
        boolean direct = cm instanceof ComponentColorModel
                && (type == ColorSpace.TYPE_GRAY || type == ColorSpace.TYPE_RGB);
        if (direct) {
            // read raw samples: a colour-space conversion of linear-gray or 16-bit data would change
            // the values the experimenter displayed
            int bands = r.getNumBands();
            int colorBands = type == ColorSpace.TYPE_GRAY ? 1 : 3;
            int bits = cm.getComponentSize(0);
            double div = r.getTransferType() == DataBuffer.TYPE_FLOAT
                    || r.getTransferType() == DataBuffer.TYPE_DOUBLE ? 1.0 / 255.0 : ((1L << bits) - 1) / 255.0;
            int[] row = new int[w];
            double[] px = new double[bands];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    r.getPixel(x, y, px);
                    int cr = to8(px[0], div);
                    int cg = colorBands == 1 ? cr : to8(px[1], div);
                    int cb = colorBands == 1 ? cr : to8(px[2], div);
                    row[x] = (cr << 16) | (cg << 8) | cb;
                }
                out.setRGB(0, y, w, 1, row, 0, w);
            }
            return out;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                row[x] &= 0xffffff;
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    private static int to8(double v, double div) {
        return (int) Math.max(0, Math.min(255, Math.round(v / div)));
    }
}
