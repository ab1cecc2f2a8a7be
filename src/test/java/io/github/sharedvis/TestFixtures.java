package io.github.sharedvis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Fixtures that a test needs but the repository does not hold (generated oracles, downloaded
 * models, installed tools). Locally a missing one skips the test with the command that makes it;
 * under CI ({@code CI} set, as CI services do, to anything but {@code false}) it fails the test,
 * because CI runs {@code make fixtures} first and a silent skip there would hide a lost oracle.
 */
public final class TestFixtures {

    private TestFixtures() {}

    /** @return whether the tests run under CI, where every fixture must be present */
    public static boolean inCi() {
        return inCi(System.getenv());
    }

    /**
     * @param env an environment
     * @return whether it is a CI run ({@code CI} set to anything but empty or {@code false})
     */
    static boolean inCi(Map<String, String> env) {
        String ci = env.get("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /**
     * @param p a file or folder the test reads
     * @param howToMake what creates it, e.g. {@code run `make fixtures`}
     * @return {@code p}, when it exists
     */
    public static Path require(Path p, String howToMake) {
        return require(p, howToMake, System.getenv());
    }

    static Path require(Path p, String howToMake, Map<String, String> env) {
        if (!Files.exists(p)) {
            missing(p.toAbsolutePath() + " is missing; " + howToMake, env);
        }
        return p;
    }

    /**
     * Skips the running test with the reason, or fails it under CI. Never returns normally.
     *
     * @param reason what is missing and how to make it
     */
    public static void missing(String reason) {
        missing(reason, System.getenv());
    }

    private static void missing(String reason, Map<String, String> env) {
        if (inCi(env)) {
            Assertions.fail("CI=" + env.get("CI") + ": " + reason + " (under CI a missing fixture fails the build"
                    + " instead of skipping the test)");
        }
        Assumptions.abort(reason);
    }
}
