package io.github.sharedvis.readout;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Generated fixtures that a test needs: absent on a developer's machine the test is skipped, saying
 * how to make them; absent under CI ({@code CI=true}) the test fails, so a CI run can never pass by
 * skipping the cases it exists to check.
 */
final class ReadoutFixtures {
    private ReadoutFixtures() {}

    /**
     * @param file the fixture
     * @param howToMake the command that generates it, e.g. {@code make fixtures}
     */
    static void require(Path file, String howToMake) {
        require(file, howToMake, System.getenv());
    }

    /**
     * @param file the fixture
     * @param howToMake the command that generates it
     * @param env the environment ({@code CI=true} makes a missing fixture a failure)
     */
    static void require(Path file, String howToMake, Map<String, String> env) {
        if (Files.exists(file)) {
            return;
        }
        String message = file + " is missing; generate it with `" + howToMake + "`";
        if ("true".equals(env.get("CI"))) {
            fail(message + " (CI=true: a missing fixture fails the build instead of skipping the test)");
        }
        Assumptions.assumeTrue(false, message);
    }
}
