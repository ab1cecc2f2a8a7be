package io.github.sharedvis.report;

import io.github.sharedvis.run.RunFiles;
import io.github.sharedvis.run.PairRow;
import io.github.sharedvis.run.NeuronRow;
import io.github.sharedvis.util.FileNames;
import io.github.sharedvis.attribution.SaliencyMaps;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-neuron pair panels in the style of Lappe et al. (NeurIPS 2024) Fig. 4/6: one row per explained
 * pair with the ooc image, its shared-feature heat map, the reference image and its heat map, annotated
 * with recorded and predicted responses and the neuron-specific similarity. The two maps of a pair share
 * one colour scale (their joint maximum), shown by the colour bar at the end of the row, so their
 * magnitudes compare; rows have their own scales. Writes {@code figures/neurons/<name>.{png,svg}}
 * where {@code <name>} is the neuron id made file-safe (see {@link #fileNames}).
 */
public final class PairFigures {

    static final double CELL = 168;
    static final double GAP_IN_PAIR = 6;
    static final double GAP_BETWEEN = 44;
    static final double MARGIN = 18;
    static final double BAR_AREA = 78;
    static final double HEADER = 84;
    static final double ROW_TEXT = 34;
    static final double ROW_GAP = 16;

    private PairFigures() {}

    /**
     * A pair's images, display maps ([H, W], after reduction and smoothing), their shared scale and the
     * overlays (greyscale image with the heat map; null where there is no map), ready to draw.
     */
    record RenderedPair(PairRow row, BufferedImage ooc, BufferedImage reference, float[] oocMap,
            float[] referenceMap, float vmax, BufferedImage oocOverlay, BufferedImage referenceOverlay) {}

    /**
     * Writes the panels of every neuron that has pairs.
     *
     * @param runDir the run directory
     * @throws IOException when the run cannot be read or a file cannot be written
     */
    public static void write(Path runDir) throws IOException {
        RunFiles run = RunFiles.read(runDir);
        FileNames names = fileNames(run);
        for (NeuronRow n : run.neurons()) {
            writeNeuron(run, names, n, renderNeuron(run, n));
        }
    }

    /** Renders all pairs of a neuron (by rank). */
    static List<RenderedPair> renderNeuron(RunFiles run, NeuronRow n) throws IOException {
        List<RenderedPair> rendered = new ArrayList<>();
        MapDisplay display = MapDisplay.of(run);
        for (PairRow p : run.pairsOf(n.neuron())) {
            rendered.add(render(run, display, p));
        }
        return rendered;
    }

    /**
     * Writes one neuron's panel files (nothing when it has no pairs).
     *
     * @return the files written
     */
    static List<Path> writeNeuron(RunFiles run, FileNames names, NeuronRow n, List<RenderedPair> rendered)
            throws IOException {
        if (rendered.isEmpty()) {
            return List.of();
        }
        Path dir = run.dir().resolve("figures").resolve("neurons");
        String stem = names.of(n.neuron());
        write(n, rendered, run, dir.resolve(stem + ".png"), dir.resolve(stem + ".svg"));
        return List.of(dir.resolve(stem + ".png"), dir.resolve(stem + ".svg"));
    }

    /** The file-name stems of a run's neurons (shared by figures and HTML so links agree). */
    static FileNames fileNames(RunFiles run) {
        return new FileNames(run.neurons().stream().map(NeuronRow::neuron).toList());
    }

    /** Loads the images and maps of a pair and computes its shared display scale. */
    static RenderedPair render(RunFiles run, MapDisplay display, PairRow p) throws IOException {
        BufferedImage ooc = run.image(p.oocImage());
        BufferedImage ref = run.image(p.referenceImage());
        float[] mo = p.mapOoc().isEmpty() ? null : display.map(run, p.mapOoc(), ooc.getHeight(), ooc.getWidth());
        float[] mr = p.mapReference().isEmpty() ? null
                : display.map(run, p.mapReference(), ref.getHeight(), ref.getWidth());
        float vmax = SaliencyMaps.jointMax(mo == null ? new float[0] : mo, mr == null ? new float[0] : mr);
        float alpha = display.overlayAlpha();
        return new RenderedPair(p, ooc, ref, mo, mr, vmax, mo == null ? null : HeatMaps.overlay(ooc, mo, vmax, alpha),
                mr == null ? null : HeatMaps.overlay(ref, mr, vmax, alpha));
    }

    /**
     * Draws one neuron's panel.
     *
     * @param neuron the neuron's summary row
     * @param pairs its rendered pairs by rank
     * @param run the run (for the preferred category and display settings)
     * @param png PNG file (null = none)
     * @param svg SVG file (null = none)
     * @throws IOException when a file cannot be written
     */
    static void write(NeuronRow neuron, List<RenderedPair> pairs, RunFiles run, Path png, Path svg)
            throws IOException {
        double width = MARGIN * 2 + 4 * CELL + 2 * GAP_IN_PAIR + GAP_BETWEEN + BAR_AREA;
        double rowH = CELL + ROW_TEXT + ROW_GAP;
        double height = HEADER + pairs.size() * rowH + 26;
        String description = MapDisplay.of(run).describe();
        try {
            Figure.write(width, height, c -> draw(c, neuron, pairs, run, description), png, svg);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void draw(Canvas c, NeuronRow n, List<RenderedPair> pairs, RunFiles run, String mapsDescription) {
        String pref = run.preferredCategory();
        double x0 = MARGIN;
        double xOocMap = x0 + CELL + GAP_IN_PAIR;
        double xRef = xOocMap + CELL + GAP_BETWEEN;
        double xRefMap = xRef + CELL + GAP_IN_PAIR;
        double xBar = xRefMap + CELL + 14;

        c.text(x0, 26, Text.ellipsize("Neuron " + n.neuron(), Style.TITLE, c.width() - 2 * MARGIN, c), Style.TITLE,
                Style.TEXT);
        String stats = "r within (CV) " + Text.num(n.rWithinCv()) + "  ·  r ooc " + Text.num(n.rOoc()) + " (p "
                + (Double.isNaN(n.pOoc()) ? "n/a" : (n.pOoc() < 1e-4 ? "< 1e-4" : "= " + Text.p(n.pOoc()))) + ")"
                + "  ·  reliability " + Text.num(n.reliability()) + "  ·  mean response: " + pref + " "
                + Text.num(n.meanPreferred()) + ", ooc " + Text.num(n.meanOoc());
        c.text(x0, 44, Text.ellipsize(stats, Style.TICK, c.width() - 2 * MARGIN, c), Style.TICK, Style.MUTED);
        c.text(x0, 58, Text.ellipsize("maps: " + mapsDescription + "; the two maps of a row share one"
                + " colour scale", Style.SMALL, c.width() - 2 * MARGIN, c), Style.SMALL, Style.MUTED);
        Canvas.Font head = Canvas.Font.bold(11);
        double hy = HEADER - 8;
        c.text(x0 + CELL / 2, hy, "out-of-category image", head, Style.TEXT, Canvas.Align.MIDDLE, Canvas.VAlign.BASELINE, 0);
        c.text(xOocMap + CELL / 2, hy, "shared features", head, Style.TEXT, Canvas.Align.MIDDLE, Canvas.VAlign.BASELINE, 0);
        c.text(xRef + CELL / 2, hy, Text.ellipsize("reference (" + pref + ")", head, CELL, c), head, Style.TEXT,
                Canvas.Align.MIDDLE, Canvas.VAlign.BASELINE, 0);
        c.text(xRefMap + CELL / 2, hy, "shared features", head, Style.TEXT, Canvas.Align.MIDDLE, Canvas.VAlign.BASELINE, 0);

        double y = HEADER;
        for (RenderedPair rp : pairs) {
            PairRow p = rp.row();
            fit(c, rp.ooc(), x0, y);
            drawMap(c, rp.oocOverlay(), xOocMap, y);
            fit(c, rp.reference(), xRef, y);
            drawMap(c, rp.referenceOverlay(), xRefMap, y);
            // similarity between the two halves of the row
            double mid = xOocMap + CELL + GAP_BETWEEN / 2;
            c.text(mid, y + CELL / 2 - 16, "#" + p.rank(), Canvas.Font.bold(11), Style.TEXT, Canvas.Align.MIDDLE,
                    Canvas.VAlign.MIDDLE, 0);
            c.text(mid, y + CELL / 2 + 2, "sim", Style.SMALL, Style.MUTED, Canvas.Align.MIDDLE, Canvas.VAlign.MIDDLE, 0);
            c.text(mid, y + CELL / 2 + 15, Text.num(p.similarity()), Canvas.Font.bold(10.5), Style.TEXT,
                    Canvas.Align.MIDDLE, Canvas.VAlign.MIDDLE, 0);
            c.line(mid - 14, y + CELL / 2 + 27, mid + 14, y + CELL / 2 + 27, Canvas.Stroke.solid(Style.MUTED, 1));

            double ty = y + CELL + 13;
            double pairW = 2 * CELL + GAP_IN_PAIR;
            c.text(x0, ty, Text.ellipsize(p.oocId() + " (" + p.oocCategory() + ")", Canvas.Font.bold(10), pairW, c),
                    Canvas.Font.bold(10), Style.TEXT);
            c.text(x0, ty + 14, "recorded " + Text.num(p.oocRecorded()) + "   predicted " + Text.num(p.oocPredicted()),
                    Style.SMALL, Style.TEXT);
            c.text(xRef, ty, Text.ellipsize(p.referenceId() + " (" + p.referenceCategory() + ")", Canvas.Font.bold(10),
                    pairW, c), Canvas.Font.bold(10), Style.TEXT);
            c.text(xRef, ty + 14, "recorded " + Text.num(p.referenceRecorded()) + "   predicted "
                    + Text.num(p.referencePredicted()), Style.SMALL, Style.TEXT);
            colorBar(c, xBar, y, 11, CELL, rp.vmax());
            y += CELL + ROW_TEXT + ROW_GAP;
        }
        if (pairs.isEmpty()) {
            c.text(x0, y + 20, "no pairs for this neuron", Style.LABEL, Style.MUTED);
        }
    }

    private static void drawMap(Canvas c, BufferedImage overlay, double x, double y) {
        if (overlay == null) {
            c.rect(x, y, CELL, CELL, Style.rgb(0xf0f0f0), Canvas.Stroke.solid(Style.GRID, 1));
            c.text(x + CELL / 2, y + CELL / 2, "no map", Style.TICK, Style.MUTED, Canvas.Align.MIDDLE,
                    Canvas.VAlign.MIDDLE, 0);
            return;
        }
        fit(c, overlay, x, y);
    }

    /** Draws an image into a CELL x CELL square keeping its aspect ratio, centred (model inputs need not be square). */
    private static void fit(Canvas c, BufferedImage img, double x, double y) {
        double s = Math.min(CELL / img.getWidth(), CELL / img.getHeight());
        double w = img.getWidth() * s;
        double h = img.getHeight() * s;
        c.image(img, x + (CELL - w) / 2, y + (CELL - h) / 2, w, h);
    }

    /** Vertical colour bar for [0, vmax] with nice ticks; vmax ≤ 0 shows a flat bar labelled "0". */
    static void colorBar(Canvas c, double x, double y, double w, double h, float vmax) {
        int steps = 128;
        BufferedImage bar = new BufferedImage(1, steps, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < steps; i++) {
            bar.setRGB(0, steps - 1 - i, ColorMap.colorOf(vmax > 0 ? i / (double) (steps - 1) : 0));
        }
        c.image(bar, x, y, w, h);
        c.rect(x, y, w, h, null, Canvas.Stroke.solid(Style.AXIS, 0.8));
        if (!(vmax > 0)) {
            c.text(x + w + 4, y + h, "0", Style.SMALL, Style.TEXT, Canvas.Align.START, Canvas.VAlign.MIDDLE, 0);
            return;
        }
        // tiny or huge scales (raw gradients are often ~1e-4): factor the power of ten out, as matplotlib does
        int exp = (int) Math.floor(Math.log10(vmax));
        double factor = (exp < -2 || exp > 3) ? Math.pow(10, exp) : 1;
        List<Double> ticks = Axes.Ticks.nice(0, vmax / factor, 4);
        double step = ticks.size() > 1 ? ticks.get(1) - ticks.get(0) : vmax / factor;
        for (double t : ticks) {
            double ty = y + h - t * factor / vmax * h;
            c.line(x + w, ty, x + w + 3, ty, Canvas.Stroke.solid(Style.AXIS, 0.8));
            c.text(x + w + 5, ty, Axes.Ticks.format(t, step), Style.SMALL, Style.TEXT, Canvas.Align.START,
                    Canvas.VAlign.MIDDLE, 0);
        }
        if (factor != 1) {
            c.text(x, y - 6, "×10" + Text.superscript(exp), Style.SMALL, Style.TEXT, Canvas.Align.START,
                    Canvas.VAlign.BASELINE, 0);
        }
    }
}
