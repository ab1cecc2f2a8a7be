package io.github.sharedvis.report;

import io.github.sharedvis.run.RunFiles;
import io.github.sharedvis.run.PairRow;
import io.github.sharedvis.run.NeuronRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The population figures of a run (docs/method.md §5), after Lappe et al. (NeurIPS 2024) Fig. 3:
 * <ul>
 *   <li>{@code figures/fig3a.{png,svg}}: per neuron, Pearson r of the encoding model within the preferred
 *       category (cross-validated) and on the out-of-category images, with the split-half reliability
 *       beside them and the null 95% band of r at each neuron's ooc n; a population panel with means and
 *       95% confidence intervals;</li>
 *   <li>{@code figures/fig3b.{png,svg}}: per neuron, recorded responses to the explained ooc images
 *       against the neuron's mean response to all ooc images and to the preferred category.</li>
 * </ul>
 * Neurons appear in summary.csv order in both figures.
 */
public final class PopulationFigures {

    /** Caption of Fig. 3a, also used by the HTML report and docs. */
    public static final String CAPTION_3A = "Encoding-model accuracy per neuron: Pearson r between predicted and "
            + "recorded responses within the preferred category (cross-validated) and for the out-of-category "
            + "(ooc) images, with the split-half reliability (Spearman–Brown corrected) beside them. Grey band: "
            + "95% interval of r under the null hypothesis ρ = 0 for the neuron's number of ooc images n, "
            + "tanh(±1.96/√(n−3)) via the Fisher z transform. Dashed lines: means over neurons. Right: all "
            + "neurons, mean ± 95% CI (1.96·SEM).";
    /** Caption of Fig. 3b. */
    public static final String CAPTION_3B = "Recorded responses to the explained ooc images (circles, one per "
            + "pair) compared with the neuron's mean response to all ooc images and to all preferred-category "
            + "images. Right: per-neuron means (grey lines) and their population mean (black).";

    private static final double WIDTH = 820;
    private static final double HEIGHT = 486;

    private PopulationFigures() {}

    /**
     * Reads a run directory and writes both figures to {@code runDir/figures/}.
     *
     * @param runDir the run directory
     * @throws IOException when the run cannot be read or a figure cannot be written
     */
    public static void write(Path runDir) throws IOException {
        RunFiles run = RunFiles.read(runDir);
        Path fig = run.dir().resolve("figures");
        fig3a(run.neurons(), fig.resolve("fig3a.png"), fig.resolve("fig3a.svg"));
        fig3b(run.neurons(), run.pairs(), run.preferredCategory(), fig.resolve("fig3b.png"), fig.resolve("fig3b.svg"));
    }

    /**
     * Fig. 3a.
     *
     * @param rows the neurons
     * @param pngOut PNG file (null = none)
     * @param svgOut SVG file (null = none)
     * @throws IOException when a file cannot be written
     */
    public static void fig3a(List<NeuronRow> rows, Path pngOut, Path svgOut) throws IOException {
        double height = HEIGHT;
        Figure.write(WIDTH, height, c -> drawFig3a(c, rows), pngOut, svgOut);
    }

    /**
     * Fig. 3b.
     *
     * @param rows the neurons
     * @param pairs the explained pairs (their ooc_recorded values are plotted)
     * @param preferredCategory name of the preferred category for labels
     * @param pngOut PNG file (null = none)
     * @param svgOut SVG file (null = none)
     * @throws IOException when a file cannot be written
     */
    public static void fig3b(List<NeuronRow> rows, List<PairRow> pairs, String preferredCategory, Path pngOut,
            Path svgOut) throws IOException {
        double height = HEIGHT;
        Figure.write(WIDTH, height, c -> drawFig3b(c, rows, pairs, preferredCategory), pngOut, svgOut);
    }

    // ---- Fig. 3a -------------------------------------------------------------------------------

    /** Half width of the null 95% interval of Pearson r for n samples (Fisher z); NaN when n ≤ 3. */
    static double nullHalfWidth(int n) {
        return n > 3 ? Math.tanh(1.96 / Math.sqrt(n - 3.0)) : Double.NaN;
    }

    private static void drawFig3a(Canvas c, List<NeuronRow> rows) {
        int n = rows.size();
        c.text(16, 24, "a", Canvas.Font.bold(17), Style.TEXT);
        c.text(36, 24, "Prediction accuracy of the encoding models", Style.TITLE, Style.TEXT);
        Metric within = new Metric("r within category (CV)", Marks.Shape.CIRCLE, Style.BLUE, NeuronRow::rWithinCv);
        Metric ooc = new Metric("r out of category", Marks.Shape.SQUARE, Style.VERMILLION, NeuronRow::rOoc);
        Metric rel = new Metric("reliability", Marks.Shape.DIAMOND, Style.GREEN, NeuronRow::reliability);
        List<Metric> metrics = List.of(within, ooc, rel);
        boolean anyReliability = rows.stream().anyMatch(r -> Double.isFinite(r.reliability()));

        double lo = -0.2;
        double hi = 1.0;
        for (NeuronRow r : rows) {
            for (Metric m : metrics) {
                double v = m.get.applyAsDouble(r);
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            double band = nullHalfWidth(r.nOoc());
            if (Double.isFinite(band)) {
                lo = Math.min(lo, -band);
            }
        }
        lo = Math.floor((lo - 0.02) * 10) / 10;

        List<Marks.Entry> legend = new ArrayList<>();
        for (Metric m : metrics) {
            legend.add(new Marks.Entry(m.shape, m.color, m.label));
        }
        legend.add(new Marks.Entry(Marks.Shape.BAND, Style.BAND, "null 95% band of r (ooc n)"));
        legend.add(new Marks.Entry(Marks.Shape.DASH, Style.MUTED, "mean over neurons"));
        Marks.legendRow(c, 64, 48, WIDTH - 80, legend);

        Axes ax = new Axes(c, 64, 82, 520, 250).xlim(0.5, Math.max(1, n) + 0.5).ylim(lo, hi);
        ax.yTicks(6, true);
        ax.hline(0, Canvas.Stroke.solid(Style.MUTED, 0.9));
        double slot = ax.width / Math.max(1, n);
        for (int i = 0; i < n; i++) {
            double band = nullHalfWidth(rows.get(i).nOoc());
            if (Double.isFinite(band)) {
                // the band spans the neuron's slot (a thin gap between neighbours), at most 44 units wide
                double half = Math.min(22, slot / 2 - Math.min(1, slot * 0.08));
                double x0 = ax.px(i + 1) - half;
                double x1 = ax.px(i + 1) + half;
                c.rect(x0, ax.py(band), x1 - x0, ax.py(-band) - ax.py(band), Style.withAlpha(Style.BAND, 0.85), null);
            }
        }
        for (Metric m : metrics) {
            double mean = mean(rows, m.get);
            if (Double.isFinite(mean)) {
                ax.hline(mean, Canvas.Stroke.dashed(m.color, 1.2, 5));
            }
        }
        double offset = slot >= 18 ? Math.min(0.24, 7 / slot) : 0;
        double size = Math.max(4, Math.min(8, slot * 0.35));
        for (int i = 0; i < n; i++) {
            NeuronRow r = rows.get(i);
            for (int k = 0; k < metrics.size(); k++) {
                double v = metrics.get(k).get.applyAsDouble(r);
                if (Double.isFinite(v)) {
                    Marks.marker(c, metrics.get(k).shape, ax.px(i + 1 + (k - 1) * offset), ax.py(v), size,
                            metrics.get(k).color);
                }
            }
        }
        ax.spines();
        ax.yLabel("Pearson r  /  reliability", 44);
        List<String> labels = rows.stream().map(NeuronRow::neuron).toList();
        double labelsEnd = ax.categoryTicks(labels, 70);
        if (n == 0) {
            c.text(ax.left + ax.width / 2, ax.top + ax.height / 2, "no neurons in summary.csv", Style.LABEL,
                    Style.MUTED, Canvas.Align.MIDDLE, Canvas.VAlign.MIDDLE, 0);
        }
        c.text(ax.left + ax.width / 2, labelsEnd + 16, "neuron", Style.LABEL, Style.TEXT, Canvas.Align.MIDDLE,
                Canvas.VAlign.BASELINE, 0);

        // population panel
        Axes pop = new Axes(c, 650, 82, 150, 250).xlim(0.4, 3.6).ylim(lo, hi);
        pop.yTicks(6, true);
        pop.hline(0, Canvas.Stroke.solid(Style.MUTED, 0.9));
        for (int k = 0; k < metrics.size(); k++) {
            Metric m = metrics.get(k);
            List<Double> vals = finite(rows, m.get);
            for (int i = 0; i < vals.size(); i++) {
                double jitter = (((i * 0.6180339887) % 1.0) - 0.5) * 0.5;
                Marks.marker(c, m.shape, pop.px(k + 1 + jitter), pop.py(vals.get(i)), 5,
                        Style.withAlpha(m.color, 0.55));
            }
            double mean = mean(rows, m.get);
            if (Double.isFinite(mean)) {
                double ci = vals.size() > 1 ? 1.96 * sd(vals) / Math.sqrt(vals.size()) : 0;
                Marks.errorBar(c, pop.px(k + 1), pop.py(Math.max(lo, mean - ci)), pop.py(Math.min(hi, mean + ci)),
                        6, Style.BLACK);
                c.line(pop.px(k + 1) - 12, pop.py(mean), pop.px(k + 1) + 12, pop.py(mean),
                        Canvas.Stroke.solid(Style.BLACK, 2.4));
            }
        }
        pop.spines();
        String[] names = {"within (CV)", "ooc", "reliability"};
        for (int k = 0; k < 3; k++) {
            c.text(pop.px(k + 1) + 3, pop.bottom() + 8, names[k], Style.TICK, Style.TEXT, Canvas.Align.END,
                    Canvas.VAlign.MIDDLE, -50);
        }
        pop.title("all " + n + " neurons");

        double y = HEIGHT - 12 - 13;
        String note = "Grey band: r under the null ρ = 0 at the neuron's ooc n, tanh(±1.96/√(n−3)) (Fisher z)."
                + " Population: mean ± 1.96 SEM." + (anyReliability ? "" : " No repeats: reliability n/a.");
        for (String line : Marks.wrap(c, note, Style.SMALL, WIDTH - 40)) {
            c.text(20, y, line, Style.SMALL, Style.MUTED);
            y += 13;
        }
    }

    // ---- Fig. 3b -------------------------------------------------------------------------------

    private static void drawFig3b(Canvas c, List<NeuronRow> rows, List<PairRow> pairs, String preferred) {
        int n = rows.size();
        Map<String, List<Double>> explained = new LinkedHashMap<>();
        for (NeuronRow r : rows) {
            explained.put(r.neuron(), new ArrayList<>());
        }
        for (PairRow p : pairs) {
            List<Double> l = explained.get(p.neuron());
            if (l != null && Double.isFinite(p.oocRecorded())) {
                l.add(p.oocRecorded());
            }
        }
        c.text(16, 24, "b", Canvas.Font.bold(17), Style.TEXT);
        c.text(36, 24, "Responses to the explained out-of-category images", Style.TITLE, Style.TEXT);

        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (NeuronRow r : rows) {
            for (double v : new double[] {r.meanOoc(), r.meanPreferred()}) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            for (double v : explained.get(r.neuron())) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!Double.isFinite(lo)) {
            lo = 0;
            hi = 1;
        }
        lo = Math.min(0, lo);
        double pad = 0.06 * (hi - lo == 0 ? 1 : hi - lo);
        hi += pad;
        if (lo < 0) {
            lo -= pad;
        }

        String pref = preferred == null || preferred.isBlank() ? "preferred" : preferred;
        List<Marks.Entry> legend = List.of(
                new Marks.Entry(Marks.Shape.OPEN_CIRCLE, Style.VERMILLION, "explained ooc images (recorded)"),
                new Marks.Entry(Marks.Shape.HBAR, Style.ORANGE, "mean response to all ooc images"),
                new Marks.Entry(Marks.Shape.HBAR, Style.BLUE, "mean response to " + pref + " images"));
        Marks.legendRow(c, 64, 48, WIDTH - 80, legend);

        Axes ax = new Axes(c, 64, 82, 520, 250).xlim(0.5, Math.max(1, n) + 0.5).ylim(lo, hi);
        ax.yTicks(6, true);
        if (lo < 0) {
            ax.hline(0, Canvas.Stroke.solid(Style.MUTED, 0.9));
        }
        double slot = ax.width / Math.max(1, n);
        double half = Math.min(14, slot * 0.36);
        for (int i = 0; i < n; i++) {
            NeuronRow r = rows.get(i);
            double x = ax.px(i + 1);
            if (Double.isFinite(r.meanOoc())) {
                c.line(x - half, ax.py(r.meanOoc()), x + half, ax.py(r.meanOoc()), Canvas.Stroke.solid(Style.ORANGE, 2.6));
            }
            if (Double.isFinite(r.meanPreferred())) {
                c.line(x - half, ax.py(r.meanPreferred()), x + half, ax.py(r.meanPreferred()),
                        Canvas.Stroke.solid(Style.BLUE, 2.6));
            }
            List<Double> vals = explained.get(r.neuron());
            for (int k = 0; k < vals.size(); k++) {
                double jitter = vals.size() > 1 ? (k / (double) (vals.size() - 1) - 0.5) * half : 0;
                Marks.marker(c, Marks.Shape.OPEN_CIRCLE, x + jitter, ax.py(vals.get(k)), Math.max(4, Math.min(7, slot * 0.3)),
                        Style.VERMILLION);
            }
        }
        ax.spines();
        ax.yLabel("recorded response", 48);
        double labelsEnd = ax.categoryTicks(rows.stream().map(NeuronRow::neuron).toList(), 70);
        if (n == 0) {
            c.text(ax.left + ax.width / 2, ax.top + ax.height / 2, "no neurons in summary.csv", Style.LABEL,
                    Style.MUTED, Canvas.Align.MIDDLE, Canvas.VAlign.MIDDLE, 0);
        }
        c.text(ax.left + ax.width / 2, labelsEnd + 16, "neuron", Style.LABEL, Style.TEXT, Canvas.Align.MIDDLE,
                Canvas.VAlign.BASELINE, 0);

        // paired population panel: mean ooc -> mean of explained ooc -> mean preferred, one line per neuron
        Axes pop = new Axes(c, 650, 82, 150, 250).xlim(0.5, 3.5).ylim(lo, hi);
        pop.yTicks(6, true);
        double[] sums = new double[3];
        int[] counts = new int[3];
        for (NeuronRow r : rows) {
            double[] v = {r.meanOoc(), mean(explained.get(r.neuron())), r.meanPreferred()};
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                if (Double.isFinite(v[k])) {
                    xs.add(pop.px(k + 1));
                    ys.add(pop.py(v[k]));
                    sums[k] += v[k];
                    counts[k]++;
                }
            }
            if (xs.size() > 1) {
                c.polyline(xs.stream().mapToDouble(Double::doubleValue).toArray(),
                        ys.stream().mapToDouble(Double::doubleValue).toArray(),
                        Canvas.Stroke.solid(Style.withAlpha(Style.GREY, 0.5), 1));
            }
        }
        List<Double> mx = new ArrayList<>();
        List<Double> my = new ArrayList<>();
        int[] colors = {Style.ORANGE, Style.VERMILLION, Style.BLUE};
        for (int k = 0; k < 3; k++) {
            if (counts[k] > 0) {
                mx.add(pop.px(k + 1));
                my.add(pop.py(sums[k] / counts[k]));
            }
        }
        if (mx.size() > 1) {
            c.polyline(mx.stream().mapToDouble(Double::doubleValue).toArray(),
                    my.stream().mapToDouble(Double::doubleValue).toArray(), Canvas.Stroke.solid(Style.BLACK, 2.2));
        }
        for (int k = 0; k < 3; k++) {
            if (counts[k] > 0) {
                Marks.marker(c, Marks.Shape.CIRCLE, pop.px(k + 1), pop.py(sums[k] / counts[k]), 9, colors[k]);
            }
        }
        pop.spines();
        String[] names = {"all ooc", "explained ooc", pref};
        for (int k = 0; k < 3; k++) {
            c.text(pop.px(k + 1) + 3, pop.bottom() + 8, Text.ellipsize(names[k], Style.TICK, 80, c), Style.TICK,
                    Style.TEXT, Canvas.Align.END, Canvas.VAlign.MIDDLE, -50);
        }
        pop.title("per-neuron means");

        double y = HEIGHT - 12;
        c.text(20, y, "Circles: recorded response to each explained ooc image (top-k by response). Bars: the neuron's"
                + " mean recorded response.", Style.SMALL, Style.MUTED);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private record Metric(String label, Marks.Shape shape, int color, ToDoubleFunction<NeuronRow> get) {}

    private static List<Double> finite(List<NeuronRow> rows, ToDoubleFunction<NeuronRow> f) {
        List<Double> out = new ArrayList<>();
        for (NeuronRow r : rows) {
            double v = f.applyAsDouble(r);
            if (Double.isFinite(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static double mean(List<NeuronRow> rows, ToDoubleFunction<NeuronRow> f) {
        return mean(finite(rows, f));
    }

    private static double mean(List<Double> vals) {
        if (vals.isEmpty()) {
            return Double.NaN;
        }
        double s = 0;
        for (double v : vals) {
            s += v;
        }
        return s / vals.size();
    }

    private static double sd(List<Double> vals) {
        double m = mean(vals);
        double s = 0;
        for (double v : vals) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (vals.size() - 1));
    }
}
