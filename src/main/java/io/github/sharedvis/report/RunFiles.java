package io.github.sharedvis.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.sharedvis.attribution.ChannelReduction;
import io.github.sharedvis.attribution.SaliencyMaps;
import io.github.sharedvis.data.Npy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a run directory written by the pipeline (the file contract in {@code docs/outputs.md}):
 * {@code summary.csv} (required), {@code pairs.csv} and {@code run.json} (optional; missing keys take
 * defaults), and the images and raw maps that pairs.csv points to.
 */
public final class RunFiles {

    /** Columns of summary.csv, in the contract's order. */
    public static final List<String> SUMMARY_COLUMNS = List.of("neuron", "n_preferred", "n_ooc", "alpha",
            "r_within_cv", "r_ooc", "p_ooc", "reliability", "r2_within_norm", "r2_ooc_norm", "mean_preferred",
            "mean_ooc");
    /** Columns of pairs.csv, in the contract's order. */
    public static final List<String> PAIR_COLUMNS = List.of("neuron", "rank", "ooc_id", "ooc_category",
            "ooc_image", "reference_id", "reference_category", "reference_image", "similarity", "ooc_recorded",
            "ooc_predicted", "reference_recorded", "reference_predicted", "map_ooc", "map_reference");

    /**
     * Display settings from {@code run.json} → {@code config.display}.
     *
     * @param reduction channel reduction of the raw maps ({@code reduction}, default positive)
     * @param smoothingSigma Gaussian smoothing in pixels ({@code smoothing_sigma}, default 0)
     * @param overlayAlpha opacity of the strongest map value over the image ({@code overlay_alpha}, default 0.75)
     */
    public record Display(ChannelReduction reduction, double smoothingSigma, float overlayAlpha) {
        /** The defaults used when run.json does not say. */
        public static final Display DEFAULT = new Display(ChannelReduction.POSITIVE, 0.0, 0.75f);

        /** @return a human-readable description, e.g. "positive part of the channel sum, σ = 2 px" */
        public String describe() {
            String r = switch (reduction) {
                case POSITIVE -> "positive part of the channel sum";
                case ABS -> "absolute value of the channel sum";
                case L2 -> "L2 norm over channels";
            };
            return r + (smoothingSigma > 0 ? ", Gaussian smoothing σ = " + Text.compact(smoothingSigma, 4) + " px"
                    : ", no smoothing");
        }
    }

    private final Path dir;
    private final List<NeuronRow> neurons;
    private final List<PairRow> pairs;
    private final Map<String, List<PairRow>> pairsByNeuron;
    private final JsonNode run;
    private final Display display;
    private final String preferredCategory;

    private RunFiles(Path dir, List<NeuronRow> neurons, List<PairRow> pairs, JsonNode run, Display display,
            String preferredCategory) {
        this.dir = dir;
        this.neurons = List.copyOf(neurons);
        this.pairs = List.copyOf(pairs);
        Map<String, List<PairRow>> by = new LinkedHashMap<>();
        for (NeuronRow n : neurons) {
            by.put(n.neuron(), new ArrayList<>());
        }
        for (PairRow p : pairs) {
            by.get(p.neuron()).add(p);
        }
        by.replaceAll((k, v) -> {
            v.sort(Comparator.comparingInt(PairRow::rank));
            return List.copyOf(v);
        });
        this.pairsByNeuron = Collections.unmodifiableMap(by);
        this.run = run;
        this.display = display;
        this.preferredCategory = preferredCategory;
    }

    /**
     * Reads the tables and settings of a run directory (images and maps are read on demand).
     *
     * @param runDir the run directory
     * @return its contents
     * @throws IOException when summary.csv is missing or a file is malformed; the message names the file,
     *     line and field
     */
    public static RunFiles read(Path runDir) throws IOException {
        Path dir = runDir.toAbsolutePath().normalize();
        Path summary = dir.resolve("summary.csv");
        if (!Files.isRegularFile(summary)) {
            throw new IOException(summary + " not found; pass the run directory written by the pipeline"
                    + " (it holds summary.csv, pairs.csv and run.json)");
        }
        List<NeuronRow> neurons = readSummary(summary);
        Path pairsFile = dir.resolve("pairs.csv");
        List<PairRow> pairs = Files.isRegularFile(pairsFile) ? readPairs(pairsFile) : List.of();
        Set<String> known = new HashSet<>();
        for (NeuronRow n : neurons) {
            known.add(n.neuron());
        }
        for (PairRow p : pairs) {
            if (!known.contains(p.neuron())) {
                throw new IOException(pairsFile + ": neuron '" + p.neuron() + "' (rank " + p.rank()
                        + ") has no row in summary.csv; every neuron with pairs needs a summary row");
            }
        }
        Path runJson = dir.resolve("run.json");
        JsonNode run = MissingNode.getInstance();
        if (Files.isRegularFile(runJson)) {
            try {
                run = new ObjectMapper().readTree(runJson.toFile());
            } catch (IOException e) {
                throw new IOException(runJson + ": not valid JSON (" + e.getMessage() + ")", e);
            }
        }
        Display display = readDisplay(run, runJson);
        JsonNode pc = run.path("preferred_category");
        String preferred = pc.isTextual() ? pc.asText() : "preferred";
        return new RunFiles(dir, neurons, pairs, run, display, preferred);
    }

    private static Display readDisplay(JsonNode run, Path file) throws IOException {
        JsonNode d = run.path("config").path("display");
        Display def = Display.DEFAULT;
        ChannelReduction r = def.reduction();
        if (d.hasNonNull("reduction")) {
            try {
                r = ChannelReduction.parse(d.get("reduction").asText());
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": config.display.reduction: " + e.getMessage(), e);
            }
        }
        double sigma = def.smoothingSigma();
        if (d.hasNonNull("smoothing_sigma")) {
            sigma = d.get("smoothing_sigma").asDouble(Double.NaN);
            if (!(sigma >= 0) || Double.isInfinite(sigma)) {
                throw new IOException(file + ": config.display.smoothing_sigma must be a number >= 0 (pixels), got "
                        + d.get("smoothing_sigma"));
            }
        }
        float alpha = def.overlayAlpha();
        if (d.hasNonNull("overlay_alpha")) {
            alpha = (float) d.get("overlay_alpha").asDouble(Double.NaN);
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new IOException(file + ": config.display.overlay_alpha must be in [0, 1], got "
                        + d.get("overlay_alpha"));
            }
        }
        return new Display(r, sigma, alpha);
    }

    private static List<NeuronRow> readSummary(Path file) throws IOException {
        List<NeuronRow> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (Table t = Table.open(file, SUMMARY_COLUMNS)) {
            for (CSVRecord rec : t.parser) {
                String neuron = t.text(rec, "neuron");
                if (neuron.isEmpty()) {
                    throw t.error(rec, "neuron", "is empty; every row needs a neuron id");
                }
                if (!seen.add(neuron)) {
                    throw t.error(rec, "neuron", "'" + neuron + "' appears twice; neuron ids must be unique");
                }
                out.add(new NeuronRow(neuron, t.integer(rec, "n_preferred"), t.integer(rec, "n_ooc"),
                        t.number(rec, "alpha"), t.number(rec, "r_within_cv"), t.number(rec, "r_ooc"),
                        t.number(rec, "p_ooc"), t.number(rec, "reliability"), t.number(rec, "r2_within_norm"),
                        t.number(rec, "r2_ooc_norm"), t.number(rec, "mean_preferred"), t.number(rec, "mean_ooc")));
            }
        }
        return out;
    }

    private static List<PairRow> readPairs(Path file) throws IOException {
        List<PairRow> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (Table t = Table.open(file, PAIR_COLUMNS)) {
            for (CSVRecord rec : t.parser) {
                String neuron = t.text(rec, "neuron");
                int rank = t.integer(rec, "rank");
                if (rank < 1) {
                    throw t.error(rec, "rank", "must be >= 1 (1 = the neuron's strongest ooc image), got " + rank);
                }
                if (!seen.add(neuron + "\u0000" + rank)) {
                    throw t.error(rec, "rank", rank + " appears twice for neuron '" + neuron + "'");
                }
                out.add(new PairRow(neuron, rank, t.text(rec, "ooc_id"), t.text(rec, "ooc_category"),
                        t.path(rec, "ooc_image", true), t.text(rec, "reference_id"), t.text(rec, "reference_category"),
                        t.path(rec, "reference_image", true), t.number(rec, "similarity"),
                        t.number(rec, "ooc_recorded"), t.number(rec, "ooc_predicted"),
                        t.number(rec, "reference_recorded"), t.number(rec, "reference_predicted"),
                        t.path(rec, "map_ooc", false), t.path(rec, "map_reference", false)));
            }
        }
        return out;
    }

    /** A CSV file with a header, with error messages that name file, line and column. */
    private static final class Table implements AutoCloseable {
        final Path file;
        final CSVParser parser;

        private Table(Path file, CSVParser parser) {
            this.file = file;
            this.parser = parser;
        }

        static Table open(Path file, List<String> required) throws IOException {
            java.io.PushbackReader reader = new java.io.PushbackReader(Files.newBufferedReader(file, StandardCharsets.UTF_8));
            int first = reader.read();
            if (first != -1 && first != '\uFEFF') {
                reader.unread(first); // keep everything but a byte-order mark (spreadsheet programs add one)
            }
            CSVParser parser;
            try {
                parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                        .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get().parse(reader);
            } catch (IOException | IllegalArgumentException e) {
                reader.close();
                throw new IOException(file + ": cannot read the CSV header (" + e.getMessage() + ")", e);
            }
            Map<String, Integer> header = parser.getHeaderMap();
            List<String> missing = new ArrayList<>();
            for (String col : required) {
                if (header == null || !header.containsKey(col)) {
                    missing.add(col);
                }
            }
            if (!missing.isEmpty()) {
                parser.close();
                throw new IOException(file + ": missing column(s) " + missing + "; the header must contain "
                        + String.join(",", required));
            }
            return new Table(file, parser);
        }

        IOException error(CSVRecord rec, String column, String what) {
            // header is line 1, so record k (1-based) starts on line k+1 when no field spans lines
            return new IOException(file + ": line " + (rec.getRecordNumber() + 1) + ", column " + column + ": " + what);
        }

        String text(CSVRecord rec, String column) throws IOException {
            if (!rec.isSet(column)) {
                throw error(rec, column, "missing value (the row has " + rec.size() + " fields, the header "
                        + parser.getHeaderNames().size() + ")");
            }
            return rec.get(column);
        }

        double number(CSVRecord rec, String column) throws IOException {
            String s = text(rec, column).trim();
            String lower = s.toLowerCase(Locale.ROOT);
            switch (lower) {
                case "", "nan", "na", "-nan":
                    return Double.NaN;
                case "inf", "+inf", "infinity", "+infinity":
                    return Double.POSITIVE_INFINITY;
                case "-inf", "-infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw error(rec, column, "'" + s + "' is not a number; write plain decimals and NaN for missing values");
            }
        }

        int integer(CSVRecord rec, String column) throws IOException {
            double v = number(rec, column);
            if (!(v == Math.rint(v)) || Math.abs(v) > Integer.MAX_VALUE) {
                throw error(rec, column, "'" + text(rec, column) + "' is not a whole number");
            }
            return (int) v;
        }

        String path(CSVRecord rec, String column, boolean required) throws IOException {
            String s = text(rec, column).trim();
            if (s.isEmpty()) {
                if (required) {
                    throw error(rec, column, "is empty; give the file's path relative to the run directory");
                }
                return "";
            }
            checkRelative(s, () -> error(rec, column, "'" + s
                    + "' must be a path relative to the run directory that stays inside it"));
            return s;
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    private interface ErrorSupplier {
        IOException get();
    }

    private static void checkRelative(String rel, ErrorSupplier error) throws IOException {
        Path p;
        try {
            p = Path.of(rel);
        } catch (RuntimeException e) {
            throw error.get();
        }
        if (p.isAbsolute() || rel.startsWith("/") || rel.startsWith("\\") || rel.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")
                || p.normalize().startsWith("..")) {
            throw error.get();
        }
    }

    /** @return the run directory (absolute, normalised) */
    public Path dir() {
        return dir;
    }

    /** @return the neurons in summary.csv order */
    public List<NeuronRow> neurons() {
        return neurons;
    }

    /** @return all pairs in pairs.csv order */
    public List<PairRow> pairs() {
        return pairs;
    }

    /**
     * @param neuron a neuron id
     * @return its pairs by rank (empty when it has none)
     */
    public List<PairRow> pairsOf(String neuron) {
        return pairsByNeuron.getOrDefault(neuron, List.of());
    }

    /** @return run.json (a missing node when there is none) */
    public JsonNode runJson() {
        return run;
    }

    /** @return display settings */
    public Display display() {
        return display;
    }

    /** @return the preferred category name (run.json {@code preferred_category}, default "preferred") */
    public String preferredCategory() {
        return preferredCategory;
    }

    /**
     * Resolves a path from pairs.csv against the run directory.
     *
     * @param relative a relative path that stays inside the run directory
     * @return the absolute path
     * @throws IOException when the path is absolute or leaves the run directory
     */
    public Path resolve(String relative) throws IOException {
        checkRelative(relative, () -> new IOException("'" + relative
                + "' must be a path relative to the run directory " + dir + " that stays inside it"));
        return dir.resolve(relative).normalize();
    }

    /**
     * Reads an image of the run (as the network saw it).
     *
     * @param relative its path relative to the run directory
     * @return the image
     * @throws IOException when it is missing or not a readable image
     */
    public BufferedImage image(String relative) throws IOException {
        Path p = resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new IOException(p + " not found (referenced by " + dir.resolve("pairs.csv")
                    + "); the pipeline writes the model-geometry images under images/");
        }
        BufferedImage img = ImageIO.read(p.toFile());
        if (img == null) {
            throw new IOException(p + ": not a readable image; expected a PNG");
        }
        return img;
    }

    /**
     * Reads a raw saliency map and turns it into the display map: channel reduction, then smoothing, as
     * set in run.json.
     *
     * @param relative path of the .npy ([3, H, W], or an already reduced [H, W] or [1, H, W])
     * @param h expected height (of the image the map belongs to)
     * @param w expected width
     * @return pixel map [H, W]
     * @throws IOException when the file is missing, unreadable, or has another size than the image
     */
    public float[] displayMap(String relative, int h, int w) throws IOException {
        Path p = resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new IOException(p + " not found (referenced by " + dir.resolve("pairs.csv") + ")");
        }
        Npy.Array a = Npy.read(p);
        long[] s = a.shape();
        boolean ok = (s.length == 3 && s[1] == h && s[2] == w && s[0] >= 1) || (s.length == 2 && s[0] == h && s[1] == w);
        if (!ok) {
            throw new IOException(p + ": map of shape " + Arrays.toString(s) + " does not fit its image of " + h
                    + "x" + w + " pixels; expected [3, " + h + ", " + w + "] (the raw saliency before channel reduction)");
        }
        float[] raw = a.toFloats();
        float[] map = SaliencyMaps.reduce(raw, h, w, display.reduction());
        return SaliencyMaps.gaussianSmooth(map, h, w, display.smoothingSigma());
    }
}
