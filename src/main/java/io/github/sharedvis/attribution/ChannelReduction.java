package io.github.sharedvis.attribution;

import java.util.Locale;

/**
 * How a saliency array of shape [3, H, W] (one value per colour channel and pixel) becomes one pixel
 * map of shape [H, W] (docs/method.md §4, "pixel map"). Every reduction gives non-negative values.
 */
public enum ChannelReduction {
    /** Positive part of the channel sum, {@code max(0, Σ_c s_c)}: pixels whose increase raises the shared similarity. The default. */
    POSITIVE,
    /** Absolute value of the channel sum, {@code |Σ_c s_c|}: pixels that matter in either direction. */
    ABS,
    /** Euclidean norm over channels, {@code sqrt(Σ_c s_c²)}: magnitude regardless of sign and of colour opponency. */
    L2;

    /**
     * Parses a name as written in configuration files ({@code positive}, {@code abs}, {@code l2}; any case).
     *
     * @param name the name
     * @return the reduction
     * @throws IllegalArgumentException naming the allowed values when the name is unknown
     */
    public static ChannelReduction parse(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        for (ChannelReduction r : values()) {
            if (r.name().equals(n)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown channel reduction '" + name
                + "'; use one of positive, abs, l2");
    }

    /** @return the name as written in configuration files */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
