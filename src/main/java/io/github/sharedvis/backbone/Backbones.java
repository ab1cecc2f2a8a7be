package io.github.sharedvis.backbone;

import io.github.sharedvis.util.FileDigests;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The backbones sharedvis can load, through a list of {@link BackboneProvider}s tried in order.
 * Create one with {@link #withDefaults()}; add a provider with {@link #with(BackboneProvider)}.
 *
 * <p>The built-in providers are found with {@link ServiceLoader} from
 * {@code META-INF/services/io.github.sharedvis.backbone.BackboneProvider}, so that this package
 * does not depend on the packages that implement providers (such as the TF.js importer, which
 * depends on this one).
 */
public final class Backbones {

    private final List<BackboneProvider> providers;

    private Backbones(List<BackboneProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /**
     * The built-in providers, in the order the service file lists them: the bundled TF.js models
     * and {@code model.json} paths, TorchScript files, the DJL zoo. That order is the order they are
     * tried in and listed in messages.
     *
     * @return a registry of fresh provider instances
     * @throws IllegalStateException when the service file is missing (a broken jar)
     */
    public static Backbones withDefaults() {
        List<BackboneProvider> list = new ArrayList<>();
        ServiceLoader.load(BackboneProvider.class, Backbones.class.getClassLoader()).forEach(list::add);
        if (list.isEmpty()) {
            throw new IllegalStateException("no backbone providers found: META-INF/services/"
                    + BackboneProvider.class.getName() + " is missing from the class path");
        }
        return new Backbones(list);
    }

    /**
     * @param provider another provider, tried first
     * @return a registry with it added
     */
    public Backbones with(BackboneProvider provider) {
        List<BackboneProvider> list = new ArrayList<>();
        list.add(provider);
        list.addAll(providers);
        return new Backbones(list);
    }

    /** @return the providers in the order they are tried */
    public List<BackboneProvider> providers() {
        return providers;
    }

    /**
     * Loads a backbone.
     *
     * @param spec what to load
     * @return the backbone
     * @throws IOException when its files are missing or malformed
     * @throws IllegalArgumentException when no provider knows the model string
     */
    public Backbone open(BackboneSpec spec) throws IOException {
        return provider(spec).open(spec);
    }

    /**
     * @param spec what would be loaded
     * @return the identity of {@code open(spec)}, decided without opening it where the provider can
     *     ({@link BackboneProvider#identity})
     * @throws IOException when the model's files are missing or malformed
     */
    public BackboneIdentity identity(BackboneSpec spec) throws IOException {
        return identity(spec, FileDigests.none());
    }

    /**
     * @param spec what would be loaded
     * @param digests where the model files' digests come from (a run's memo)
     * @return the identity of {@code open(spec)}, as {@link #identity(BackboneSpec)}
     * @throws IOException when the model's files are missing or malformed
     */
    public BackboneIdentity identity(BackboneSpec spec, FileDigests digests) throws IOException {
        return provider(spec).identity(spec, digests);
    }

    /**
     * @param spec what would be loaded
     * @return {@code open(spec).fingerprint()}, computed without opening it where the provider can
     * @throws IOException when the model's files are missing or malformed
     */
    public String fingerprint(BackboneSpec spec) throws IOException {
        return fingerprint(spec, FileDigests.none());
    }

    /**
     * @param spec what would be loaded
     * @param digests where the model files' digests come from (a run's memo)
     * @return {@code open(spec).fingerprint()}, as {@link #fingerprint(BackboneSpec)}
     * @throws IOException when the model's files are missing or malformed
     */
    public String fingerprint(BackboneSpec spec, FileDigests digests) throws IOException {
        return provider(spec).fingerprint(spec, digests);
    }

    private BackboneProvider provider(BackboneSpec spec) {
        for (BackboneProvider p : providers) {
            if (p.accepts(spec.model())) {
                return p;
            }
        }
        List<String> known = new ArrayList<>();
        providers.forEach(p -> known.addAll(p.available()));
        throw new IllegalArgumentException("unknown backbone '" + spec.model() + "'; available: " + known);
    }
}
