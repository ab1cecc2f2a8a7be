package io.github.sharedvis.pipeline;

import io.github.sharedvis.backbone.Fingerprints;
import io.github.sharedvis.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stamps that let a re-run skip finished work and redo exactly what changed. A stamp is a digest
 * of everything a unit of work depends on (settings, upstream stamps, input digests); it is written
 * after the unit's outputs, so an interrupted unit has no stamp and is redone.
 */
final class StepState {

    private final Path dir;

    StepState(Path dir) {
        this.dir = dir;
    }

    static String stamp(String... parts) {
        return Fingerprints.of(parts);
    }

    boolean isDone(String unit, String stamp) throws IOException {
        Path f = file(unit);
        return Files.isRegularFile(f) && Files.readString(f, StandardCharsets.UTF_8).trim().equals(stamp);
    }

    void markDone(String unit, String stamp) throws IOException {
        AtomicFiles.writeString(file(unit), stamp + "\n");
    }

    /** Deletes a unit's stamp: it is not done until stamped again. */
    void forget(String unit) throws IOException {
        Files.deleteIfExists(file(unit));
    }

    String read(String unit) throws IOException {
        Path f = file(unit);
        return Files.isRegularFile(f) ? Files.readString(f, StandardCharsets.UTF_8).trim() : null;
    }

    private Path file(String unit) {
        return dir.resolve(unit + ".stamp");
    }
}
