package io.github.sharedvis.run;

import io.github.sharedvis.util.AtomicFiles;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * A CSV table of the run whose row type is a record: the columns are the record's components, in
 * declaration order, named in snake_case ({@code rWithinCv} → {@code r_within_cv}). The record is the
 * one home of a table's columns; writing, reading and the documentation's column lists all derive
 * from it.
 *
 * <p>Cells: {@code String} as text, {@code int} as a whole number, {@code double} as
 * {@link Csv#number} writes it ({@code NaN} for missing; reading also accepts {@code inf}, {@code na}
 * and an empty cell), {@code List<ReferenceCandidate>} as {@link ReferenceCandidate#encode}. A
 * component marked {@link RelativePath} must stay inside the run directory. Files are RFC 4180 with
 * {@code \n} line ends, written atomically; a byte-order mark and extra columns are accepted on
 * reading, and errors name the file, the line and the column.
 *
 * @param <R> the row type
 */
public final class RunTable<R extends Record> {

    private static final CSVFormat WRITE = CSVFormat.RFC4180.builder().setRecordSeparator("\n")
            .setQuoteMode(QuoteMode.MINIMAL).get();
    private static final CSVFormat READ = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();

    private final Class<R> type;
    private final RecordComponent[] components;
    private final CellType[] cellTypes;
    private final List<String> columns;
    private final Constructor<R> constructor;

    private RunTable(Class<R> type) {
        this.type = type;
        this.components = type.getRecordComponents();
        this.columns = Arrays.stream(components).map(c -> snakeCase(c.getName())).toList();
        try {
            this.constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type + " has no canonical constructor", e);
        }
        // resolved once (it fails early for a component type the table cannot hold), not per cell
        this.cellTypes = Arrays.stream(components).map(RunTable::cellType).toArray(CellType[]::new);
    }

    /**
     * @param type a record whose components are String, int, double or List&lt;ReferenceCandidate&gt;
     * @param <R> the row type
     * @return its table
     */
    public static <R extends Record> RunTable<R> of(Class<R> type) {
        return new RunTable<>(type);
    }

    /** @return the column names, in order */
    public List<String> columns() {
        return columns;
    }

    /**
     * @param rows the rows
     * @return the CSV text, header first
     */
    public String format(List<R> rows) {
        return String.join(",", columns) + "\n" + formatRows(rows);
    }

    /**
     * @param rows the rows
     * @return their CSV lines without the header (for a table assembled from parts)
     */
    public String formatRows(List<R> rows) {
        StringBuilder sb = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(sb, WRITE)) {
            for (R row : rows) {
                List<String> cells = new ArrayList<>(components.length);
                for (int k = 0; k < components.length; k++) {
                    cells.add(cell(cellTypes[k], value(components[k], row)));
                }
                printer.printRecord(cells);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to a StringBuilder failed", e);
        }
        return sb.toString();
    }

    /**
     * Writes the table atomically.
     *
     * @param file the file
     * @param rows the rows
     * @throws IOException when it cannot be written
     */
    public void write(Path file, List<R> rows) throws IOException {
        AtomicFiles.writeString(file, format(rows));
    }

    /**
     * @param file a CSV file with a header holding at least {@link #columns()}
     * @return its rows
     * @throws IOException when it is unreadable or malformed; the message names file, line and column
     */
    public List<R> read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString());
        }
    }

    /**
     * @param text CSV text with a header
     * @param source what to call it in error messages
     * @return its rows
     * @throws IOException when it is malformed
     */
    public List<R> parse(String text, String source) throws IOException {
        return read(new StringReader(text), source);
    }

    private List<R> read(Reader in, String source) throws IOException {
        PushbackReader reader = new PushbackReader(in);
        int first = reader.read();
        if (first != -1 && first != '\uFEFF') {
            reader.unread(first); // keep everything but a byte-order mark (spreadsheet programs add one)
        }
        CSVParser parser;
        try {
            parser = READ.parse(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(source + ": cannot read the CSV header (" + e.getMessage() + ")", e);
        }
        try (parser) {
            Map<String, Integer> header = parser.getHeaderMap();
            List<String> missing = columns.stream().filter(c -> header == null || !header.containsKey(c)).toList();
            if (!missing.isEmpty()) {
                throw new IOException(source + ": missing column(s) " + missing + "; the header must contain "
                        + String.join(",", columns));
            }
            List<R> rows = new ArrayList<>();
            try {
                for (CSVRecord rec : parser) {
                    rows.add(row(rec, source, parser.getHeaderNames().size()));
                }
            } catch (java.io.UncheckedIOException e) {
                throw new IOException(source + ": " + e.getCause().getMessage(), e.getCause());
            }
            return rows;
        }
    }

    private R row(CSVRecord rec, String source, int headerSize) throws IOException {
        Object[] args = new Object[components.length];
        for (int k = 0; k < components.length; k++) {
            String column = columns.get(k);
            if (!rec.isSet(column)) {
                throw error(source, rec, column, "missing value (the row has " + rec.size() + " fields, the header "
                        + headerSize + ")");
            }
            args[k] = parseCell(cellTypes[k], components[k], rec.get(column), source, rec, column);
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw new IOException(source + ": line " + (rec.getRecordNumber() + 1) + ": " + iae.getMessage(), iae);
            }
            throw new IllegalStateException("constructing " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("constructing " + type.getSimpleName(), e);
        }
    }

    private enum CellType { TEXT, INTEGER, NUMBER, CANDIDATES }

    private static CellType cellType(RecordComponent c) {
        Class<?> t = c.getType();
        if (t == String.class) {
            return CellType.TEXT;
        }
        if (t == int.class) {
            return CellType.INTEGER;
        }
        if (t == double.class) {
            return CellType.NUMBER;
        }
        Type g = c.getGenericType();
        if (t == List.class && g.getTypeName().equals("java.util.List<" + ReferenceCandidate.class.getName() + ">")) {
            return CellType.CANDIDATES;
        }
        throw new IllegalStateException("a run table cannot hold " + g + " (" + c + ")");
    }

    private static Object value(RecordComponent c, Record row) {
        try {
            return c.getAccessor().invoke(row);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("reading " + c, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static String cell(CellType type, Object v) {
        return switch (type) {
            case TEXT -> (String) v;
            case INTEGER -> String.valueOf((int) (Integer) v);
            case NUMBER -> Csv.number((Double) v);
            case CANDIDATES -> ReferenceCandidate.encode((List<ReferenceCandidate>) v);
        };
    }

    private static Object parseCell(CellType type, RecordComponent c, String s, String source, CSVRecord rec,
            String column) throws IOException {
        switch (type) {
            case TEXT: {
                RelativePath rp = c.getAnnotation(RelativePath.class);
                if (rp == null) {
                    return s;
                }
                String p = s.trim();
                if (p.isEmpty()) {
                    if (rp.required()) {
                        throw error(source, rec, column, "is empty; give the file's path relative to the run directory");
                    }
                    return "";
                }
                if (!RunFiles.staysInside(p)) {
                    throw error(source, rec, column, "'" + p + "' must be a path relative to the run directory that "
                            + "stays inside it");
                }
                return p;
            }
            case INTEGER: {
                double v = number(s, source, rec, column);
                if (!(v == Math.rint(v)) || Math.abs(v) > Integer.MAX_VALUE) {
                    throw error(source, rec, column, "'" + s + "' is not a whole number");
                }
                return (int) v;
            }
            case NUMBER:
                return number(s, source, rec, column);
            case CANDIDATES:
                try {
                    return ReferenceCandidate.decode(s.trim());
                } catch (IllegalArgumentException e) {
                    throw error(source, rec, column, e.getMessage());
                }
            default:
                throw new IllegalStateException(c.toString());
        }
    }

    private static double number(String cell, String source, CSVRecord rec, String column) throws IOException {
        String s = cell.trim();
        switch (s.toLowerCase(Locale.ROOT)) {
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
            throw error(source, rec, column, "'" + s + "' is not a number; write plain decimals and NaN for missing values");
        }
    }

    private static IOException error(String source, CSVRecord rec, String column, String what) {
        // header is line 1, so record k (1-based) starts on line k+1 when no field spans lines
        return new IOException(source + ": line " + (rec.getRecordNumber() + 1) + ", column " + column + ": " + what);
    }

    /**
     * @param name a record component name in camelCase
     * @return the column name in snake_case (a digit stays with the letters before it: {@code r2OocNorm} →
     *     {@code r2_ooc_norm})
     */
    static String snakeCase(String name) {
        StringBuilder sb = new StringBuilder();
        for (char ch : name.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                sb.append('_').append(Character.toLowerCase(ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
