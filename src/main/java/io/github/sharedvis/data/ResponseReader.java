package io.github.sharedvis.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.MatlabType;
import io.github.sharedvis.util.Utf8;

/**
 * Reads recorded responses from the files labs write, into {@link Responses}.
 *
 * <p>Formats, chosen by extension (unknown extensions by content):
 * <ul>
 *   <li>{@code .npy}: a float array {@code [n_images, n_neurons]} or
 *       {@code [n_images, n_neurons, n_repeats]}, NaN = missing trial; no ids, so rows are in the
 *       stimulus set's order and neurons are named {@code n0..n{k-1}};</li>
 *   <li>{@code .npz}: the array (see {@link ResponseOptions#variable()}) plus optional string or integer
 *       vectors {@code stimulus_ids} and {@code neuron_ids};</li>
 *   <li>{@code .csv}/{@code .tsv}, wide: a stimulus id column ({@code stimulus_id}, else the first
 *       column) and one column per neuron (the header names the neurons); a stimulus on several rows
 *       gets one repeat per row, in row order. Long: columns {@code stimulus_id, neuron, response} and
 *       optionally {@code repeat} (a stimulus's repeat labels, sorted, give its repeat slots; without the
 *       column the rows of a stimulus and neuron are its repeats in order); chosen when the header has
 *       {@code neuron} and {@code response}.
 *       Empty cells, {@code NaN} and {@code NA} are missing trials;</li>
 *   <li>{@code .mat} v5 (MFL) and v7.3 (HDF5, jHDF): the array with MATLAB's indexing
 *       {@code responses(image, neuron, repeat)}, ids as cell arrays of strings, char matrices or
 *       numeric vectors;</li>
 *   <li>{@code .h5}/{@code .hdf5}: the dataset (C order, as h5py writes it) plus optional id datasets;</li>
 *   <li>{@code .nwb} (NWB 2.x): spike times of the Units table ({@code /units/spike_times} with
 *       {@code spike_times_index}, unit ids from {@code /units/id}) counted in
 *       {@code [onset + windowStart, onset + windowEnd)} after each presentation of a trials or
 *       intervals table ({@code start_time} and a stimulus id column); presentations of one stimulus
 *       become its repeats in time order, stimuli shown fewer times are padded with NaN.</li>
 * </ul>
 * Errors are {@link IllegalArgumentException}s (bad content) or {@link IOException}s (unreadable
 * file) naming the file, the variable or column, and the fix.
 */
public final class ResponseReader {

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private ResponseReader() {}

    /**
     * Reads responses with the default options.
     *
     * @param file the file
     * @return the responses
     * @throws IOException when the file cannot be read
     */
    public static Responses read(Path file) throws IOException {
        return read(file, ResponseOptions.defaults());
    }

    /**
     * Reads responses.
     *
     * @param file the file
     * @param opts where the responses are in it
     * @return the responses
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when its content is not responses as described above
     */
    public static Responses read(Path file, ResponseOptions opts) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(PathProblems.describe(file, "response file"));
        }
        Responses r;
        try {
            r = readAny(file, opts);
        } catch (RuntimeException e) {
            throw ParseErrors.translate(file, "response file", e);
        }
        requireFinite(r, file);
        return r;
    }

    /** Infinite values are never a recording: name the first one (NaN is a missing trial). */
    private static void requireFinite(Responses r, Path file) {
        double[][][] t = r.trials();
        for (int i = 0; i < t.length; i++) {
            for (int n = 0; n < t[i].length; n++) {
                for (int k = 0; k < t[i][n].length; k++) {
                    if (Double.isInfinite(t[i][n][k])) {
                        String stim = r.stimulusIds() == null ? "row " + (i + 1) + " (stimulus " + (i + 1)
                                + " of the stimulus set)" : "stimulus '" + r.stimulusIds().get(i) + "'";
                        throw new IllegalArgumentException(file + ": " + stim + ", neuron '" + r.neuronIds().get(n)
                                + "', repeat " + (k + 1) + " is " + t[i][n][k] + "; responses must be finite "
                                + "numbers (write NaN for a missing trial)");
                    }
                }
            }
        }
    }

    private static Responses readAny(Path file, ResponseOptions opts) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        switch (ext) {
            case "npy":
                return fromNumeric(Numeric.of(Npy.read(file)), null, null, file + "");
            case "npz":
                return readNpz(file, opts);
            case "csv":
            case "tsv":
            case "txt":
                return readCsv(file, opts);
            case "mat":
                return isHdf5(file) ? readHdf5(file, opts, true) : readMat5(file, opts);
            case "h5":
            case "hdf5":
            case "he5":
                return readHdf5(file, opts, false);
            case "nwb":
                return readNwb(file, opts);
            default:
                break;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8);
        }
        if (isHdf5(file)) {
            return isNwb(file) ? readNwb(file, opts) : readHdf5(file, opts, false);
        }
        if (head.length >= 6 && head[0] == (byte) 0x93 && head[1] == 'N') {
            return fromNumeric(Numeric.of(Npy.read(file)), null, null, file + "");
        }
        if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
            return readNpz(file, opts);
        }
        if (head.length >= 6 && new String(head, 0, 6, StandardCharsets.ISO_8859_1).equals("MATLAB")) {
            return readMat5(file, opts);
        }
        throw new IllegalArgumentException(file + ": unknown response format '." + ext + "'; use .npy, .npz, "
                + ".csv, .tsv, .mat, .h5, .hdf5 or .nwb");
    }

    // ---------------------------------------------------------------------------------------- arrays

    /** A numeric array of 2 or 3 dimensions, row-major unless {@code columnMajor} (MATLAB). */
    private record Numeric(int[] shape, double[] data, boolean columnMajor) {
        static Numeric of(Npy.Array a) {
            int[] s = new int[a.shape().length];
            for (int i = 0; i < s.length; i++) {
                s[i] = Math.toIntExact(a.shape()[i]);
            }
            return new Numeric(s, a.data(), false);
        }

        double get(int i, int n, int r) {
            int ni = shape[0];
            int nn = shape[1];
            int nr = shape.length > 2 ? shape[2] : 1;
            if (columnMajor) {
                return data[i + ni * (n + nn * r)];
            }
            return data[(i * nn + n) * nr + r];
        }
    }

    private static Responses fromNumeric(Numeric a, List<String> stimulusIds, List<String> neuronIds, String what) {
        if (a.shape().length != 2 && a.shape().length != 3) {
            throw new IllegalArgumentException(what + ": responses must be [n_images, n_neurons] or "
                    + "[n_images, n_neurons, n_repeats], found shape " + Arrays.toString(a.shape()));
        }
        int ni = a.shape()[0];
        int nn = a.shape()[1];
        int nr = a.shape().length > 2 ? a.shape()[2] : 1;
        if (stimulusIds != null && stimulusIds.size() != ni) {
            throw new IllegalArgumentException(what + ": " + stimulusIds.size() + " stimulus ids for " + ni
                    + " rows (first dimension of shape " + Arrays.toString(a.shape()) + ")");
        }
        if (neuronIds != null && neuronIds.size() != nn) {
            throw new IllegalArgumentException(what + ": " + neuronIds.size() + " neuron ids for " + nn
                    + " neurons (second dimension of shape " + Arrays.toString(a.shape()) + ")");
        }
        if (neuronIds == null) {
            neuronIds = new ArrayList<>(nn);
            for (int n = 0; n < nn; n++) {
                neuronIds.add("n" + n);
            }
        }
        double[][][] t = new double[ni][nn][nr];
        for (int i = 0; i < ni; i++) {
            for (int n = 0; n < nn; n++) {
                for (int r = 0; r < nr; r++) {
                    t[i][n][r] = a.get(i, n, r);
                }
            }
        }
        try {
            return new Responses(stimulusIds, neuronIds, t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    private static Responses readNpz(Path file, ResponseOptions opts) throws IOException {
        Map<String, Npy.Entry> vars = Npz.read(file);
        String var = opts.variable();
        if (var == null) {
            var = autoVariable(vars.entrySet().stream()
                    .filter(e -> e.getValue() instanceof Npy.Array a && (a.shape().length == 2 || a.shape().length == 3))
                    .map(Map.Entry::getKey).toList(), vars.keySet(), file);
        }
        Npy.Entry e = vars.get(var);
        if (!(e instanceof Npy.Array a)) {
            throw new IllegalArgumentException(file + ": no numeric array '" + var + "' (members: " + vars.keySet()
                    + "); name it with the variable option");
        }
        List<String> sids = npzIds(vars, opts.stimulusIdsVariable(), file);
        List<String> nids = npzIds(vars, opts.neuronIdsVariable(), file);
        return fromNumeric(Numeric.of(a), sids, nids, file + " '" + var + "'");
    }

    private static String autoVariable(List<String> candidates, java.util.Collection<String> all, Path file) {
        if (all.contains("responses")) {
            return "responses";
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        throw new IllegalArgumentException(file + ": cannot tell which variable holds the responses ("
                + (candidates.isEmpty() ? "no numeric array of 2 or 3 dimensions among " + all
                : "candidates " + candidates) + "); name it 'responses' or set the variable option");
    }

    private static List<String> npzIds(Map<String, Npy.Entry> vars, String name, Path file) {
        if (name == null || !vars.containsKey(name)) {
            return null;
        }
        Npy.Entry e = vars.get(name);
        if (e.shape().length != 1) {
            throw new IllegalArgumentException(file + ": '" + name + "' must be a vector, found shape "
                    + Arrays.toString(e.shape()));
        }
        if (e instanceof Npy.Text t) {
            return Arrays.asList(t.values());
        }
        return numbersAsIds(((Npy.Array) e).data(), file + " '" + name + "'");
    }

    private static List<String> numbersAsIds(double[] v, String what) {
        List<String> out = new ArrayList<>(v.length);
        for (double d : v) {
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(what + ": numeric ids must be integers, found " + d);
            }
            out.add(Long.toString((long) d));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ CSV

    private static Responses readCsv(Path file, ResponseOptions opts) throws IOException {
        CSVFormat format = (file.toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? CSVFormat.TDF : CSVFormat.DEFAULT)
                .builder().setHeader().setSkipHeaderRecord(true).setTrim(true).setIgnoreEmptyLines(true)
                .setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_ALL).get();
        try (Reader r = Utf8.reader(file); CSVParser p = CSVParser.parse(r, format)) {
            List<String> header = p.getHeaderNames();
            Ids.checkHeader(header, file.toString());
            if (header == null || header.size() < 2) {
                throw new IllegalArgumentException(file + ": needs a header with a stimulus id column and at least "
                        + "one neuron column (wide) or columns stimulus_id,neuron,response (long)");
            }
            if (header.contains("neuron") && header.contains("response")) {
                return readCsvLong(file, p, header, opts);
            }
            return readCsvWide(file, p, header, opts);
        }
    }

    private static Responses readCsvWide(Path file, CSVParser p, List<String> header, ResponseOptions opts) {
        String idCol = header.contains(opts.stimulusIdColumn()) ? opts.stimulusIdColumn() : header.get(0);
        List<String> neurons = header.stream().filter(h -> !h.equals(idCol)).toList();
        Map<String, List<double[]>> rows = new LinkedHashMap<>();
        for (CSVRecord rec : p) {
            String where = file + " line " + (rec.getRecordNumber() + 1);
            if (!rec.isConsistent()) {
                throw new IllegalArgumentException(where + ": " + rec.size() + " fields but the header has "
                        + header.size());
            }
            String id = rec.get(idCol);
            if (id.isEmpty()) {
                throw new IllegalArgumentException(where + ": empty stimulus id in column '" + idCol + "'");
            }
            double[] v = new double[neurons.size()];
            for (int n = 0; n < v.length; n++) {
                v[n] = parseValue(rec.get(neurons.get(n)), where, neurons.get(n));
            }
            rows.computeIfAbsent(id, k -> new ArrayList<>()).add(v);
        }
        int repeats = rows.values().stream().mapToInt(List::size).max().orElse(0);
        double[][][] t = new double[rows.size()][neurons.size()][repeats];
        int i = 0;
        for (List<double[]> reps : rows.values()) {
            for (int n = 0; n < neurons.size(); n++) {
                Arrays.fill(t[i][n], Double.NaN);
                for (int r = 0; r < reps.size(); r++) {
                    t[i][n][r] = reps.get(r)[n];
                }
            }
            i++;
        }
        return withContext(file, () -> new Responses(new ArrayList<>(rows.keySet()), neurons, t));
    }

    private static Responses readCsvLong(Path file, CSVParser p, List<String> header, ResponseOptions opts) {
        String idCol = opts.stimulusIdColumn();
        if (!header.contains(idCol)) {
            throw new IllegalArgumentException(file + ": long format needs a '" + idCol + "' column (header: "
                    + header + ")");
        }
        boolean hasRepeat = header.contains("repeat");
        record Row(String stimulus, String neuron, String repeat, double value) {}
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> stimuli = new LinkedHashMap<>();
        Map<String, Integer> neurons = new LinkedHashMap<>();
        Map<String, Integer> countOf = new HashMap<>();
        Map<String, Long> lineOf = new HashMap<>();
        for (CSVRecord rec : p) {
            long line = rec.getRecordNumber() + 1;
            String where = file + " line " + line;
            if (!rec.isConsistent()) {
                throw new IllegalArgumentException(where + ": " + rec.size() + " fields but the header has "
                        + header.size());
            }
            String sid = rec.get(idCol);
            String nid = rec.get("neuron");
            if (sid.isEmpty() || nid.isEmpty()) {
                throw new IllegalArgumentException(where + ": empty " + (sid.isEmpty() ? "'" + idCol + "'" : "'neuron'"));
            }
            stimuli.putIfAbsent(sid, stimuli.size());
            neurons.putIfAbsent(nid, neurons.size());
            // without a repeat column, the trials of a (stimulus, neuron) are its repeats in row order
            int seen = countOf.merge(sid + "\u0000" + nid, 1, Integer::sum);
            String rep = hasRepeat ? rec.get("repeat") : Integer.toString(seen - 1);
            if (rep.isEmpty()) {
                throw new IllegalArgumentException(where + ": empty 'repeat'");
            }
            Long before = lineOf.put(sid + "\u0000" + nid + "\u0000" + rep, line);
            if (before != null) {
                throw new IllegalArgumentException(where + ": duplicate response for stimulus '" + sid + "', neuron '"
                        + nid + "', repeat '" + rep + "' (first at line " + before + ")");
            }
            rows.add(new Row(sid, nid, rep, parseValue(rec.get("response"), where, "response")));
        }
        // repeat slots per stimulus: its repeat labels sorted (numerically when all are numbers)
        Map<String, java.util.TreeSet<String>> labels = new HashMap<>();
        boolean numeric = rows.stream().allMatch(r -> r.repeat().matches("-?\\d+(\\.0*)?"));
        java.util.Comparator<String> cmp = numeric
                ? java.util.Comparator.comparingDouble(Double::parseDouble) : java.util.Comparator.naturalOrder();
        for (Row r : rows) {
            labels.computeIfAbsent(r.stimulus(), k -> new java.util.TreeSet<>(cmp)).add(r.repeat());
        }
        int repeats = labels.values().stream().mapToInt(java.util.Set::size).max().orElse(0);
        Map<String, Map<String, Integer>> slot = new HashMap<>();
        for (Map.Entry<String, java.util.TreeSet<String>> e : labels.entrySet()) {
            Map<String, Integer> m = new HashMap<>();
            for (String l : e.getValue()) {
                m.put(l, m.size());
            }
            slot.put(e.getKey(), m);
        }
        double[][][] t = new double[stimuli.size()][neurons.size()][repeats];
        for (double[][] a : t) {
            for (double[] b : a) {
                Arrays.fill(b, Double.NaN);
            }
        }
        for (Row r : rows) {
            t[stimuli.get(r.stimulus())][neurons.get(r.neuron())][slot.get(r.stimulus()).get(r.repeat())] = r.value();
        }
        return withContext(file, () -> new Responses(new ArrayList<>(stimuli.keySet()),
                new ArrayList<>(neurons.keySet()), t));
    }

    private static double parseValue(String s, String where, String column) {
        if (s.isEmpty() || s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("na") || s.equalsIgnoreCase("n/a")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ", column '" + column + "': '" + s + "' is not a number "
                    + "(leave the cell empty or write NaN for a missing trial)");
        }
    }

    private static Responses withContext(Path file, java.util.function.Supplier<Responses> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------- MAT v5

    private static Responses readMat5(Path file, ResponseOptions opts) throws IOException {
        Mat5File mat;
        try {
            mat = Mat5.readFromFile(file.toFile());
        } catch (RuntimeException | IOException e) {
            throw new IOException(file + ": not a readable MATLAB v5 .mat file (" + e.getMessage() + ")", e);
        }
        try (mat) {
            Map<String, us.hebi.matlab.mat.types.Array> vars = new LinkedHashMap<>();
            for (MatFile.Entry e : mat.getEntries()) {
                vars.put(e.getName(), e.getValue());
            }
            String var = opts.variable();
            if (var == null) {
                var = autoVariable(vars.entrySet().stream()
                        .filter(e -> e.getValue() instanceof Matrix m && isNumeric(m.getType())
                                && m.getNumDimensions() <= 3 && m.getNumElements() > 1
                                && !e.getKey().equals(opts.stimulusIdsVariable())
                                && !e.getKey().equals(opts.neuronIdsVariable()))
                        .map(Map.Entry::getKey).toList(), vars.keySet(), file);
            }
            if (!(vars.get(var) instanceof Matrix m) || !isNumeric(m.getType())) {
                throw new IllegalArgumentException(file + ": no numeric variable '" + var + "' (variables: "
                        + vars.keySet() + "); name it with the variable option");
            }
            int[] dims = m.getDimensions();
            double[] data = new double[m.getNumElements()];
            for (int k = 0; k < data.length; k++) {
                data[k] = m.getDouble(k); // linear index = MATLAB column-major order
            }
            List<String> sids = mat5Ids(vars.get(opts.stimulusIdsVariable()), file, opts.stimulusIdsVariable());
            List<String> nids = mat5Ids(vars.get(opts.neuronIdsVariable()), file, opts.neuronIdsVariable());
            return fromNumeric(new Numeric(dims, data, true), sids, nids, file + " '" + var + "'");
        }
    }

    private static boolean isNumeric(MatlabType t) {
        return t != MatlabType.Cell && t != MatlabType.Structure && t != MatlabType.Object && t != MatlabType.Character
                && t != MatlabType.Sparse && t != MatlabType.Function && t != MatlabType.Opaque;
    }

    private static List<String> mat5Ids(us.hebi.matlab.mat.types.Array a, Path file, String name) {
        if (a == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (a instanceof Cell c) {
            for (int k = 0; k < c.getNumElements(); k++) {
                us.hebi.matlab.mat.types.Array el = c.get(k);
                if (el instanceof Char ch) {
                    out.add(ch.getString().trim());
                } else if (el instanceof Matrix m && m.getNumElements() == 1) {
                    out.addAll(numbersAsIds(new double[] {m.getDouble(0)}, file + " '" + name + "'"));
                } else {
                    throw new IllegalArgumentException(file + ": '" + name + "' must be a cell array of strings");
                }
            }
            return out;
        }
        if (a instanceof Char ch) {
            for (int r = 0; r < ch.getNumRows(); r++) {
                out.add(ch.getRow(r).trim());
            }
            return out;
        }
        if (a instanceof Matrix m) {
            double[] v = new double[m.getNumElements()];
            for (int k = 0; k < v.length; k++) {
                v[k] = m.getDouble(k);
            }
            return numbersAsIds(v, file + " '" + name + "'");
        }
        throw new IllegalArgumentException(file + ": '" + name + "' must be a cell array of strings, a char matrix "
                + "or a numeric vector");
    }

    // ------------------------------------------------------------------------------ HDF5 / MAT v7.3

    private static boolean isHdf5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            // the superblock may follow a user block of 0, 512, 1024, ... bytes (MATLAB uses 512)
            byte[] head = in.readNBytes(8);
            long pos = 8;
            for (long at = 0; at <= 4096; at = at == 0 ? 512 : at * 2) {
                if (at > 0) {
                    in.skipNBytes(at - pos);
                    head = in.readNBytes(8);
                    pos = at + 8;
                }
                if (Arrays.equals(head, HDF5_SIGNATURE)) {
                    return true;
                }
                if (head.length < 8) {
                    return false;
                }
            }
        } catch (java.io.EOFException e) {
            return false;
        }
        return false;
    }

    private static boolean isNwb(Path file) {
        try (HdfFile h = new HdfFile(file)) {
            return h.getChildren().containsKey("units") || h.getAttributes().containsKey("nwb_version");
        } catch (RuntimeException e) {
            return false; // not readable as HDF5 at all: the HDF5 reader says why
        }
    }

    private static HdfFile openHdf(Path file) throws IOException {
        try {
            return new HdfFile(file);
        } catch (HdfException e) {
            throw new IOException(file + ": not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
    }

    private static Responses readHdf5(Path file, ResponseOptions opts, boolean matlab) throws IOException {
        try (HdfFile h = openHdf(file)) {
            String var = opts.variable();
            if (var == null) {
                List<String> candidates = new ArrayList<>();
                for (Node n : h) {
                    if (n instanceof Dataset d && !d.isScalar() && (d.getDimensions().length == 2
                            || d.getDimensions().length == 3) && isNumericJava(d.getJavaType())
                            && !(matlab && "char".equals(matlabClass(d)))) {
                        candidates.add(n.getName());
                    }
                }
                var = autoVariable(candidates, h.getChildren().keySet(), file);
            }
            Node node = nodeAt(h, var);
            if (!(node instanceof Dataset d) || !isNumericJava(d.getJavaType())) {
                throw new IllegalArgumentException(file + ": no numeric dataset '" + var + "' (top level: "
                        + h.getChildren().keySet() + "); name it with the variable option");
            }
            int[] dims = d.getDimensions();
            double[] data = toDoubles(d.getDataFlat());
            Numeric a;
            if (matlab) {
                // MATLAB v7.3 stores column-major arrays with the HDF5 dimensions reversed
                int[] rev = new int[dims.length];
                for (int k = 0; k < dims.length; k++) {
                    rev[k] = dims[dims.length - 1 - k];
                }
                a = new Numeric(rev, data, true);
            } else {
                a = new Numeric(dims, data, false);
            }
            List<String> sids = hdfIds(h, opts.stimulusIdsVariable(), file, matlab);
            List<String> nids = hdfIds(h, opts.neuronIdsVariable(), file, matlab);
            return fromNumeric(a, sids, nids, file + " '" + var + "'");
        } catch (HdfException e) {
            throw new IOException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static Node nodeAt(Group g, String path) {
        try {
            return g.getByPath(path.startsWith("/") ? path.substring(1) : path);
        } catch (HdfException e) {
            return null;
        }
    }

    private static String matlabClass(Node n) {
        Attribute a = n.getAttribute("MATLAB_class");
        if (a == null) {
            return null;
        }
        Object v = a.getData();
        return v instanceof String s ? s : String.valueOf(v);
    }

    private static boolean isNumericJava(Class<?> c) {
        return c == double.class || c == float.class || c == int.class || c == long.class || c == short.class
                || c == byte.class || c == Double.class || c == Float.class || c == Integer.class || c == Long.class
                || c == Short.class || c == Byte.class;
    }

    private static double[] toDoubles(Object flat) {
        int n = Array.getLength(flat);
        double[] out = new double[n];
        if (flat instanceof double[] d) {
            return d;
        }
        for (int i = 0; i < n; i++) {
            Object v = Array.get(flat, i);
            out[i] = ((Number) v).doubleValue();
        }
        return out;
    }

    private static List<String> hdfIds(HdfFile h, String name, Path file, boolean matlab) {
        if (name == null) {
            return null;
        }
        Node n = nodeAt(h, name);
        return n == null ? null : hdfIds(h, n, name, file, matlab);
    }

    private static List<String> hdfIds(HdfFile h, Node n, String name, Path file, boolean matlab) {
        if (!(n instanceof Dataset d)) {
            throw new IllegalArgumentException(file + ": '" + name + "' must be a dataset of ids");
        }
        String what = file + " '" + name + "'";
        if (matlab) {
            String cls = matlabClass(d);
            if ("char".equals(cls)) {
                // MATLAB char matrix [n x L] is stored as uint16 [L, n]
                int[] dims = d.getDimensions();
                double[] codes = toDoubles(d.getDataFlat());
                int len = dims.length == 2 ? dims[0] : codes.length;
                int count = dims.length == 2 ? dims[1] : 1;
                List<String> out = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    StringBuilder sb = new StringBuilder();
                    for (int l = 0; l < len; l++) {
                        sb.append((char) codes[l * count + i]);
                    }
                    out.add(sb.toString().trim());
                }
                return out;
            }
            if ("cell".equals(cls)) {
                Object flat = d.getDataFlat();
                List<String> out = new ArrayList<>();
                for (int k = 0; k < Array.getLength(flat); k++) {
                    long address = ((Number) Array.get(flat, k)).longValue();
                    Node el = h.getNodeByAddress(address);
                    if (!(el instanceof Dataset ed) || !"char".equals(matlabClass(ed))) {
                        throw new IllegalArgumentException(what + ": must be a cell array of strings");
                    }
                    double[] codes = toDoubles(ed.getDataFlat());
                    StringBuilder sb = new StringBuilder();
                    for (double c : codes) {
                        sb.append((char) c);
                    }
                    out.add(sb.toString().trim());
                }
                return out;
            }
        }
        Object flat = d.getDataFlat();
        if (flat instanceof String[] s) {
            return Arrays.stream(s).map(String::trim).toList();
        }
        if (isNumericJava(d.getJavaType())) {
            return numbersAsIds(toDoubles(flat), what);
        }
        throw new IllegalArgumentException(what + ": ids must be strings or integers, found " + d.getJavaType());
    }

    // ------------------------------------------------------------------------------------------ NWB

    private static Responses readNwb(Path file, ResponseOptions opts) throws IOException {
        try (HdfFile h = openHdf(file)) {
            if (!(nodeAt(h, "units") instanceof Group units)) {
                throw new IllegalArgumentException(file + ": no Units table (/units); the NWB file must hold sorted "
                        + "units with spike_times");
            }
            Dataset st = requireDataset(units, "spike_times", file);
            Dataset sti = requireDataset(units, "spike_times_index", file);
            double[] spikes = toDoubles(st.getDataFlat());
            double[] ends = toDoubles(sti.getDataFlat());
            List<String> neuronIds;
            if (nodeAt(units, "id") instanceof Dataset ids) {
                neuronIds = hdfIds(h, ids, "/units/id", file, false);
                if (neuronIds.size() != ends.length) {
                    throw new IllegalArgumentException(file + ": /units/id has " + neuronIds.size()
                            + " ids but spike_times_index has " + ends.length + " units");
                }
            } else {
                neuronIds = new ArrayList<>();
                for (int n = 0; n < ends.length; n++) {
                    neuronIds.add(Integer.toString(n));
                }
            }
            double[][] unitSpikes = new double[ends.length][];
            int begin = 0;
            for (int n = 0; n < ends.length; n++) {
                int end = (int) ends[n];
                if (end < begin || end > spikes.length) {
                    throw new IllegalArgumentException(file + ": /units/spike_times_index[" + n + "] = " + end
                            + " is out of order or beyond the " + spikes.length + " spike times");
                }
                unitSpikes[n] = Arrays.copyOfRange(spikes, begin, end);
                Arrays.sort(unitSpikes[n]);
                begin = end;
            }
            Group table = findIntervals(h, opts, file);
            String col = opts.stimulusIdColumn();
            double[] onsets = toDoubles(requireDataset(table, "start_time", file).getDataFlat());
            if (nodeAt(table, col + "_index") != null) {
                throw new IllegalArgumentException(file + ": column '" + col + "' of " + path(table)
                        + " is ragged (has " + col + "_index); it must hold one stimulus id per presentation");
            }
            List<String> stim = hdfIds(h, nodeAt(table, col), path(table) + "/" + col, file, false);
            if (stim.size() != onsets.length) {
                throw new IllegalArgumentException(file + ": " + path(table) + " has " + onsets.length
                        + " start times but " + stim.size() + " values in column '" + col + "'");
            }
            Integer[] order = new Integer[onsets.length];
            for (int k = 0; k < order.length; k++) {
                order[k] = k;
            }
            Arrays.sort(order, (a, b) -> Double.compare(onsets[a], onsets[b]));
            Map<String, List<Integer>> byStimulus = new LinkedHashMap<>();
            for (int k : order) {
                byStimulus.computeIfAbsent(stim.get(k), s -> new ArrayList<>()).add(k);
            }
            int repeats = byStimulus.values().stream().mapToInt(List::size).max().orElse(0);
            double width = opts.windowEnd() - opts.windowStart();
            double[][][] t = new double[byStimulus.size()][unitSpikes.length][repeats];
            int i = 0;
            for (List<Integer> pres : byStimulus.values()) {
                for (int n = 0; n < unitSpikes.length; n++) {
                    Arrays.fill(t[i][n], Double.NaN);
                    for (int r = 0; r < pres.size(); r++) {
                        double t0 = onsets[pres.get(r)];
                        int count = lowerBound(unitSpikes[n], t0 + opts.windowEnd())
                                - lowerBound(unitSpikes[n], t0 + opts.windowStart());
                        t[i][n][r] = opts.rates() ? count / width : count;
                    }
                }
                i++;
            }
            return withContext(file, () -> new Responses(new ArrayList<>(byStimulus.keySet()), neuronIds, t));
        } catch (HdfException e) {
            throw new IOException(file + ": cannot read NWB (" + e.getMessage() + ")", e);
        }
    }

    private static Group findIntervals(HdfFile h, ResponseOptions opts, Path file) {
        String col = opts.stimulusIdColumn();
        if (opts.intervalsTable() != null) {
            Node n = nodeAt(h, opts.intervalsTable());
            if (!(n instanceof Group g)) {
                throw new IllegalArgumentException(file + ": no intervals table '" + opts.intervalsTable() + "'");
            }
            if (nodeAt(g, col) == null) {
                throw new IllegalArgumentException(file + ": table " + path(g) + " has no column '" + col
                        + "' (columns: " + g.getChildren().keySet() + "); set the stimulus id column option");
            }
            return g;
        }
        List<Group> tables = new ArrayList<>();
        if (nodeAt(h, "intervals/trials") instanceof Group trials) {
            tables.add(trials);
        }
        if (nodeAt(h, "intervals") instanceof Group intervals) {
            for (Node n : intervals) {
                if (n instanceof Group g && !n.getName().equals("trials")) {
                    tables.add(g);
                }
            }
        }
        for (Group g : tables) {
            if (nodeAt(g, col) != null && nodeAt(g, "start_time") != null) {
                return g;
            }
        }
        List<String> seen = tables.stream().map(g -> path(g) + " " + g.getChildren().keySet()).toList();
        throw new IllegalArgumentException(file + ": no trials or intervals table with a '" + col + "' column "
                + (seen.isEmpty() ? "(no tables under /intervals)" : "(found " + String.join("; ", seen) + ")")
                + "; set the stimulus id column or the intervals table option");
    }

    private static Dataset requireDataset(Group g, String name, Path file) {
        if (!(nodeAt(g, name) instanceof Dataset d)) {
            throw new IllegalArgumentException(file + ": " + path(g) + " has no '" + name + "' dataset (has "
                    + g.getChildren().keySet() + ")");
        }
        return d;
    }

    /** jHDF ends group paths with a slash; messages and child paths want none. */
    private static String path(Node n) {
        String p = n.getPath();
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** The first index whose value is {@code >= x}. */
    private static int lowerBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
