package io.github.sharedvis.pipeline;

/** The sharedvis version, from the jar manifest ({@code dev} when run from classes). */
public final class Versions {
    private Versions() {}

    /** @return the version string */
    public static String sharedvis() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
