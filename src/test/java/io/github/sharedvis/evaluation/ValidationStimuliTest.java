package io.github.sharedvis.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.data.StimulusSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fLoc's {@code labels.csv} read as CSV (quoted fields, blank lines, errors naming file and line) and
 * the validation's {@code stimuli.csv} written as RFC 4180: ordinary paths bare, odd ones quoted.
 */
class ValidationStimuliTest {

    @TempDir
    Path tmp;

    private Path labels(String text) throws IOException {
        Path f = tmp.resolve("labels.csv");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsQuotedFieldsSkipsBlankLinesAndScrambled() throws IOException {
        Path f = labels("image,category,domain\nbody/a.jpg,body,body\n\n\"car/b,1.jpg\",car,object\n"
                + "scrambled/c.jpg,scrambled,scrambled\n");
        Map<String, String> domains = new LinkedHashMap<>();
        Map<String, List<String>> byCat = ValidationStimuli.readLabels(f, domains);
        assertEquals(Map.of("body", List.of("body/a.jpg"), "car", List.of("car/b,1.jpg")), byCat);
        assertEquals(Map.of("body", "body", "car", "object"), domains);
    }

    @Test
    void errorsNameTheFileAndLine() throws IOException {
        Path bad = labels("image,category,domain\nbody/a.jpg,body,body\n\nbody/b.jpg,body\n");
        IOException e = assertThrows(IOException.class, () -> ValidationStimuli.readLabels(bad, new LinkedHashMap<>()));
        assertTrue(e.getMessage().startsWith(bad + ":4: expected 3 fields"), e.getMessage());
        Path header = labels("image,category\nbody/a.jpg,body\n");
        IOException h = assertThrows(IOException.class,
                () -> ValidationStimuli.readLabels(header, new LinkedHashMap<>()));
        assertTrue(h.getMessage().startsWith(header + ": expected the header image,category,domain"), h.getMessage());
    }

    @Test
    void manifestQuotesOnlyOddPaths() throws IOException {
        Map<String, List<String>> byCat = new LinkedHashMap<>();
        byCat.put("body", List.of("body/a.jpg"));
        byCat.put("car", List.of("car/b,\"1\".jpg"));
        Path data = Path.of("/data/floc");
        Path file = tmp.resolve("stimuli.csv");
        StimulusSet.writeManifest(file, ValidationStimuli.choose(byCat, data, 10), false);
        String text = Files.readString(file);
        assertEquals("image,category,stimulus_id\n/data/floc/body/a.jpg,body,a\n"
                + "\"/data/floc/car/b,\"\"1\"\".jpg\",car,\"b,\"\"1\"\"\"\n", text);
    }
}
