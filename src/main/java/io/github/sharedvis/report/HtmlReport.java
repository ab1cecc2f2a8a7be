package io.github.sharedvis.report;

import io.github.sharedvis.run.RunFiles;
import io.github.sharedvis.run.PairRow;
import io.github.sharedvis.run.NeuronRow;
import io.github.sharedvis.util.FileNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sharedvis.util.AtomicFiles;
import io.github.sharedvis.util.OutputPruning;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The static HTML report of a run: {@code report/index.html} (run settings, population figures and a
 * sortable table of neurons) and one page per neuron, {@code report/neurons/<name>.html}, with its pairs
 * (images and heat-map overlays, a switch that shows and hides the maps). Everything it links lies under
 * {@code report/} with relative URLs, so the folder opens from {@code file://} without a server and can be
 * copied elsewhere whole; nothing is fetched from the network.
 *
 * <p>Call {@link PopulationFigures#write} and {@link PairFigures#write} first (as {@link Report#write}
 * does): the report copies their PNG/SVG files into {@code report/assets/} when they exist.
 */
public final class HtmlReport {

    private static final String CSS = "report.css";
    private static final String JS = "report.js";

    private HtmlReport() {}

    /** Columns of the neuron table: header, tooltip, value. */
    private record Column(String header, String title, java.util.function.Function<NeuronRow, Double> value,
            boolean pValue) {
        /** Noise-ceiling normalised scores are clipped to [0, 1] for display only (docs/method.md §2). */
        boolean clipped() {
            return header.startsWith("r²/rel");
        }
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("n pref", "preferred-category images the readout was fitted on", r -> (double) r.nPreferred(), false),
            new Column("n ooc", "out-of-category images", r -> (double) r.nOoc(), false),
            new Column("α", "ridge penalty chosen by cross-validation", NeuronRow::alpha, false),
            new Column("r within (CV)", "Pearson r of cross-validated predictions within the preferred category",
                    NeuronRow::rWithinCv, false),
            new Column("r ooc", "Pearson r of predictions on the out-of-category images", NeuronRow::rOoc, false),
            new Column("p ooc", "p-value of r ooc", NeuronRow::pOoc, true),
            new Column("reliability", "split-half reliability, Spearman–Brown corrected (n/a without repeats)",
                    NeuronRow::reliability, false),
            new Column("r²/rel within", "within-category r² / reliability (noise-ceiling normalised; shown clipped to [0, 1])",
                    NeuronRow::r2WithinNorm, false),
            new Column("r²/rel ooc", "ooc r² / reliability (noise-ceiling normalised; shown clipped to [0, 1])",
                    NeuronRow::r2OocNorm, false),
            new Column("mean pref", "mean recorded response to preferred-category images", NeuronRow::meanPreferred, false),
            new Column("mean ooc", "mean recorded response to out-of-category images", NeuronRow::meanOoc, false));

    /**
     * Writes the report of a run directory.
     *
     * @param runDir the run directory
     * @throws IOException when the run cannot be read or a file cannot be written
     */
    public static void write(Path runDir) throws IOException {
        RunFiles run = RunFiles.read(runDir);
        Writer w = new Writer(run);
        for (int i = 0; i < run.neurons().size(); i++) {
            w.neuron(i, PairFigures.renderNeuron(run, run.neurons().get(i)));
        }
        w.finish();
    }

    /**
     * Writes the report in steps, so that {@link Report} can render each neuron's pairs once for both the
     * figures and the pages: construct (shared assets), {@link #neuron} for every neuron, {@link #finish}.
     */
    static final class Writer {
        private final RunFiles run;
        private final Path report;
        private final Path assets;
        private final FileNames neuronNames;
        private final Map<String, String> imageAsset = new LinkedHashMap<>();
        /** Every file this report wrote under report/: the rest is left over from an earlier run. */
        private final Set<Path> written = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Writer(RunFiles run) throws IOException {
            this.run = run;
            this.report = run.dir().resolve("report");
            this.assets = report.resolve("assets");
            this.neuronNames = PairFigures.fileNames(run);
            copyResource(CSS, mark(assets.resolve(CSS)));
            copyResource(JS, mark(assets.resolve(JS)));
            writeColorBar(mark(assets.resolve("colorbar.png")));
            // images are shared between neurons: one asset per source file
            Set<String> imagePaths = new LinkedHashSet<>();
            for (PairRow p : run.pairs()) {
                imagePaths.add(p.oocImage());
                imagePaths.add(p.referenceImage());
            }
            FileNames imageNames = FileNames.forPaths(imagePaths);
            for (String rel : imagePaths) {
                String lower = rel.toLowerCase(java.util.Locale.ROOT);
                String ext = lower.endsWith(".jpg") || lower.endsWith(".jpeg") ? ".jpg" : ".png";
                String name = imageNames.of(rel) + ext;
                Path source = run.resolve(rel);
                if (!Files.isRegularFile(source)) {
                    run.image(rel); // throws the explanatory error
                }
                copy(source, mark(assets.resolve("images").resolve(name)));
                imageAsset.put(rel, name);
            }
        }

        /**
         * Writes the page of neuron {@code index} (summary order) and its map overlays.
         *
         * @param index position of the neuron in {@link RunFiles#neurons()}
         * @param rendered its rendered pairs by rank
         */
        void neuron(int index, List<PairFigures.RenderedPair> rendered) throws IOException {
            List<NeuronRow> neurons = run.neurons();
            NeuronRow n = neurons.get(index);
            String stem = neuronNames.of(n.neuron());
            List<PairView> views = new ArrayList<>();
            Path mapDir = assets.resolve("maps").resolve(stem);
            for (PairFigures.RenderedPair rp : rendered) {
                PairRow p = rp.row();
                String oocMap = null;
                String refMap = null;
                if (rp.oocOverlay() != null) {
                    oocMap = p.rank() + "_ooc.png";
                    writePng(rp.oocOverlay(), mark(mapDir.resolve(oocMap)));
                }
                if (rp.referenceOverlay() != null) {
                    refMap = p.rank() + "_reference.png";
                    writePng(rp.referenceOverlay(), mark(mapDir.resolve(refMap)));
                }
                views.add(new PairView(p, imageAsset.get(p.oocImage()), imageAsset.get(p.referenceImage()), oocMap,
                        refMap, rp.vmax()));
            }
            String prev = index > 0 ? neuronNames.of(neurons.get(index - 1).neuron()) : null;
            String next = index + 1 < neurons.size() ? neuronNames.of(neurons.get(index + 1).neuron()) : null;
            AtomicFiles.writeString(mark(report.resolve("neurons").resolve(stem + ".html")),
                    neuronPage(run, n, stem, views, prev, next));
        }

        /** Copies the population figures (when written) and writes index.html. */
        void finish() throws IOException {
            Map<String, String> figures = new LinkedHashMap<>();
            for (String f : List.of("fig3a", "fig3b")) {
                Path png = run.dir().resolve("figures").resolve(f + ".png");
                Path svg = run.dir().resolve("figures").resolve(f + ".svg");
                if (Files.isRegularFile(png)) {
                    copy(png, mark(assets.resolve(f + ".png")));
                    if (Files.isRegularFile(svg)) {
                        copy(svg, mark(assets.resolve(f + ".svg")));
                    }
                    figures.put(f, f.equals("fig3a") ? PopulationFigures.CAPTION_3A : PopulationFigures.CAPTION_3B);
                }
            }
            AtomicFiles.writeString(mark(report.resolve("index.html")), indexPage(run, neuronNames, figures));
            OutputPruning.keepOnly(report, written, f -> true);
        }

        private Path mark(Path file) {
            written.add(file.normalize());
            return file;
        }
    }

    /** What a neuron page shows of one pair (asset file names, null when absent). */
    private record PairView(PairRow row, String oocImage, String referenceImage, String oocMap, String referenceMap,
            float vmax) {}

    // ---- pages ---------------------------------------------------------------------------------

    private static String head(String title, String prefix) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + Html.escape(title) + "</title>\n"
                // an empty data: icon stops the browser from asking for favicon.ico next to the page
                + "<link rel=\"icon\" href=\"data:,\">\n"
                + "<link rel=\"stylesheet\" href=\"" + prefix + Html.url("assets", CSS) + "\">\n"
                + "<script src=\"" + prefix + Html.url("assets", JS) + "\" defer></script>\n"
                + "</head>\n";
    }

    static String indexPage(RunFiles run, FileNames names, Map<String, String> figures) throws IOException {
        StringBuilder h = new StringBuilder(head("sharedvis report", ""));
        h.append("<body>\n<header><h1>sharedvis report</h1>\n<p class=\"sub\">Shared-feature visualization by parallel"
                + " backpropagation (Lappe et al., NeurIPS 2024). Preferred category: <b>")
                .append(Html.escape(run.preferredCategory())).append("</b> · ").append(run.neurons().size())
                .append(" neurons · ").append(run.pairs().size()).append(" explained pairs · maps: ")
                .append(Html.escape(MapDisplay.of(run).describe())).append("</p>\n</header>\n<main>\n");

        if (!figures.isEmpty()) {
            h.append("<section id=\"population\"><h2>Population</h2>\n");
            for (Map.Entry<String, String> f : figures.entrySet()) {
                String png = Html.url("assets", f.getKey() + ".png");
                String svg = Html.url("assets", f.getKey() + ".svg");
                h.append("<figure class=\"popfig\"><a href=\"").append(svg).append("\"><img src=\"").append(png)
                        .append("\" alt=\"").append(f.getKey().equals("fig3a") ? "Fig. 3a" : "Fig. 3b")
                        .append("\"></a><figcaption><b>").append(f.getKey().equals("fig3a") ? "Fig. 3a." : "Fig. 3b.")
                        .append("</b> ").append(Html.escape(f.getValue())).append(" <a href=\"").append(svg)
                        .append("\">SVG</a></figcaption></figure>\n");
            }
            h.append("</section>\n");
        }

        h.append("<section id=\"neurons\"><h2>Neurons</h2>\n<p class=\"hint\">Click a column header to sort"
                + " (again to reverse); n/a values stay last. Click a neuron to see its pairs.</p>\n");
        h.append("<table class=\"sortable\" id=\"neuron-table\">\n<thead><tr>");
        h.append("<th data-type=\"text\" aria-sort=\"none\"><button type=\"button\">neuron</button></th>");
        h.append("<th data-type=\"num\" aria-sort=\"none\" title=\"explained pairs\"><button type=\"button\">pairs</button></th>");
        for (Column c : COLUMNS) {
            h.append("<th data-type=\"num\" aria-sort=\"none\" title=\"").append(Html.escape(c.title()))
                    .append("\"><button type=\"button\">").append(Html.escape(c.header())).append("</button></th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (NeuronRow n : run.neurons()) {
            String href = Html.url("neurons", names.of(n.neuron()) + ".html");
            h.append("<tr><td data-v=\"").append(Html.escape(n.neuron())).append("\"><a href=\"").append(href)
                    .append("\">").append(Html.escape(n.neuron())).append("</a></td>");
            int np = run.pairsOf(n.neuron()).size();
            h.append("<td data-v=\"").append(np).append("\">").append(np).append("</td>");
            for (Column c : COLUMNS) {
                double v = c.value().apply(n);
                String shown = c.pValue() ? Text.p(v) : (c.header().startsWith("n ") ? String.valueOf((long) v) : Text.num(v));
                String tip = "";
                if (c.clipped() && Double.isFinite(v) && (v < 0 || v > 1)) {
                    shown = Text.num(Math.max(0, Math.min(1, v)));
                    tip = " title=\"clipped for display; value " + Html.escape(Text.num(v)) + "\"";
                }
                // data-v keeps the unclipped value: sorting uses the numbers in summary.csv
                h.append("<td data-v=\"").append(Double.isFinite(v) ? Double.toString(v) : "").append("\"")
                        .append(Double.isFinite(v) ? "" : " class=\"na\"").append(tip).append('>')
                        .append(Html.escape(shown)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");

        JsonNode config = run.runJson().path("config");
        if (!config.isMissingNode()) {
            h.append("<section id=\"run\"><h2>Run settings</h2><details><summary>config from run.json</summary><pre>");
            try {
                h.append(Html.escape(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(config)));
            } catch (IOException e) {
                h.append(Html.escape(config.toString()));
            }
            h.append("</pre></details></section>\n");
        }
        h.append("</main>\n<footer>Written by sharedvis. Files of the run directory: see docs/outputs.md of the"
                + " project.</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    private static String neuronPage(RunFiles run, NeuronRow n, String stem, List<PairView> views,
            String prev, String next) throws IOException {
        String up = "../";
        StringBuilder h = new StringBuilder(head("Neuron " + n.neuron() + " · sharedvis", up));
        h.append("<body class=\"neuron\">\n<nav><a href=\"../index.html\">← all neurons</a>");
        if (prev != null) {
            h.append(" · <a rel=\"prev\" href=\"").append(Html.url(prev + ".html")).append("\">previous</a>");
        }
        if (next != null) {
            h.append(" · <a rel=\"next\" href=\"").append(Html.url(next + ".html")).append("\">next</a>");
        }
        h.append("</nav>\n<header><h1>Neuron <span class=\"id\">").append(Html.escape(n.neuron()))
                .append("</span></h1>\n<p class=\"sub\">r within (CV) <b>").append(Text.num(n.rWithinCv()))
                .append("</b> · r ooc <b>").append(Text.num(n.rOoc())).append("</b> (p ")
                .append(Html.escape(Text.p(n.pOoc()))).append(") · reliability <b>").append(Text.num(n.reliability()))
                .append("</b> · mean response: ").append(Html.escape(run.preferredCategory())).append(' ')
                .append(Text.num(n.meanPreferred())).append(", ooc ").append(Text.num(n.meanOoc())).append(" · n ")
                .append(n.nPreferred()).append(" preferred / ").append(n.nOoc()).append(" ooc images</p>\n</header>\n");
        h.append("<main>\n<div class=\"controls\"><label><input type=\"checkbox\" id=\"show-maps\" checked>"
                + " show heat maps</label> <span class=\"hint\">(")
                .append(Html.escape(MapDisplay.of(run).describe()))
                .append("; the two maps of a pair share one colour scale)</span></div>\n");
        if (views.isEmpty()) {
            h.append("<p class=\"empty\">No pairs were explained for this neuron.</p>\n");
        }
        for (PairView v : views) {
            PairRow p = v.row();
            h.append("<section class=\"pair\" id=\"pair-").append(p.rank()).append("\">\n<h2>#").append(p.rank())
                    .append(" <span class=\"sim\">similarity ").append(Text.num(p.similarity())).append("</span></h2>\n")
                    .append("<div class=\"row\">\n");
            h.append(cell("out-of-category", p.oocId(), p.oocCategory(), p.oocRecorded(), p.oocPredicted(),
                    v.oocImage(), v.oocMap(), stem));
            h.append(cell("reference", p.referenceId(), p.referenceCategory(), p.referenceRecorded(),
                    p.referencePredicted(), v.referenceImage(), v.referenceMap(), stem));
            h.append("<div class=\"scale\"><img class=\"bar\" src=\"").append(up).append(Html.url("assets", "colorbar.png"))
                    .append("\" alt=\"colour scale\"><div class=\"ticks\"><span>")
                    .append(Html.escape(Text.num(v.vmax()))).append("</span><span>0</span></div>"
                            + "<div class=\"cap\">shared scale</div></div>\n");
            h.append("</div>\n</section>\n");
        }
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static String cell(String role, String id, String category, double recorded, double predicted, String image,
            String map, String stem) {
        StringBuilder h = new StringBuilder();
        h.append("<figure class=\"cell ").append(role.equals("reference") ? "ref" : "ooc").append("\">\n<div class=\"stack\">");
        h.append("<img class=\"plain\" src=\"../").append(Html.url("assets", "images", image)).append("\" alt=\"")
                .append(Html.escape(role + " image " + id)).append("\">");
        if (map != null) {
            h.append("<img class=\"heat\" src=\"../").append(Html.url("assets", "maps", stem, map)).append("\" alt=\"")
                    .append(Html.escape("heat map of " + id)).append("\">");
        } else {
            h.append("<span class=\"nomap\">no map</span>");
        }
        h.append("</div>\n<figcaption><span class=\"role\">").append(Html.escape(role)).append("</span> <b>")
                .append(Html.escape(id)).append("</b> (").append(Html.escape(category)).append(")<br>recorded ")
                .append(Text.num(recorded)).append(" · predicted ").append(Text.num(predicted))
                .append("</figcaption>\n</figure>\n");
        return h.toString();
    }

    // ---- files ---------------------------------------------------------------------------------

    private static void writeColorBar(Path file) throws IOException {
        int w = 16;
        int h = 256;
        BufferedImage bar = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            int c = ColorMap.colorOf(1 - y / (double) (h - 1));
            for (int x = 0; x < w; x++) {
                bar.setRGB(x, y, c);
            }
        }
        writePng(bar, file);
    }

    private static void writePng(BufferedImage img, Path file) throws IOException {
        AtomicFiles.write(file, out -> PngEncoder.write(img, out));
    }

    private static void copy(Path from, Path to) throws IOException {
        AtomicFiles.write(to, out -> Files.copy(from, out));
    }

    private static void copyResource(String name, Path to) throws IOException {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " missing from the sharedvis jar");
            }
            byte[] bytes = in.readAllBytes();
            AtomicFiles.write(to, out -> out.write(bytes));
        }
    }
}
