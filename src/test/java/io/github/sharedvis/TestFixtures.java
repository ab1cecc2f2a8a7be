package io.github.sharedvis;

import java.nio.file.Files;
import java.nio.file.Path;
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
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /**
     * @param p a file or folder the test reads
     * @param howToMake what creates it, e.g. {@code run `make fixtures`}
     * @return {@code p}, when it exists
     */
    public static Path require(Path p, String howToMake) {
        if (!Files.exists(p)) {
            missing(p.toAbsolutePath() + " is missing; " + howToMake);
        }
        return p;
    }

    /**
     * Skips the running test with the reason, or fails it under CI. Never returns normally.
     *
     * @param reason what is missing and how to make it
     */
    public static void missing(String reason) {
        if (inCi()) {
            Assertions.fail("CI=" + System.getenv("CI") + ": " + reason);
        }
        Assumptions.abort(reason);
    }
}
