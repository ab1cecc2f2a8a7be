package io.github.sharedvis.backbone;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The backbones sharedvis can load, through a list of {@link BackboneProvider}s tried in order.
 * Create one with {@link #withDefaults()}; add a provider with {@link #with(BackboneProvider)}.
 */
public final class Backbones {

    private final List<BackboneProvider> providers;

    private Backbones(List<BackboneProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** @return the built-in providers: TorchScript files, the bundled offline models, the DJL zoo */
    public static Backbones withDefaults() {
        List<BackboneProvider> list = new ArrayList<>();
        list.add(new io.github.sharedvis.backbone.tfjs.TfjsProvider());
        list.add(new TorchScriptProvider());
        list.add(new ModelZooProvider());
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
        for (BackboneProvider p : providers) {
            if (p.accepts(spec.model())) {
                return p.open(spec);
            }
        }
        List<String> known = new ArrayList<>();
        providers.forEach(p -> known.addAll(p.available()));
        throw new IllegalArgumentException("unknown backbone '" + spec.model() + "'; available: " + known);
    }
}
