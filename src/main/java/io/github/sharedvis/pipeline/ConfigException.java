package io.github.sharedvis.pipeline;

/** A mistake in a run configuration: names the file, the key and the accepted values. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and how to fix it
     */
    public ConfigException(String message) {
        super(message);
    }
}
