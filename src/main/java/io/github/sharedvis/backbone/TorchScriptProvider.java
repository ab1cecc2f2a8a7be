package io.github.sharedvis.backbone;

import io.github.sharedvis.util.FileDigests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Loads TorchScript files ({@code *.pt}, {@code *.pth}, {@code *.torchscript}). */
public final class TorchScriptProvider implements BackboneProvider {

    @Override
    public String kind() {
        return "torchscript";
    }

    @Override
    public boolean accepts(String model) {
        return model.endsWith(".pt") || model.endsWith(".pth") || model.endsWith(".torchscript");
    }

    @Override
    public Backbone open(BackboneSpec spec) throws IOException {
        TorchScriptBackbone.Builder b = TorchScriptBackbone.builder(Path.of(spec.model()))
                .layer(spec.layer())
                .pooling(spec.pooling() == null ? Pooling.NONE : spec.pooling())
                .device(Engines.device(spec.device()));
        if (spec.preprocessing() != null) {
            b.preprocessing(spec.preprocessing());
        }
        return b.build();
    }

    @Override
    public String fingerprint(BackboneSpec spec, FileDigests digests) throws IOException {
        Path file = Path.of(spec.model());
        if (!java.nio.file.Files.isRegularFile(file)) {
            return BackboneProvider.super.fingerprint(spec, digests); // fails with open's message, which names the fix
        }
        return TorchScriptBackbone.fingerprint(digests.digest(file), spec.layer(),
                spec.pooling() == null ? Pooling.NONE : spec.pooling(),
                spec.preprocessing() != null ? spec.preprocessing() : TorchScriptBackbone.defaultPreprocessing());
    }

    @Override
    public BackboneIdentity identity(BackboneSpec spec, FileDigests digests) throws IOException {
        Path file = Path.of(spec.model());
        if (!java.nio.file.Files.isRegularFile(file) || spec.layer() == null || spec.layer().isEmpty()) {
            // a missing file fails with open's message; without a node, only the file's outputs name it
            return BackboneProvider.super.identity(spec, digests);
        }
        Pooling pooling = spec.pooling() == null ? Pooling.NONE : spec.pooling();
        Preprocessing pre = spec.preprocessing() != null ? spec.preprocessing() : TorchScriptBackbone.defaultPreprocessing();
        return new BackboneIdentity(TorchScriptBackbone.name(file, spec.layer()), spec.layer(), pre,
                TorchScriptBackbone.fingerprint(digests.digest(file), spec.layer(), pooling, pre));
    }

    @Override
    public List<String> available() {
        return List.of("<file>.pt  TorchScript file; nodes are its outputs (scripts/export_torchscript.py)");
    }
}
