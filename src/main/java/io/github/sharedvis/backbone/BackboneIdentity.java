package io.github.sharedvis.backbone;

/**
 * What names a backbone and keys its features, known before (or without) opening it: its
 * {@link Backbone#name()}, {@link Backbone#layer()}, {@link Backbone#preprocessing()} and
 * {@link Backbone#fingerprint()}.
 *
 * @param name the backbone's name
 * @param layer the node it is cut at, or null
 * @param preprocessing its preprocessing
 * @param fingerprint its fingerprint
 */
public record BackboneIdentity(String name, String layer, Preprocessing preprocessing, String fingerprint) {

    /**
     * @param b an open backbone
     * @return its identity
     */
    public static BackboneIdentity of(Backbone b) {
        return new BackboneIdentity(b.name(), b.layer(), b.preprocessing(), b.fingerprint());
    }
}
