package io.github.sharedvis.report;

import io.github.sharedvis.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Renders one figure description to PNG and SVG. The description draws on a {@link Canvas} of the given
 * logical size; the PNG has {@code scale} pixels per logical unit (2 gives ~1600 px for an 800-unit
 * figure), the SVG keeps the logical size.
 */
public final class Figure {

    /** Pixels per logical unit of the PNG files. */
    public static final double PNG_SCALE = 2.0;

    private Figure() {}

    /**
     * Encodes an opaque image as PNG with the report's encoder (faster than ImageIO's; see PngEncoder).
     *
     * @param image the image (alpha is dropped)
     * @param out the stream
     * @throws IOException on write failure
     */
    public static void encodePng(java.awt.image.BufferedImage image, java.io.OutputStream out) throws IOException {
        PngEncoder.write(image, out);
    }

    /**
     * Draws the description twice and writes both files atomically.
     *
     * @param width logical width
     * @param height logical height
     * @param draw the figure description
     * @param png the PNG file to write (null = none)
     * @param svg the SVG file to write (null = none)
     * @throws IOException when a file cannot be written
     */
    public static void write(double width, double height, Consumer<Canvas> draw, Path png, Path svg)
            throws IOException {
        if (png != null) {
            RasterCanvas raster = new RasterCanvas(width, height, PNG_SCALE);
            draw.accept(raster);
            java.awt.image.BufferedImage img = raster.finish();
            AtomicFiles.write(png, out -> PngEncoder.write(img, out));
        }
        if (svg != null) {
            SvgCanvas vector = new SvgCanvas(width, height);
            draw.accept(vector);
            String doc = vector.document();
            AtomicFiles.write(svg, out -> out.write(doc.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
