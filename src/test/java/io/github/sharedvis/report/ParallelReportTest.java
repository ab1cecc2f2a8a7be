package io.github.sharedvis.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.run.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drawing neurons in parallel writes the same files, byte for byte, as drawing them one at a time. */
class ParallelReportTest {

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    @Test
    void anyThreadCountWritesTheSameFiles(@TempDir Path tmp) throws Exception {
        Path one = tmp.resolve("one");
        Path four = tmp.resolve("four");
        SyntheticRun.create(one, SyntheticRun.ODD_IDS, 3, 32, 1, null);
        SyntheticRun.create(four, SyntheticRun.ODD_IDS, 3, 32, 1, null);
        Report.write(RunFiles.read(one), 1);
        Report.write(RunFiles.read(four), 4);
        List<Path> a = files(one);
        assertEquals(a, files(four));
        assertTrue(a.stream().filter(p -> p.startsWith("report/assets/maps")).count() >= 2 * SyntheticRun.ODD_IDS.size(),
                "the maps of every neuron were drawn: " + a);
        for (Path p : a) {
            assertArrayEquals(Files.readAllBytes(one.resolve(p)), Files.readAllBytes(four.resolve(p)), p.toString());
        }
    }
}
