package io.github.sharedvis.compare;

import io.github.sharedvis.attribution.SaliencyMaps;
import io.github.sharedvis.report.Canvas;
import io.github.sharedvis.report.Canvas.Align;
import io.github.sharedvis.report.Canvas.Font;
import io.github.sharedvis.report.Canvas.Stroke;
import io.github.sharedvis.report.Canvas.VAlign;
import io.github.sharedvis.report.Figure;
import io.github.sharedvis.report.HeatMaps;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The figures of {@code sharedvis compare}, drawn once for PNG and SVG through the report's canvases:
 * the node x neuron heat maps of r within and r ooc with the population medians per node, and a pair
 * explained at every node side by side with the node x node matrix of median Spearman agreement.
 */
final class CompareFigures {
    private CompareFigures() {}

    private static final int TEXT = 0xff222222;
    private static final int MUTED = 0xff777777;
    private static final int BLUE = 0xff0072b2;
    private static final int ORANGE = 0xffe69f00;
    private static final Font TITLE = Font.bold(12);
    private static final Font LABEL = Font.of(9);
    private static final Font SMALL = Font.of(7.5);

    /**
     * A pair's maps at every node, on the common grid.
     *
     * @param neuron the neuron id
     * @param oocId the ooc image's id
     * @param referenceId the reference's id
     * @param ooc the ooc image at {@code size x size}
     * @param reference the reference at {@code size x size}
     * @param size the grid side
     * @param maps per node {ooc map, reference map}, each {@code [size * size]}
     */
    record PairPanel(String neuron, String oocId, String referenceId, BufferedImage ooc, BufferedImage reference,
            int size, float[][][] maps) {}

    /** Diverging colour for r in [-1, 1]: blue (negative), white (0), vermillion (positive). */
    static int diverging(double r) {
        if (Double.isNaN(r)) {
            return 0xffdddddd;
        }
        double t = Math.max(-1, Math.min(1, r));
        int[] end = t >= 0 ? new int[] {0xd5, 0x5e, 0x00} : new int[] {0x00, 0x72, 0xb2};
        double a = Math.abs(t);
        int red = (int) Math.round(255 + a * (end[0] - 255));
        int green = (int) Math.round(255 + a * (end[1] - 255));
        int blue = (int) Math.round(255 + a * (end[2] - 255));
        return 0xff000000 | (red << 16) | (green << 8) | blue;
    }

    /** The advance of one character of {@link #SMALL}, generously (layout is decided before drawing). */
    private static final double CHAR = 4.5;

    /** @return the width the longest node label needs in {@link #SMALL} */
    private static double labelWidth(List<Comparison.Layer> layers) {
        return layers.stream().mapToInt(l -> l.ref().label().length()).max().orElse(10) * CHAR + 12;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.2f", v);
    }

    /**
     * Node x neuron heat maps of r within (cross-validated) and r ooc, each neuron's best node outlined,
     * and the medians per node with the median reliability ceiling (square root of the reliability).
     */
    static void scores(List<Comparison.Layer> layers, List<CompareRow> rows, List<LayerSummaryRow> summary, Path png,
            Path svg) throws IOException {
        int nl = layers.size();
        int nn = rows.size() / Math.max(1, nl);
        double cell = 22;
        double labelW = labelWidth(layers);
        double panelW = labelW + nn * cell + 20;
        double top = 40;
        double gridH = nl * cell;
        double plotH = 150;
        double plotX = Math.max(60, 0.82 * labelW + 10); // the x labels are rotated by 35 degrees
        double width = Math.max(2 * panelW + 10, plotX + 60 * nl);
        double height = top + gridH + 70 + plotH + 0.58 * labelW + 20;
        Figure.write(width, height, c -> {
            c.rect(0, 0, width, height, 0xffffffff, null);
            for (int panel = 0; panel < 2; panel++) {
                boolean within = panel == 0;
                double x0 = panel * panelW + labelW;
                c.text(x0, 20, within ? "r within (cross-validated)" : "r ooc (generalisation)", TITLE, TEXT);
                for (int l = 0; l < nl; l++) {
                    double y = top + l * cell;
                    c.text(x0 - 4, y + cell / 2, layers.get(l).ref().label(), SMALL, TEXT, Align.END, VAlign.MIDDLE, 0);
                    for (int j = 0; j < nn; j++) {
                        CompareRow r = rows.get(l * nn + j);
                        double v = within ? r.rWithinCv() : r.rOoc();
                        boolean best = within ? r.bestWithin() == 1 : r.bestOoc() == 1;
                        c.rect(x0 + j * cell, y, cell - 1, cell - 1, diverging(v),
                                best ? Stroke.solid(0xff000000, 1.5) : null);
                        c.text(x0 + j * cell + cell / 2, y + cell / 2, num(v).replace("0.", "."), SMALL,
                                Math.abs(v) > 0.6 ? 0xffffffff : TEXT, Align.MIDDLE, VAlign.MIDDLE, 0);
                    }
                }
                for (int j = 0; j < nn; j++) {
                    c.text(x0 + j * cell + cell / 2, top + gridH + 4, rows.get(j).neuron(), SMALL, MUTED, Align.END,
                            VAlign.MIDDLE, -90);
                }
            }
            medians(c, layers, rows, summary, plotX, top + gridH + 70, width - plotX - 30, plotH);
        }, png, svg);
    }

    /** Median r within and r ooc per node, with the median sqrt(reliability) as the ceiling. */
    private static void medians(Canvas c, List<Comparison.Layer> layers, List<CompareRow> rows,
            List<LayerSummaryRow> summary, double x0, double y0, double w, double h) {
        int nl = layers.size();
        double ceiling = Math.sqrt(Comparison.median(rows.stream().mapToDouble(CompareRow::reliability).toArray()));
        double lo = 0;
        for (LayerSummaryRow s : summary) {
            lo = Math.min(lo, Math.min(nanTo0(s.medianRWithinCv()), nanTo0(s.medianROoc())));
        }
        double lower = lo;
        java.util.function.DoubleUnaryOperator yOf = v -> y0 + h - (v - lower) / (1 - lower) * h;
        c.line(x0, y0, x0, y0 + h, Stroke.solid(TEXT, 0.8));
        c.line(x0, yOf.applyAsDouble(0), x0 + w, yOf.applyAsDouble(0), Stroke.solid(0xffbbbbbb, 0.6));
        for (double t = Math.ceil(lower * 4) / 4; t <= 1.0001; t += 0.25) {
            c.text(x0 - 3, yOf.applyAsDouble(t), num(t), SMALL, MUTED, Align.END, VAlign.MIDDLE, 0);
        }
        c.text(x0 - 30, y0 + h / 2, "median r", LABEL, TEXT, Align.MIDDLE, VAlign.MIDDLE, -90);
        double step = nl > 1 ? w / (nl - 1) : 0;
        if (!Double.isNaN(ceiling)) {
            double y = yOf.applyAsDouble(Math.min(1, ceiling));
            c.line(x0, y, x0 + w, y, Stroke.dashed(MUTED, 0.8, 3));
            c.text(x0 + w, y - 3, "ceiling: median √reliability " + num(ceiling), SMALL, MUTED, Align.END,
                    VAlign.BOTTOM, 0);
        }
        for (int series = 0; series < 2; series++) {
            double[] xs = new double[nl];
            double[] ys = new double[nl];
            int color = series == 0 ? BLUE : ORANGE;
            for (int l = 0; l < nl; l++) {
                double v = series == 0 ? summary.get(l).medianRWithinCv() : summary.get(l).medianROoc();
                xs[l] = x0 + l * step;
                ys[l] = yOf.applyAsDouble(nanTo0(v));
                c.circle(xs[l], ys[l], 2.5, color, null);
            }
            c.polyline(xs, ys, Stroke.solid(color, 1.2));
        }
        for (int l = 0; l < nl; l++) {
            c.text(x0 + l * step, y0 + h + 4, layers.get(l).ref().label(), SMALL, MUTED, Align.END, VAlign.MIDDLE, -35);
        }
        c.text(x0 + 6, y0 - 8, "● median r within", LABEL, BLUE, Align.START, VAlign.BOTTOM, 0);
        c.text(x0 + 110, y0 - 8, "● median r ooc", LABEL, ORANGE, Align.START, VAlign.BOTTOM, 0);
    }

    private static double nanTo0(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    /**
     * One pair (rows: ooc image, reference) explained at every node (columns), each node's two maps on
     * one colour scale; with {@code summary}, the node x node matrix of median Spearman below.
     */
    static void agreement(PairPanel p, List<Comparison.Layer> layers, List<AgreementSummaryRow> summary, Path png,
            Path svg) throws IOException {
        int nl = layers.size();
        double img = 78;
        double gap = 4;
        double left = 70;
        double labelW = labelWidth(layers);
        double top = 0.5 * labelW + 34; // the column labels are rotated by 30 degrees
        double matrixCell = 26;
        double matrixH = summary == null ? 0 : 80 + nl * matrixCell + 0.87 * labelW;
        double width = Math.max(left + nl * (img + gap) + 0.87 * labelW, labelW + 20 + nl * matrixCell + 20);
        double height = top + 2 * (img + gap) + 20 + matrixH;
        Figure.write(width, height, c -> {
            c.rect(0, 0, width, height, 0xffffffff, null);
            c.text(8, 16, "neuron " + p.neuron() + ": ooc " + p.oocId() + " and reference " + p.referenceId()
                    + ", explained at each node", TITLE, TEXT);
            for (int l = 0; l < nl; l++) {
                double x = left + l * (img + gap);
                float vmax = SaliencyMaps.jointMax(p.maps()[l][0], p.maps()[l][1]);
                c.text(x + img / 2, top - 4, layers.get(l).ref().label(), SMALL, TEXT, Align.START, VAlign.MIDDLE, -30);
                c.image(HeatMaps.overlay(p.ooc(), p.maps()[l][0], vmax, 0.75f), x, top, img, img);
                c.image(HeatMaps.overlay(p.reference(), p.maps()[l][1], vmax, 0.75f), x, top + img + gap, img, img);
            }
            c.text(left - 6, top + img / 2, "ooc", LABEL, TEXT, Align.END, VAlign.MIDDLE, 0);
            c.text(left - 6, top + img + gap + img / 2, "reference", LABEL, TEXT, Align.END, VAlign.MIDDLE, 0);
            if (summary != null) {
                matrix(c, layers, summary, labelW + 20, top + 2 * (img + gap) + 60, matrixCell);
            }
        }, png, svg);
    }

    /** The symmetric node x node matrix of median Spearman (diagonal 1). */
    private static void matrix(Canvas c, List<Comparison.Layer> layers, List<AgreementSummaryRow> summary, double x0,
            double y0, double cell) {
        int nl = layers.size();
        c.text(8, y0 - 26, "median Spearman of the maps at two nodes (all pairs, both images)", TITLE, TEXT);
        for (int a = 0; a < nl; a++) {
            c.text(x0 - 4, y0 + a * cell + cell / 2, layers.get(a).ref().label(), SMALL, TEXT, Align.END,
                    VAlign.MIDDLE, 0);
            c.text(x0 + a * cell + cell / 2, y0 + nl * cell + 4, layers.get(a).ref().label(), SMALL, TEXT, Align.END,
                    VAlign.MIDDLE, -60);
            for (int b = 0; b < nl; b++) {
                double v = a == b ? 1 : lookup(summary, layers.get(Math.min(a, b)).ref().key(),
                        layers.get(Math.max(a, b)).ref().key());
                c.rect(x0 + b * cell, y0 + a * cell, cell - 1, cell - 1, diverging(v), null);
                c.text(x0 + b * cell + cell / 2, y0 + a * cell + cell / 2, num(v).replace("0.", "."), SMALL,
                        Math.abs(v) > 0.6 ? 0xffffffff : TEXT, Align.MIDDLE, VAlign.MIDDLE, 0);
            }
        }
    }

    private static double lookup(List<AgreementSummaryRow> summary, String a, String b) {
        for (AgreementSummaryRow r : summary) {
            if (r.layerA().equals(a) && r.layerB().equals(b)) {
                return r.medianSpearman();
            }
        }
        return Double.NaN;
    }
}
