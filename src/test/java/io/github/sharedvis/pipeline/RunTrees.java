package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Compares two run directories file by file, as docs/outputs.md promises them equal. */
final class RunTrees {
    private RunTrees() {}

    /**
     * @return the relative paths of every file, the caches excluded: the feature cache (it keeps old
     *     entries by design) and the digest memo (it records file times)
     */
    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith("cache/") && !p.equals(".state/file-digests.tsv")).sorted().toList();
        }
    }

    /** Asserts the same files with the same bytes; run.json is compared without its timings. */
    static void assertSameFiles(Path expected, Path actual) throws IOException {
        List<String> want = files(expected);
        assertEquals(want, files(actual), "the same files as a clean run");
        List<String> differ = new java.util.ArrayList<>();
        for (String f : want) {
            byte[] a = Files.readAllBytes(expected.resolve(f));
            byte[] b = Files.readAllBytes(actual.resolve(f));
            if (f.equals("run.json")) {
                a = withoutTimings(a);
                b = withoutTimings(b);
            }
            if (!java.util.Arrays.equals(a, b)) {
                differ.add(f);
            }
        }
        assertEquals(List.of(), differ, "files that differ from a clean run's");
    }

    private static byte[] withoutTimings(byte[] json) throws IOException {
        ObjectMapper om = new ObjectMapper();
        ObjectNode n = (ObjectNode) om.readTree(json);
        n.remove("timings");
        return om.writeValueAsBytes(n);
    }
}
