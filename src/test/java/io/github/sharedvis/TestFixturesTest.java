package io.github.sharedvis;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing fixture skips the test on a developer's machine and fails it under CI. */
class TestFixturesTest {

    @TempDir
    Path tmp;

    @Test
    void missingFixtureFailsUnderCiAndSkipsElsewhere() {
        Path missing = tmp.resolve("large_kernel.npz");
        AssertionFailedError ci = assertThrows(AssertionFailedError.class,
                () -> TestFixtures.require(missing, "make fixtures", Map.of("CI", "true")));
        assertTrue(ci.getMessage().contains(missing.toString()) && ci.getMessage().contains("make fixtures"),
                ci.getMessage());
        TestAbortedException local = assertThrows(TestAbortedException.class,
                () -> TestFixtures.require(missing, "make fixtures", Map.of()));
        assertTrue(local.getMessage().contains("make fixtures"), local.getMessage());
        assertThrows(TestAbortedException.class,
                () -> TestFixtures.require(missing, "make fixtures", Map.of("CI", "false")));
    }

    @Test
    void presentFixturePasses() throws Exception {
        Path there = Files.writeString(tmp.resolve("f.npz"), "x");
        assertDoesNotThrow(() -> TestFixtures.require(there, "make fixtures", Map.of("CI", "true")));
    }
}
