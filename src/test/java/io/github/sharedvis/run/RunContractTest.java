package io.github.sharedvis.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The documented file contract ({@code docs/outputs.md}) lists exactly the columns the row records declare. */
class RunContractTest {

    /**
     * The names in the first column of the Markdown table under a {@code ### `file`} heading (a cell
     * may name several: {@code `ooc_id`, `ooc_category`}).
     */
    static List<String> documentedColumns(String file) throws IOException {
        String doc = Files.readString(Path.of("docs/outputs.md"));
        int at = doc.indexOf("### `" + file + "`");
        if (at < 0) {
            throw new AssertionError("docs/outputs.md has no section ### `" + file + "`");
        }
        int end = doc.indexOf("\n#", at + 1);
        Matcher row = Pattern.compile("(?m)^\\| ((?:`[a-z0-9_]+`(?:, )?)+) \\|").matcher(
                doc.substring(at, end < 0 ? doc.length() : end));
        List<String> cols = new ArrayList<>();
        while (row.find()) {
            Matcher name = Pattern.compile("`([a-z0-9_]+)`").matcher(row.group(1));
            while (name.find()) {
                cols.add(name.group(1));
            }
        }
        return cols;
    }

    @Test
    void summaryColumnsAreDocumentedInOrder() throws IOException {
        assertEquals(NeuronRow.TABLE.columns(), documentedColumns("summary.csv"));
    }

    @Test
    void pairColumnsAreDocumentedInOrder() throws IOException {
        assertEquals(PairRow.TABLE.columns(), documentedColumns("pairs.csv"));
    }
}
