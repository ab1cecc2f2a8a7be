package io.github.sharedvis.cli;

import io.github.sharedvis.backbone.Backbones;

/** The backbone registry the CLI uses: the defaults plus the bundled offline models. */
final class Registry {
    private Registry() {}

    static Backbones backbones() {
        return Backbones.withDefaults();
    }
}
