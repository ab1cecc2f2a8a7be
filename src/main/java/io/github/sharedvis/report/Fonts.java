package io.github.sharedvis.report;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.util.Arrays;
import java.util.Locale;

/**
 * The one font family of the figures and the metrics used to lay text out. DejaVu Sans (installed with
 * Debian's JDK) is preferred because SVG viewers on most systems have it or a close substitute; Java's
 * logical SansSerif is the fallback.
 */
final class Fonts {

    /** CSS font-family list written into SVG files. */
    static final String SVG_FAMILY = "'DejaVu Sans', Verdana, Arial, Helvetica, sans-serif";

    private static final String FAMILY = pickFamily();
    private static final FontRenderContext FRC = new FontRenderContext(new AffineTransform(), true, true);

    private Fonts() {}

    private static String pickFamily() {
        try {
            String[] names = GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames(Locale.ROOT);
            if (Arrays.asList(names).contains("DejaVu Sans")) {
                return "DejaVu Sans";
            }
        } catch (RuntimeException | Error e) {
            // headless systems without fontconfig: fall back to the logical font
        }
        return Font.SANS_SERIF;
    }

    /** @return the AWT font for a figure font */
    static Font awt(Canvas.Font f) {
        return new Font(FAMILY, f.bold() ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) f.size());
    }

    /** @return advance width of a line of text */
    static double width(String text, Canvas.Font f) {
        if (text.isEmpty()) {
            return 0;
        }
        return awt(f).getStringBounds(text, FRC).getWidth();
    }

    /** @return ascent of the font (baseline to top of capitals and accents) */
    static double ascent(Canvas.Font f) {
        return awt(f).getLineMetrics("Hg", FRC).getAscent();
    }

    /** @return descent of the font */
    static double descent(Canvas.Font f) {
        return awt(f).getLineMetrics("Hg", FRC).getDescent();
    }

    /**
     * Offset from the requested anchor y to the baseline for a vertical alignment; the same for both
     * back ends so their layouts agree.
     */
    static double baselineShift(Canvas.Font f, Canvas.VAlign v) {
        double capHeight = 0.72 * f.size();
        return switch (v) {
            case BASELINE -> 0;
            case MIDDLE -> capHeight / 2;
            case TOP -> capHeight;
            case BOTTOM -> -descent(f);
        };
    }
}
