package io.github.sharedvis.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Removes outputs an earlier run wrote that the current inputs and settings no longer produce, so a
 * re-run ends with the files of a clean run.
 */
public final class OutputPruning {

    private OutputPruning() {}

    /**
     * Deletes every regular file under {@code dir} that {@code candidate} selects and {@code keep} does
     * not hold, then the folders left empty ({@code dir} itself stays).
     *
     * @param dir a folder of the run directory (nothing happens when it does not exist)
     * @param keep normalised paths to keep
     * @param candidate which files are this pruning's business
     * @throws IOException when a file cannot be deleted
     */
    public static void keepOnly(Path dir, Set<Path> keep, Predicate<Path> candidate) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            if (Files.isRegularFile(p)) {
                if (candidate.test(p) && !keep.contains(p.normalize())) {
                    Files.delete(p);
                }
            } else if (Files.isDirectory(p) && !p.equals(dir)) {
                try (Stream<Path> s = Files.list(p)) {
                    if (s.findAny().isEmpty()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }
}
