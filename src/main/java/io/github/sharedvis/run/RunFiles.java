package io.github.sharedvis.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Reads a run directory written by the pipeline (the file contract in {@code docs/outputs.md}):
 * {@code summary.csv} (required), {@code pairs.csv} and {@code run.json} (optional; missing keys take
 * defaults), and the images and raw maps that pairs.csv points to.
 */
public final class RunFiles {

    private final Path dir;
    private final RunLayout layout;
    private final List<NeuronRow> neurons;
    private final List<PairRow> pairs;
    private final Map<String, List<PairRow>> pairsByNeuron;
    private final JsonNode run;
    private final String preferredCategory;

    private RunFiles(Path dir, List<NeuronRow> neurons, List<PairRow> pairs, JsonNode run, String preferredCategory) {
        this.dir = dir;
        this.layout = new RunLayout(dir);
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
        return read(runDir, null);
    }

    /**
     * Reads the tables of a run directory and takes its run.json from a document not yet written (the
     * pipeline writes run.json once, after the report, so that it holds every step's timing).
     *
     * @param runDir the run directory
     * @param runJson the run's document, or null to read run.json from the directory
     * @return its contents
     * @throws IOException when summary.csv is missing or a file is malformed
     */
    public static RunFiles read(Path runDir, RunJson runJson) throws IOException {
        Path dir = runDir.toAbsolutePath().normalize();
        RunLayout layout = new RunLayout(dir);
        Path summary = layout.summary();
        if (!Files.isRegularFile(summary)) {
            throw new IOException(summary + " not found; pass the run directory written by the pipeline"
                    + " (it holds summary.csv, pairs.csv and run.json)");
        }
        List<NeuronRow> neurons = readSummary(summary);
        Path pairsFile = layout.pairs();
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
        Path runJsonFile = layout.runJson();
        JsonNode run = MissingNode.getInstance();
        if (runJson != null) {
            run = runJson.toTree();
        } else if (Files.isRegularFile(runJsonFile)) {
            try {
                run = new ObjectMapper().readTree(runJsonFile.toFile());
            } catch (IOException e) {
                throw new IOException(runJsonFile + ": not valid JSON (" + e.getMessage() + ")", e);
            }
        }
        JsonNode pc = run.path("preferred_category");
        String preferred = pc.isTextual() ? pc.asText() : "preferred";
        return new RunFiles(dir, neurons, pairs, run, preferred);
    }

    private static List<NeuronRow> readSummary(Path file) throws IOException {
        List<NeuronRow> rows = NeuronRow.TABLE.read(file);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            if (!seen.add(rows.get(i).neuron())) {
                throw new IOException(file + ": line " + (i + 2) + ", column neuron: '" + rows.get(i).neuron()
                        + "' appears twice; neuron ids must be unique");
            }
        }
        return rows;
    }

    private static List<PairRow> readPairs(Path file) throws IOException {
        List<PairRow> rows = PairRow.TABLE.read(file);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            PairRow p = rows.get(i);
            if (!seen.add(p.neuron() + "\u0000" + p.rank())) {
                throw new IOException(file + ": line " + (i + 2) + ", column rank: " + p.rank()
                        + " appears twice for neuron '" + p.neuron() + "'");
            }
        }
        return rows;
    }

    /**
     * @param rel a path from a run table
     * @return whether it is relative and stays inside the run directory
     */
    static boolean staysInside(String rel) {
        Path p;
        try {
            p = Path.of(rel);
        } catch (RuntimeException e) {
            return false;
        }
        return !(p.isAbsolute() || rel.startsWith("/") || rel.startsWith("\\") || rel.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")
                || p.normalize().startsWith(".."));
    }

    /** @return where the run's files are */
    public RunLayout layout() {
        return layout;
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
        if (!staysInside(relative)) {
            throw new IOException("'" + relative + "' must be a path relative to the run directory " + dir
                    + " that stays inside it");
        }
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
            throw new IOException(p + " not found (referenced by " + layout.pairs()
                    + "); the pipeline writes the model-geometry images under images/");
        }
        BufferedImage img = ImageIO.read(p.toFile());
        if (img == null) {
            throw new IOException(p + ": not a readable image; expected a PNG");
        }
        return img;
    }

}
