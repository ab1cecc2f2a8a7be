package io.github.sharedvis.report;

import java.awt.image.BufferedImage;

/**
 * A drawing surface with the few primitives a paper figure needs. One figure description (a
 * {@code Consumer<Canvas>}) is drawn twice, on {@link SvgCanvas} and on {@link RasterCanvas}, so the
 * SVG and the PNG of a figure show the same thing. Coordinates are logical units (points) with the
 * origin at the top left and y growing downwards; colours are 0xAARRGGBB ints ({@link Style#rgb}).
 */
public interface Canvas {

    /** Horizontal alignment of text relative to its anchor point. */
    enum Align { START, MIDDLE, END }

    /** Vertical alignment of text relative to its anchor point. */
    enum VAlign { BASELINE, MIDDLE, TOP, BOTTOM }

    /** A font: size in logical units, weight. */
    record Font(double size, boolean bold) {
        /** @return a regular font of this size */
        public static Font of(double size) {
            return new Font(size, false);
        }

        /** @return a bold font of this size */
        public static Font bold(double size) {
            return new Font(size, true);
        }
    }

    /** A stroke: colour, width and an optional dash pattern (null = solid). */
    record Stroke(int color, double width, double[] dash) {
        /** @return a solid stroke */
        public static Stroke solid(int color, double width) {
            return new Stroke(color, width, null);
        }

        /** @return a dashed stroke with equal dash and gap lengths */
        public static Stroke dashed(int color, double width, double dash) {
            return new Stroke(color, width, new double[] {dash, dash});
        }
    }

    /** @return the width of the canvas in logical units */
    double width();

    /** @return the height of the canvas in logical units */
    double height();

    /** Draws a line segment. */
    void line(double x1, double y1, double x2, double y2, Stroke stroke);

    /** Draws an open polyline through the points. */
    void polyline(double[] xs, double[] ys, Stroke stroke);

    /** Draws a closed polygon; fill and stroke may each be null. */
    void polygon(double[] xs, double[] ys, Integer fill, Stroke stroke);

    /** Draws a rectangle; fill and stroke may each be null. */
    void rect(double x, double y, double w, double h, Integer fill, Stroke stroke);

    /** Draws a circle; fill and stroke may each be null. */
    void circle(double cx, double cy, double r, Integer fill, Stroke stroke);

    /**
     * Draws one line of text.
     *
     * @param x anchor x
     * @param y anchor y
     * @param text the text (plain, not markup)
     * @param font the font
     * @param color the colour
     * @param align horizontal alignment
     * @param valign vertical alignment
     * @param rotateDegrees rotation about the anchor, clockwise (e.g. −90 for a y-axis label)
     */
    void text(double x, double y, String text, Font font, int color, Align align, VAlign valign,
            double rotateDegrees);

    /** Draws an image scaled into the given rectangle (bilinear interpolation). */
    void image(BufferedImage image, double x, double y, double w, double h);

    /**
     * @param text a line of text
     * @param font its font
     * @return its advance width in logical units (measured with the same font for both back ends)
     */
    default double textWidth(String text, Font font) {
        return Fonts.width(text, font);
    }

    /** Convenience: left-aligned text on its baseline. */
    default void text(double x, double y, String text, Font font, int color) {
        text(x, y, text, font, color, Align.START, VAlign.BASELINE, 0);
    }
}
