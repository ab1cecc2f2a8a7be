package io.github.sharedvis.evaluation;

import io.github.sharedvis.report.HeatMaps;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A plain grid of image cells with column titles and row labels, for the validation figures (the
 * pair panels proper are {@link io.github.sharedvis.report.PairFigures}'). Cells are scaled to one
 * size; an optional rectangle (the planted region) is outlined on a cell.
 */
final class FigureGrid {

    /** One cell: an image and an optional outlined region (in the image's pixels). */
    record Cell(BufferedImage image, Region outline) {}

    private FigureGrid() {}

    /**
     * @param image an image at model geometry
     * @param map its map {@code [H, W]}
     * @param vmax the display maximum (e.g. the joint maximum of a pair)
     * @return the map over the greyscale image, 75% opacity at the maximum
     */
    static BufferedImage overlay(BufferedImage image, float[] map, float vmax) {
        return HeatMaps.overlay(image, map, vmax, 0.75f);
    }

    static BufferedImage draw(List<String> columns, List<String> rows, List<List<Cell>> cells, int size,
            String title) {
        int labelW = 110;
        int head = 26 + (title == null ? 0 : 22);
        int cols = columns.size();
        int width = labelW + cols * (size + 4) + 4;
        if (title != null) {
            // wide enough for the title
            BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
            Graphics2D pg = probe.createGraphics();
            width = Math.max(width, pg.getFontMetrics(new Font(Font.SANS_SERIF, Font.BOLD, 13)).stringWidth(title) + 14);
            pg.dispose();
        }
        int height = head + rows.size() * (size + 4) + 4;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        if (title != null) {
            g.drawString(title, 6, 17);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int c = 0; c < cols; c++) {
            g.drawString(columns.get(c), labelW + c * (size + 4) + 4, head - 8);
        }
        for (int r = 0; r < rows.size(); r++) {
            int y = head + r * (size + 4);
            String[] lines = rows.get(r).split("\n");
            for (int l = 0; l < lines.length; l++) {
                g.drawString(lines[l], 4, y + 16 + 14 * l);
            }
            List<Cell> row = cells.get(r);
            for (int c = 0; c < row.size(); c++) {
                Cell cell = row.get(c);
                if (cell == null) {
                    continue;
                }
                int x = labelW + c * (size + 4) + 4;
                g.drawImage(cell.image(), x, y, size, size, null);
                if (cell.outline() != null) {
                    double s = size / (double) cell.image().getWidth();
                    g.setColor(new Color(0, 200, 255));
                    g.setStroke(new BasicStroke(1.5f));
                    Region o = cell.outline();
                    g.drawRect(x + (int) Math.round(o.x() * s), y + (int) Math.round(o.y() * s),
                            (int) Math.round(o.width() * s), (int) Math.round(o.height() * s));
                    g.setColor(Color.BLACK);
                }
            }
        }
        g.dispose();
        return out;
    }
}
