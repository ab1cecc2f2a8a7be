package io.github.sharedvis.backbone;

import io.github.sharedvis.util.FileDigests;
import java.io.IOException;
import java.util.List;

/**
 * One way of turning a {@link BackboneSpec} into a {@link Backbone} (TorchScript, TF.js, model zoo).
 *
 * <p>The built-in providers are registered in
 * {@code META-INF/services/io.github.sharedvis.backbone.BackboneProvider} and found by
 * {@link Backbones#withDefaults()}; an implementation needs a public no-argument constructor.
 */
public interface BackboneProvider {

    /** @return a short kind name, e.g. {@code torchscript} */
    String kind();

    /**
     * @param model the spec's model string
     * @return whether this provider loads it
     */
    boolean accepts(String model);

    /**
     * @param spec what to load
     * @return the backbone
     * @throws IOException when the model's files are missing or malformed
     */
    Backbone open(BackboneSpec spec) throws IOException;

    /**
     * The identity {@link #open(BackboneSpec)} would give the backbone (name, node, preprocessing,
     * fingerprint), for a re-run's up-to-date check and for run.json. The default opens the backbone
     * (and so loads the engine and the weights); a provider that can decide it from the model's files
     * and the spec alone should, since it is the cost of every skipped step. It must equal
     * {@code BackboneIdentity.of(open(spec))} exactly.
     *
     * @param spec what would be loaded
     * @param digests where the model files' digests come from (a run's memo, or {@link FileDigests#none()})
     * @return its identity
     * @throws IOException when the model's files are missing or malformed
     */
    default BackboneIdentity identity(BackboneSpec spec, FileDigests digests) throws IOException {
        try (Backbone b = open(spec)) {
            return BackboneIdentity.of(b);
        }
    }

    /**
     * @param spec what would be loaded
     * @param digests where the model files' digests come from
     * @return {@code identity(spec, digests).fingerprint()}; a provider may compute it more cheaply still
     * @throws IOException when the model's files are missing or malformed
     */
    default String fingerprint(BackboneSpec spec, FileDigests digests) throws IOException {
        return identity(spec, digests).fingerprint();
    }

    /** @return the models this provider offers without a path (may be empty), with a description each */
    List<String> available();
}
