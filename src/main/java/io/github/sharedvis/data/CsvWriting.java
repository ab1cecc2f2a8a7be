package io.github.sharedvis.data;

import io.github.sharedvis.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writing the CSV files this package reads (stimulus manifests, long-format responses): RFC 4180,
 * {@code \n} line ends, a field quoted only where it must be, written atomically.
 */
final class CsvWriting {
    private CsvWriting() {}

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();

    /** Receives the printer for the rows after the header. */
    interface Rows {
        void print(CSVPrinter printer) throws IOException;
    }

    static void write(Path file, List<String> header, Rows rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(sb, FORMAT)) {
            p.printRecord(header);
            rows.print(p);
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /** A value as the readers take it back: whole numbers without a decimal point, NaN for missing. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
