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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads an image file of any common format and mode into 8-bit RGB.
 *
 * <p>Greyscale is repeated to three channels; an alpha channel is dropped (its colour values are
 * kept, as PIL's {@code convert("RGB")} does); 16-bit samples are scaled to 8 bits; palette and
 * CMYK/YCCK images (CMYK JPEG through the TwelveMonkeys ImageIO plug-in) are converted by their
 * colour model.
 */
public final class ImageDecoder {

    /**
     * The largest image sharedvis decodes, in pixels (width x height): 50 megapixels, e.g. 8660 x 5773.
     * The size is read from the file's header before any pixel is decoded, so a small file that
     * declares a huge image (a decompression bomb) is rejected without allocating it. Decoding an image
     * at the limit holds the decoded source (at most 8 bytes per pixel, 16-bit RGBA) and its 8-bit RGB
     * copy (4 bytes per pixel): at most 600 MB of heap.
     */
    public static final long MAX_PIXELS = 50_000_000L;

    /**
     * Decoder warnings that do not mean lost pixels (colour-management notes, e.g. a CMYK JPEG without
     * an ICC profile); every other warning (a premature end of data, corrupt data) rejects the file.
     */
    private static final java.util.regex.Pattern BENIGN_WARNING =
            java.util.regex.Pattern.compile("(?i)\\bICC\\b|colou?r profile|colou?r space");

    private ImageDecoder() {}

    /**
     * Reads an image.
     *
     * @param file the image file
     * @return a {@code TYPE_INT_RGB} image
     * @throws IOException naming the file when it is missing, unreadable, not an image, damaged or
     *     truncated (a decoder warning is an error: a partly decoded image is never used), or larger than
     *     {@link #MAX_PIXELS}
     */
    public static BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IOException(io.github.sharedvis.data.PathProblems.describe(file, "image"));
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException(file + ": not a readable image (supported: PNG, JPEG incl. CMYK, BMP, GIF, TIFF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                long w;
                long h;
                BufferedImage img;
                try {
                    w = reader.getWidth(0);
                    h = reader.getHeight(0);
                    if (w * h > MAX_PIXELS) {
                        throw new ImageTooLarge(file + ": image of " + w + " x " + h + " pixels ("
                                + String.format(Locale.ROOT, "%.1f", w * h / 1e6) + " megapixels) is larger than the "
                                + "limit of " + MAX_PIXELS / 1_000_000 + " megapixels; scale it down (the network sees "
                                + "a few hundred pixels per side)");
                    }
                    img = reader.read(0);
                } catch (ImageTooLarge e) {
                    throw e;
                } catch (IOException | RuntimeException e) {
                    throw new IOException(file + ": damaged or truncated image, cannot decode it (" + e.getMessage()
                            + "); replace it with a complete copy", e);
                }
                for (String warning : warnings) {
                    if (!BENIGN_WARNING.matcher(warning).find()) {
                        throw new IOException(file + ": damaged or truncated image (" + warning
                                + "); replace it with a complete copy");
                    }
                }
                if (img == null || img.getWidth() != w || img.getHeight() != h) {
                    throw new IOException(file + ": damaged image (decoded no pixels of its " + w + " x " + h
                            + " header); replace it with a complete copy");
                }
                return toRgb(img);
            } finally {
                reader.dispose();
            }
        }
    }

    /** The pixel limit was exceeded: reported as it is, not as a decoding failure. */
    private static final class ImageTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        ImageTooLarge(String message) {
            super(message);
        }
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
            boolean integral = r.getTransferType() != DataBuffer.TYPE_FLOAT && r.getTransferType() != DataBuffer.TYPE_DOUBLE;
            int[] samples = integral ? new int[w * bands] : null;
            double[] px = new double[bands];
            for (int y = 0; y < h; y++) {
                if (integral) {
                    // a row of integer samples at once: the same values getPixel gives, without a call per pixel
                    r.getPixels(0, y, w, 1, samples);
                    for (int x = 0; x < w; x++) {
                        int o = x * bands;
                        int cr = to8(samples[o], div);
                        int cg = colorBands == 1 ? cr : to8(samples[o + 1], div);
                        int cb = colorBands == 1 ? cr : to8(samples[o + 2], div);
                        row[x] = (cr << 16) | (cg << 8) | cb;
                    }
                } else {
                    for (int x = 0; x < w; x++) {
                        r.getPixel(x, y, px);
                        int cr = to8(px[0], div);
                        int cg = colorBands == 1 ? cr : to8(px[1], div);
                        int cb = colorBands == 1 ? cr : to8(px[2], div);
                        row[x] = (cr << 16) | (cg << 8) | cb;
                    }
                }
                Pixels.write(out, 0, y, w, 1, row);
            }
            return out;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                row[x] &= 0xffffff;
            }
            Pixels.write(out, 0, y, w, 1, row);
        }
        return out;
    }

    private static int to8(double v, double div) {
        return (int) Math.max(0, Math.min(255, Math.round(v / div)));
    }
}
