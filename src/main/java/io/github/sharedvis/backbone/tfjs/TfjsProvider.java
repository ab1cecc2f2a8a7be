package io.github.sharedvis.backbone.tfjs;

import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneIdentity;
import io.github.sharedvis.backbone.BackboneProvider;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.util.FileDigests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads TF.js graph models: a path to a {@code model.json}, or a bundled name
 * ({@code movenet-thunder}, {@code movenet-lightning}, {@code centernet}, {@code faceres},
 * {@code mobilefacenet}; see {@link BundledModel}).
 */
public final class TfjsProvider implements BackboneProvider {

    @Override
    public String kind() {
        return "tfjs";
    }

    @Override
    public boolean accepts(String model) {
        return model.endsWith(".json") || BundledModel.byName(model) != null;
    }

    @Override
    public Backbone open(BackboneSpec spec) throws IOException {
        return builder(spec).device(Engines.device(spec.device())).build();
    }

    @Override
    public BackboneIdentity identity(BackboneSpec spec, FileDigests digests) throws IOException {
        return builder(spec).identity(digests); // the device is not part of it: no engine is needed
    }

    private static TfjsBackbone.Builder builder(BackboneSpec spec) throws IOException {
        BundledModel bundled = BundledModel.byName(spec.model());
        Path file = bundled != null ? bundled.path() : Path.of(spec.model());
        TfjsBackbone.Builder b = TfjsBackbone.builder(file)
                .layer(spec.layer())
                .pooling(spec.pooling() == null ? Pooling.NONE : spec.pooling());
        if (bundled != null) {
            b.name(bundled.name()).preprocessing(bundled.preprocessing()).defaultLayer(bundled.defaultLayer());
        }
        if (spec.preprocessing() != null) {
            b.preprocessing(spec.preprocessing());
        }
        return b;
    }

    @Override
    public List<String> available() {
        List<String> out = new ArrayList<>();
        for (BundledModel m : BundledModel.ALL) {
            out.add(String.format("%-18s %s (make models)", m.name(), m.description()));
        }
        out.add("<dir>/model.json   TF.js graph model; nodes are its graph nodes (--layers)");
        return out;
    }
}
