package io.github.sharedvis.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One image of a stimulus set.
 *
 * @param id the stimulus id responses are aligned by (unique within a set)
 * @param image the image file (absolute, normalised)
 * @param category the category label (e.g. {@code body}); never empty
 */
public record Stimulus(String id, Path image, String category) {
    /** Checks that no part is missing. */
    public Stimulus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(category, "category");
    }
}
