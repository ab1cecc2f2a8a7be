package io.github.sharedvis.report;

import java.util.List;

/** Plot marks (markers, legend rows, error bars) built from {@link Canvas} primitives. */
final class Marks {

    /** Marker shapes. */
    enum Shape { CIRCLE, SQUARE, DIAMOND, TRIANGLE, OPEN_CIRCLE, HBAR, BAND, DASH }

    /** One legend entry. */
    record Entry(Shape shape, int color, String label) {}

    private Marks() {}

    /** Draws a marker of about {@code size} units centred at (x, y). */
    static void marker(Canvas c, Shape shape, double x, double y, double size, int color) {
        double r = size / 2;
        Canvas.Stroke edge = Canvas.Stroke.solid(Style.WHITE, 0.6);
        switch (shape) {
            case CIRCLE -> c.circle(x, y, r, color, edge);
            case OPEN_CIRCLE -> c.circle(x, y, r, Style.withAlpha(Style.WHITE, 0.6), Canvas.Stroke.solid(color, 1.3));
            case SQUARE -> c.rect(x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r, color, edge);
            case DIAMOND -> c.polygon(new double[] {x, x + r * 1.1, x, x - r * 1.1},
                    new double[] {y - r * 1.2, y, y + r * 1.2, y}, color, edge);
            case TRIANGLE -> c.polygon(new double[] {x, x + r, x - r}, new double[] {y - r, y + r * 0.8, y + r * 0.8},
                    color, edge);
            case HBAR -> c.line(x - r * 1.6, y, x + r * 1.6, y, Canvas.Stroke.solid(color, 2.6));
            case BAND -> c.rect(x - r * 1.2, y - r, 2.4 * r, 2 * r, color, null);
            case DASH -> c.line(x - r * 1.8, y, x + r * 1.8, y, Canvas.Stroke.dashed(color, 1.4, 4));
        }
    }

    /**
     * Draws a legend as one row (wrapping when it would exceed maxWidth).
     *
     * @return the y below the legend
     */
    static double legendRow(Canvas c, double x, double y, double maxWidth, List<Entry> entries) {
        double cx = x;
        double cy = y;
        double lineH = Style.TICK.size() * 1.7;
        for (Entry e : entries) {
            double w = 22 + c.textWidth(e.label(), Style.TICK) + 16;
            if (cx + w > x + maxWidth && cx > x) {
                cx = x;
                cy += lineH;
            }
            marker(c, e.shape(), cx + 8, cy, 8, e.color());
            c.text(cx + 20, cy, e.label(), Style.TICK, Style.TEXT, Canvas.Align.START, Canvas.VAlign.MIDDLE, 0);
            cx += w;
        }
        return cy + lineH;
    }

    /** Vertical error bar with caps from lo to hi at x. */
    static void errorBar(Canvas c, double x, double yLo, double yHi, double cap, int color) {
        Canvas.Stroke s = Canvas.Stroke.solid(color, 1.6);
        c.line(x, yLo, x, yHi, s);
        c.line(x - cap, yLo, x + cap, yLo, s);
        c.line(x - cap, yHi, x + cap, yHi, s);
    }

    /** Wraps text into lines of at most maxWidth units. */
    static List<String> wrap(Canvas c, String text, Canvas.Font font, double maxWidth) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (c.textWidth(candidate, font) > maxWidth && line.length() > 0) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
