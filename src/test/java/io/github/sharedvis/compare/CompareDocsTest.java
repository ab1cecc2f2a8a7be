package io.github.sharedvis.compare;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.run.RunTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/compare.md documents every column of the files compare writes (the records are their one home). */
class CompareDocsTest {

    @Test
    void everyColumnIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("docs/compare.md"));
        for (RunTable<?> t : List.of(CompareRow.TABLE, LayerSummaryRow.TABLE, AgreementRow.TABLE,
                AgreementSummaryRow.TABLE)) {
            for (String c : t.columns()) {
                assertTrue(doc.contains("| `" + c + "`") || doc.contains("`" + c + "`, ") || doc.contains(", `" + c + "`"),
                        "docs/compare.md does not document column " + c);
            }
        }
    }
}
