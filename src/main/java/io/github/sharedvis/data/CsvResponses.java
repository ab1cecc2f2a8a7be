package io.github.sharedvis.data;

import io.github.sharedvis.util.InputException;
import io.github.sharedvis.util.Utf8;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * {@code .csv}/{@code .tsv}/{@code .txt} responses, wide (a stimulus id column and one column per
 * neuron; a stimulus on several rows gets one repeat per row) or long (columns
 * {@code stimulus_id, neuron, response} and optionally {@code repeat}), chosen by the header.
 */
final class CsvResponses implements ResponseFormat {

    @Override
    public List<String> extensions() {
        return List.of("csv", "tsv", "txt");
    }

    /** Text has no signature; a CSV file must say so by its extension. */
    @Override
    public boolean recognises(Path file, byte[] head) {
        return false;
    }

    /** The columns of the long format, in the order {@link #writeLong} writes them (the id column's name is {@link ResponseOptions#stimulusIdColumn()}'s default). */
    static final List<String> LONG_COLUMNS = List.of(ResponseOptions.defaults().stimulusIdColumn(), "neuron", "repeat",
            "response");

    /**
     * Writes responses in the long format: one row per stimulus, neuron and repeat (repeats numbered
     * from 1; a missing trial is {@code NaN}).
     */
    static void writeLong(Path file, Responses r) throws IOException {
        CsvWriting.write(file, LONG_COLUMNS, p -> {
            for (int i = 0; i < r.nStimuli(); i++) {
                for (int j = 0; j < r.neuronIds().size(); j++) {
                    for (int k = 0; k < r.nRepeats(); k++) {
                        // the float32 value's shortest decimal (reads back to the same float)
                        double v = Double.parseDouble(Float.toString(r.trials().get(i, j, k)));
                        p.printRecord(r.stimulusIds().get(i), r.neuronIds().get(j), k + 1, CsvWriting.number(v));
                    }
                }
            }
        });
    }

    @Override
    public Responses read(Path file, ResponseOptions opts) throws IOException {
        CSVFormat format = (file.toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? CSVFormat.TDF : CSVFormat.DEFAULT)
                .builder().setHeader().setSkipHeaderRecord(true).setTrim(true).setIgnoreEmptyLines(true)
                .setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL).get();
        try (Reader r = Utf8.reader(file); CSVParser p = CSVParser.parse(r, format)) {
            List<String> header = p.getHeaderNames();
            Ids.checkHeader(header, file.toString());
            if (header == null || header.size() < 2) {
                throw new InputException(file + ": needs a header with a stimulus id column and at least "
                        + "one neuron column (wide) or columns stimulus_id,neuron,response (long)");
            }
            if (header.contains(LONG_COLUMNS.get(1)) && header.contains(LONG_COLUMNS.get(3))) {
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
                throw new InputException(where + ": " + rec.size() + " fields but the header has "
                        + header.size());
            }
            String id = rec.get(idCol);
            if (id.isEmpty()) {
                throw new InputException(where + ": empty stimulus id in column '" + idCol + "'");
            }
            double[] v = new double[neurons.size()];
            for (int n = 0; n < v.length; n++) {
                v[n] = parseValue(rec.get(neurons.get(n)), where, neurons.get(n));
            }
            rows.computeIfAbsent(id, k -> new ArrayList<>()).add(v);
        }
        int repeats = rows.values().stream().mapToInt(List::size).max().orElse(0);
        Trials t = Trials.allocate(rows.size(), neurons.size(), repeats, opts.scratch()); // NaN = missing
        int i = 0;
        for (List<double[]> reps : rows.values()) {
            for (int n = 0; n < neurons.size(); n++) {
                for (int r = 0; r < reps.size(); r++) {
                    t.set(i, n, r, reps.get(r)[n]);
                }
            }
            i++;
        }
        return ResponseArrays.withContext(file, () -> new Responses(new ArrayList<>(rows.keySet()), neurons, t));
    }

    private static Responses readCsvLong(Path file, CSVParser p, List<String> header, ResponseOptions opts) {
        String idCol = opts.stimulusIdColumn();
        if (!header.contains(idCol)) {
            throw new InputException(file + ": long format needs a '" + idCol + "' column (header: "
                    + header + ")");
        }
        boolean hasRepeat = header.contains(LONG_COLUMNS.get(2));
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
                throw new InputException(where + ": " + rec.size() + " fields but the header has "
                        + header.size());
            }
            String sid = rec.get(idCol);
            String nid = rec.get(LONG_COLUMNS.get(1));
            if (sid.isEmpty() || nid.isEmpty()) {
                throw new InputException(where + ": empty " + (sid.isEmpty() ? "'" + idCol + "'" : "'neuron'"));
            }
            stimuli.putIfAbsent(sid, stimuli.size());
            neurons.putIfAbsent(nid, neurons.size());
            // without a repeat column, the trials of a (stimulus, neuron) are its repeats in row order
            int seen = countOf.merge(sid + "\u0000" + nid, 1, Integer::sum);
            String rep = hasRepeat ? rec.get(LONG_COLUMNS.get(2)) : Integer.toString(seen - 1);
            if (rep.isEmpty()) {
                throw new InputException(where + ": empty 'repeat'");
            }
            Long before = lineOf.put(sid + "\u0000" + nid + "\u0000" + rep, line);
            if (before != null) {
                throw new InputException(where + ": duplicate response for stimulus '" + sid + "', neuron '"
                        + nid + "', repeat '" + rep + "' (first at line " + before + ")");
            }
            rows.add(new Row(sid, nid, rep, parseValue(rec.get(LONG_COLUMNS.get(3)), where, LONG_COLUMNS.get(3))));
        }
        // repeat slots per stimulus: its repeat labels sorted (numerically when all are numbers)
        Map<String, TreeSet<String>> labels = new HashMap<>();
        boolean numeric = rows.stream().allMatch(r -> r.repeat().matches("-?\\d+(\\.0*)?"));
        Comparator<String> cmp = numeric
                ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
        for (Row r : rows) {
            labels.computeIfAbsent(r.stimulus(), k -> new TreeSet<>(cmp)).add(r.repeat());
        }
        int repeats = labels.values().stream().mapToInt(Set::size).max().orElse(0);
        Map<String, Map<String, Integer>> slot = new HashMap<>();
        for (Map.Entry<String, TreeSet<String>> e : labels.entrySet()) {
            Map<String, Integer> m = new HashMap<>();
            for (String l : e.getValue()) {
                m.put(l, m.size());
            }
            slot.put(e.getKey(), m);
        }
        Trials t = Trials.allocate(stimuli.size(), neurons.size(), repeats, opts.scratch()); // NaN = missing
        for (Row r : rows) {
            t.set(stimuli.get(r.stimulus()), neurons.get(r.neuron()), slot.get(r.stimulus()).get(r.repeat()), r.value());
        }
        return ResponseArrays.withContext(file, () -> new Responses(new ArrayList<>(stimuli.keySet()),
                new ArrayList<>(neurons.keySet()), t));
    }

    private static double parseValue(String s, String where, String column) {
        if (s.isEmpty() || s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("na") || s.equalsIgnoreCase("n/a")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new InputException(where + ", column '" + column + "': '" + s + "' is not a number "
                    + "(leave the cell empty or write NaN for a missing trial)");
        }
    }
}
