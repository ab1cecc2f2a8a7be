package io.github.sharedvis.cli;

import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneIdentity;
import io.github.sharedvis.backbone.BackboneProvider;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.util.FileDigests;
import io.github.sharedvis.util.InputException;
import java.io.IOException;
import java.util.List;

/** The backbone registry the CLI uses: the defaults plus the bundled offline models. */
final class Registry {
    private Registry() {}

    /**
     * @return the default backbones, with the errors of opening one reported as the user's: opening
     *     resolves the model, layer and device the user named, and the providers say that one does not
     *     fit with an {@link IllegalArgumentException}
     */
    static Backbones backbones() {
        Backbones defaults = Backbones.withDefaults();
        return defaults.with(new UserFacing(defaults));
    }

    /**
     * Tried first for every model: opens it through the default providers and turns an
     * {@link IllegalArgumentException} from opening (unknown model, no such node, several outputs, an
     * unavailable device) into an {@link InputException} with the same message. Lists no models of its
     * own, so {@code sharedvis backbones} shows the defaults once.
     */
    private record UserFacing(Backbones defaults) implements BackboneProvider {
        @Override
        public String kind() {
            return "the default providers, with their errors reported as the user's";
        }

        @Override
        public boolean accepts(String model) {
            return true;
        }

        @Override
        public Backbone open(BackboneSpec spec) throws IOException {
            return userFacing(() -> defaults.open(spec));
        }

        @Override
        public BackboneIdentity identity(BackboneSpec spec, FileDigests digests) throws IOException {
            return userFacing(() -> defaults.identity(spec, digests)); // without opening, where the provider can
        }

        @Override
        public String fingerprint(BackboneSpec spec, FileDigests digests) throws IOException {
            return userFacing(() -> defaults.fingerprint(spec, digests));
        }

        private static <T> T userFacing(IoCall<T> call) throws IOException {
            try {
                return call.get();
            } catch (InputException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new InputException(e.getMessage(), e);
            }
        }

        /** A call that may fail with an {@link IOException}. */
        private interface IoCall<T> {
            T get() throws IOException;
        }

        @Override
        public List<String> available() {
            return List.of();
        }
    }
}
