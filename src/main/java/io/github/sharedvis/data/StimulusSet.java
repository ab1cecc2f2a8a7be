package io.github.sharedvis.data;

import io.github.sharedvis.util.FileDigests;
import io.github.sharedvis.util.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import io.github.sharedvis.util.Utf8;

/**
 * A validated set of category-labelled images: the stimuli a lab showed to its neurons.
 *
 * <p>Two layouts are read:
 * <ul>
 *   <li>a folder with one sub-folder per category ({@link #fromFolder}); every file with an image
 *       extension ({@code .jpg .jpeg .png .bmp .gif .tif .tiff .webp}) in a sub-folder is a stimulus,
 *       its id is the file name without extension; other files (e.g. {@code labels.csv},
 *       {@code .DS_Store}) and files at the top level are ignored; categories and images are
 *       sorted by name;</li>
 *   <li>a CSV manifest ({@link #fromManifest}) with a header and the columns {@code image} and
 *       {@code category}, optionally {@code stimulus_id} (default: the image's file name without
 *       extension); other columns are ignored; relative image paths resolve against the
 *       manifest's folder; rows keep the manifest's order.</li>
 * </ul>
 *
 * <p>Every image must exist and start with the signature of a known image format (JPEG, PNG, GIF,
 * BMP, TIFF, WebP); ids must be unique; no category may be empty. Violations are
 * {@link InputException}s naming the file, the row and the fix. Immutable.
 */
public final class StimulusSet {

    private static final Set<String> IMAGE_EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff", "webp");

    private final String source;
    private final List<Stimulus> stimuli;
    private final List<String> categories;
    private final Map<String, List<Stimulus>> byCategory;

    private StimulusSet(String source, List<Stimulus> stimuli, List<String> categories) {
        this.source = source;
        this.stimuli = List.copyOf(stimuli);
        Map<String, List<Stimulus>> map = new LinkedHashMap<>();
        for (String c : categories) {
            map.put(c, new ArrayList<>());
        }
        for (Stimulus s : stimuli) {
            map.computeIfAbsent(s.category(), k -> new ArrayList<>()).add(s);
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        this.byCategory = Collections.unmodifiableMap(map);
        this.categories = List.copyOf(map.keySet());
    }

    /** The columns of a manifest: image path, category, and the optional stimulus id. */
    public static final List<String> MANIFEST_COLUMNS = List.of("image", "category", "stimulus_id");

    /**
     * Writes a manifest of stimuli that {@link #fromManifest} reads back: image paths relative to the
     * manifest's folder where {@code relative}, else absolute.
     *
     * @param manifest the CSV file, written atomically
     * @param stimuli the stimuli, in order
     * @param relative whether to write paths relative to the manifest's folder
     * @throws IOException when it cannot be written
     */
    public static void writeManifest(Path manifest, List<Stimulus> stimuli, boolean relative) throws IOException {
        Path base = manifest.toAbsolutePath().getParent();
        CsvWriting.write(manifest, MANIFEST_COLUMNS, p -> {
            for (Stimulus s : stimuli) {
                Path img = s.image().toAbsolutePath();
                p.printRecord(relative ? base.relativize(img).toString() : img.toString(), s.category(), s.id());
            }
        });
    }

    /**
     * Opens a folder of category sub-folders or a CSV manifest, whichever {@code folderOrCsv} is.
     *
     * @param folderOrCsv a folder or a {@code .csv}/{@code .tsv} manifest
     * @return the validated set
     * @throws IOException when a file cannot be read
     * @throws InputException when the set is malformed
     */
    public static StimulusSet open(Path folderOrCsv) throws IOException {
        return open(folderOrCsv, false);
    }

    /**
     * Opens a folder of category sub-folders or a CSV manifest, whichever {@code folderOrCsv} is.
     *
     * @param folderOrCsv a folder or a {@code .csv}/{@code .tsv} manifest
     * @param outsidePaths whether a manifest may name images outside its own folder
     * @return the validated set
     * @throws IOException when a file cannot be read
     * @throws InputException when the set is malformed
     */
    public static StimulusSet open(Path folderOrCsv, boolean outsidePaths) throws IOException {
        if (Files.isDirectory(folderOrCsv)) {
            return fromFolder(folderOrCsv);
        }
        if (!Files.exists(folderOrCsv)) {
            throw new InputException(PathProblems.describe(folderOrCsv, "folder or manifest")
                    + "; give a folder with one sub-folder per category or a CSV manifest with columns image,category");
        }
        return fromManifest(folderOrCsv, outsidePaths);
    }

    /**
     * Reads a folder with one sub-folder per category.
     *
     * @param dir the folder
     * @return the validated set
     * @throws IOException when the folder cannot be listed or an image cannot be read
     */
    public static StimulusSet fromFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir + ": not a folder");
        }
        Path root = dir.toAbsolutePath().normalize();
        List<Path> subdirs;
        try (Stream<Path> s = Files.list(root)) {
            subdirs = s.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
        if (subdirs.isEmpty()) {
            throw new InputException(root + ": no category sub-folders; put the images of each "
                    + "category in a sub-folder named after it (e.g. " + root.resolve("body") + "/), or "
                    + "give a CSV manifest with columns image,category");
        }
        List<Stimulus> stimuli = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        Map<String, Path> seen = new LinkedHashMap<>();
        for (Path sub : subdirs) {
            String category = sub.getFileName().toString();
            List<Path> images;
            try (Stream<Path> s = Files.list(sub)) {
                images = s.filter(Files::isRegularFile).filter(StimulusSet::hasImageExtension).sorted().toList();
            }
            if (images.isEmpty()) {
                throw new InputException(sub + ": empty category '" + category + "' (no image files "
                        + "with extension " + IMAGE_EXTENSIONS.stream().sorted().toList()
                        + "); add its images or remove the folder");
            }
            categories.add(category);
            for (Path img : images) {
                String id = stem(img);
                Ids.check(id, img + ": stimulus id (the file name)");
                Path before = seen.put(id, img);
                if (before != null) {
                    throw new InputException("duplicate stimulus id '" + id + "': " + before + " and "
                            + img + " have the same file name; rename one, or use a CSV manifest with a "
                            + "stimulus_id column");
                }
                checkImage(img, img.toString());
                stimuli.add(new Stimulus(id, img, category));
            }
        }
        return new StimulusSet(root.toString(), stimuli, categories);
    }

    /**
     * Reads a CSV manifest with columns {@code image}, {@code category} and optionally
     * {@code stimulus_id}; a {@code .tsv} file is read tab-separated.
     *
     * @param csv the manifest
     * @return the validated set
     * @throws IOException when the manifest or an image cannot be read
     */
    public static StimulusSet fromManifest(Path csv) throws IOException {
        return fromManifest(csv, false);
    }

    /**
     * Reads a CSV manifest (see {@link #fromManifest(Path)}).
     *
     * @param csv the manifest
     * @param outsidePaths whether image paths may leave the manifest's folder (absolute paths, or
     *     {@code ../} beyond it); when false such a row is an error, so a manifest from elsewhere cannot
     *     make sharedvis open files outside its folder (symbolic links inside the folder are followed)
     * @return the validated set
     * @throws IOException when the manifest or an image cannot be read
     */
    public static StimulusSet fromManifest(Path csv, boolean outsidePaths) throws IOException {
        Path manifest = csv.toAbsolutePath().normalize();
        if (!Files.isRegularFile(manifest)) {
            throw new InputException(PathProblems.describe(manifest, "manifest"));
        }
        Path base = manifest.getParent();
        CSVFormat format = (manifest.toString().toLowerCase(Locale.ROOT).endsWith(".tsv")
                ? CSVFormat.TDF : CSVFormat.DEFAULT).builder()
                .setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).setTrim(true)
                .setIgnoreEmptyLines(true).setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_ALL).get();
        List<Stimulus> stimuli = new ArrayList<>();
        Map<String, Long> seen = new LinkedHashMap<>();
        try {
            try (Reader r = Utf8.reader(manifest); CSVParser p = CSVParser.parse(r, format)) {
                Map<String, Integer> header = p.getHeaderMap();
                Ids.checkHeader(p.getHeaderNames(), manifest.toString());
                for (String col : MANIFEST_COLUMNS.subList(0, 2)) {
                    if (header == null || !header.containsKey(col)) {
                        throw new InputException(manifest + ": missing column '" + col + "' (header: "
                                + (header == null ? "none" : header.keySet()) + "); the manifest needs a header "
                                + "with columns image,category and optionally stimulus_id");
                    }
                }
                boolean hasId = header.containsKey(MANIFEST_COLUMNS.get(2));
                for (CSVRecord rec : p) {
                    long line = rec.getRecordNumber() + 1;
                    String where = manifest + " line " + line;
                    if (!rec.isConsistent()) {
                        throw new InputException(where + ": " + rec.size() + " fields but the header has "
                                + header.size());
                    }
                    String image = rec.get(MANIFEST_COLUMNS.get(0));
                    String category = rec.get(MANIFEST_COLUMNS.get(1));
                    if (image.isEmpty()) {
                        throw new InputException(where + ": empty 'image' field");
                    }
                    if (category.isEmpty()) {
                        throw new InputException(where + ": empty category for image '" + image
                                + "'; every image needs a category label");
                    }
                    Path img;
                    try {
                        img = base.resolve(image).normalize();
                    } catch (java.nio.file.InvalidPathException e) {
                        throw new InputException(where + ": image '" + Ids.printable(image) + "' is not a valid "
                                + "path (" + e.getReason() + ")");
                    }
                    if (!outsidePaths && !img.startsWith(base)) {
                        throw new InputException(where + ": image '" + image + "' lies outside the manifest's "
                                + "folder " + base + " (" + (img.isAbsolute() && !image.startsWith(".") && Path.of(image).isAbsolute()
                                        ? "an absolute path" : "../ leaves it")
                                + "); put the images under that folder and give paths relative to it, or, if you trust "
                                + "this manifest, set [data] outside_paths = true");
                    }
                    String id = hasId ? rec.get(MANIFEST_COLUMNS.get(2)) : stem(img);
                    if (id.isEmpty()) {
                        throw new InputException(where + ": empty 'stimulus_id' field");
                    }
                    Ids.check(id, where + ": stimulus id");
                    Long before = seen.put(id, line);
                    if (before != null) {
                        throw new InputException(where + ": duplicate stimulus id '" + id
                                + "' (first at line " + before + ")" + (hasId ? "" : "; file names must be unique "
                                + "without a stimulus_id column, so add one"));
                    }
                    checkImage(img, where + ": image '" + image + "' (" + img + ")");
                    stimuli.add(new Stimulus(id, img, category));
                }
            }
        } catch (RuntimeException e) {
            throw ParseErrors.translate(manifest, "CSV manifest", e);
        }
        if (stimuli.isEmpty()) {
            throw new InputException(manifest + ": the manifest lists no images");
        }
        List<String> categories = stimuli.stream().map(Stimulus::category).distinct().toList();
        return new StimulusSet(manifest.toString(), stimuli, categories);
    }

    private static boolean hasImageExtension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0
                && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static String stem(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Checks that the file exists, is readable and starts with a known image signature. */
    private static void checkImage(Path img, String what) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(img)) { // one open per image; the checks only when it fails
            head = in.readNBytes(12);
        } catch (IOException e) {
            if (!Files.exists(img)) {
                throw new InputException(what + ": missing image (no such file)");
            }
            if (!Files.isRegularFile(img) || !Files.isReadable(img)) {
                throw new InputException(what + ": unreadable image (not a readable file)");
            }
            throw e;
        }
        if (!isImageSignature(head)) {
            throw new InputException(what + ": unreadable image (not a JPEG, PNG, GIF, BMP, TIFF or "
                    + "WebP file; " + (head.length == 0 ? "the file is empty" : "it starts with bytes "
                    + HexFormat.ofDelimiter(" ").formatHex(head, 0, Math.min(4, head.length))) + ")");
        }
    }

    static boolean isImageSignature(byte[] h) {
        if (h.length >= 3 && (h[0] & 0xff) == 0xFF && (h[1] & 0xff) == 0xD8 && (h[2] & 0xff) == 0xFF) {
            return true; // JPEG
        }
        if (h.length >= 8 && (h[0] & 0xff) == 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G') {
            return true;
        }
        if (h.length >= 4 && h[0] == 'G' && h[1] == 'I' && h[2] == 'F' && h[3] == '8') {
            return true;
        }
        if (h.length >= 2 && h[0] == 'B' && h[1] == 'M') {
            return true;
        }
        if (h.length >= 4 && ((h[0] == 'I' && h[1] == 'I' && h[2] == 42 && h[3] == 0)
                || (h[0] == 'M' && h[1] == 'M' && h[2] == 0 && h[3] == 42))) {
            return true; // TIFF
        }
        return h.length >= 12 && h[0] == 'R' && h[1] == 'I' && h[2] == 'F' && h[3] == 'F'
                && h[8] == 'W' && h[9] == 'E' && h[10] == 'B' && h[11] == 'P';
    }

    /** @return all stimuli, in set order (folder: category then file name; manifest: row order) */
    public List<Stimulus> stimuli() {
        return stimuli;
    }

    /** @return the stimulus ids in set order */
    public List<String> ids() {
        return stimuli.stream().map(Stimulus::id).toList();
    }

    /** @return the number of stimuli */
    public int size() {
        return stimuli.size();
    }

    /** @return the categories, in order of first appearance */
    public List<String> categories() {
        return categories;
    }

    /**
     * @param category a category label
     * @return its stimuli in set order; empty when the category is unknown
     */
    public List<Stimulus> inCategory(String category) {
        return byCategory.getOrDefault(category, List.of());
    }

    /**
     * @param category a category label
     * @return the stimuli of all other categories, in set order
     */
    public List<Stimulus> notInCategory(String category) {
        return stimuli.stream().filter(s -> !s.category().equals(category)).toList();
    }

    /**
     * Checks that the preferred category exists.
     *
     * @param preferred the neurons' preferred category
     * @return this set
     * @throws InputException naming the known categories when it does not
     */
    public StimulusSet requireCategory(String preferred) {
        if (!byCategory.containsKey(preferred)) {
            throw new InputException("unknown preferred category '" + preferred + "' in " + source
                    + "; known categories: " + String.join(", ", categories));
        }
        return this;
    }

    /**
     * A SHA-256 over the ids, categories and image files' SHA-256 in set order: equal digests mean the
     * same stimuli (used to key caches of features and the extract step's stamp).
     *
     * @return the lowercase hex digest, every image read now
     * @throws IOException when an image cannot be read
     */
    public String digest() throws IOException {
        return digest(FileDigests.none());
    }

    /**
     * {@link #digest()}, with the images' digests from a memo (the same value, at the cost of a
     * {@code stat} per unchanged image).
     *
     * @param digests where the image files' digests come from
     * @return the lowercase hex digest
     * @throws IOException when an image cannot be read
     */
    public String digest(FileDigests digests) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Stimulus s : stimuli) {
            for (String part : new String[] {s.id(), s.category(), digests.digest(s.image())}) {
                md.update(part.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Override
    public String toString() {
        return "StimulusSet[" + source + ", " + stimuli.size() + " images, categories " + categories + "]";
    }
}
