package io.github.sharedvis.evaluation;

import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.synthetic.SilhouetteStimuli;
import io.github.sharedvis.util.InputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The stimulus sets of the validation's factor "background": an fLoc subset (textured backgrounds)
 * and, when on, generated silhouettes on uniform backgrounds. A map that only finds the patch on one
 * of them is reading the background, not the patch.
 */
final class ValidationStimuli {

    /** The silhouette set's neuron categories (the paper's six that it has). */
    static final List<String> SILHOUETTE_CATEGORIES = List.of("body", "car");

    private ValidationStimuli() {}

    /**
     * One stimulus set of the background factor.
     *
     * @param background its label in the tables ({@code floc}, {@code silhouettes})
     * @param set the stimuli
     * @param domains category to domain; out-of-category targets come from other domains
     * @param categories the neuron categories
     * @param pairsPerCell planted pairs per neuron and patch size
     */
    record Arm(String background, StimulusSet set, Map<String, String> domains, List<String> categories,
            int pairsPerCell) {}

    /**
     * @param s the settings
     * @return the fLoc arm, then the silhouettes' when on
     * @throws IOException when {@code labels.csv} is missing or malformed, or an output cannot be written
     */
    static List<Arm> arms(ValidationSettings s) throws IOException {
        List<Arm> arms = new ArrayList<>();
        Map<String, String> flocDomains = new LinkedHashMap<>();
        Path manifest = flocSubset(s, flocDomains);
        arms.add(new Arm("floc", StimulusSet.open(manifest, true), flocDomains, s.neuronCategories(),
                s.pairsPerCell()));
        if (s.silhouettes()) {
            Path dir = s.out().resolve("silhouettes");
            new SilhouetteStimuli(256, 1).write(dir, s.silhouettesPerCategory());
            Map<String, String> d = new LinkedHashMap<>();
            for (String c : SilhouetteStimuli.CATEGORIES) {
                // a limb is a body part: no body neuron's out-of-category target may be one
                d.put(c, c.equals("limb") ? "body" : c);
            }
            arms.add(new Arm("silhouettes", StimulusSet.open(dir), d, SILHOUETTE_CATEGORIES,
                    s.silhouettePairsPerCell()));
        }
        return arms;
    }

    /**
     * Writes {@code stimuli.csv}: up to {@code perCategory} images per fLoc category (no scrambled),
     * seeded, so every seed and run sees the same subset.
     */
    private static Path flocSubset(ValidationSettings s, Map<String, String> domains) throws IOException {
        Path labels = s.data().resolve("labels.csv");
        if (!Files.isRegularFile(labels)) {
            throw new IOException(labels + " not found; --data must be the fLoc folder of ../shared/data (with "
                    + "labels.csv: image,category,domain)");
        }
        Map<String, List<String>> byCat = readLabels(labels, domains);
        for (String c : s.neuronCategories()) {
            if (!byCat.containsKey(c)) {
                throw new InputException("neuron category '" + c + "' is not in " + labels + "; known: "
                        + byCat.keySet());
            }
        }
        Path manifest = s.out().resolve("stimuli.csv");
        StimulusSet.writeManifest(manifest, choose(byCat, s.data(), s.perCategory()), false);
        return manifest;
    }

    /**
     * @param byCat category to its images (paths relative to {@code data})
     * @param data the fLoc folder
     * @param perCategory images kept per category
     * @return the chosen stimuli (seeded): absolute image, category, the file name's stem as id
     */
    static List<Stimulus> choose(Map<String, List<String>> byCat, Path data, int perCategory) {
        List<Stimulus> out = new ArrayList<>();
        Random rnd = new Random(0);
        for (Map.Entry<String, List<String>> e : byCat.entrySet()) {
            List<String> imgs = new ArrayList<>(e.getValue());
            Collections.sort(imgs);
            Collections.shuffle(imgs, rnd);
            for (String img : imgs.subList(0, Math.min(perCategory, imgs.size()))) {
                Path p = data.resolve(img).toAbsolutePath().normalize();
                out.add(new Stimulus(p.getFileName().toString().replaceFirst("\\.[^.]+$", ""), p, e.getKey()));
            }
        }
        return out;
    }

    /**
     * @param labels fLoc's {@code labels.csv} (header image,category,domain)
     * @param domains out: category to domain
     * @return category to its images, in file order, without {@code scrambled}
     */
    static Map<String, List<String>> readLabels(Path labels, Map<String, String> domains) throws IOException {
        Map<String, List<String>> byCat = new LinkedHashMap<>();
        // empty lines come through as records, so a record's number is its line's
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();
        try (Reader r = Files.newBufferedReader(labels); CSVParser p = CSVParser.parse(r, format)) {
            Iterator<CSVRecord> it = p.iterator();
            CSVRecord header = it.hasNext() ? it.next() : null;
            if (header == null || !header.stream().map(String::trim).toList()
                    .equals(List.of("image", "category", "domain"))) {
                throw new IOException(labels + ": expected the header image,category,domain, got "
                        + (header == null ? null : String.join(",", header.values())));
            }
            while (it.hasNext()) {
                CSVRecord rec = it.next();
                long no = rec.getRecordNumber();
                if (rec.size() == 1 && rec.get(0).isBlank()) {
                    continue;
                }
                if (rec.size() != 3) {
                    throw new IOException(labels + ":" + no + ": expected 3 fields (image,category,domain), got '"
                            + String.join(",", rec.values()) + "'");
                }
                if (rec.get(1).equals("scrambled")) {
                    continue;
                }
                byCat.computeIfAbsent(rec.get(1), k -> new ArrayList<>()).add(rec.get(0));
                domains.put(rec.get(1), rec.get(2));
            }
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            // Commons CSV throws these on malformed quoting
            throw new IOException(labels + ": malformed CSV (" + e.getMessage() + ")", e);
        }
        return byCat;
    }
}
