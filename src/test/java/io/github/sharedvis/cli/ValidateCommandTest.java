package io.github.sharedvis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User errors of {@code sharedvis validate} (the full run is benchmarks/validation.sh). */
class ValidateCommandTest {

    @TempDir
    Path tmp;

    @Test
    void missingDataFolderIsAUserError() {
        CliTestSupport.Result r = CliTestSupport.run("validate", "--data", tmp.resolve("nope").toString(), "--out",
                tmp.resolve("o").toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().contains("nope") && r.err().contains("fLoc"), r.err());
    }

    @Test
    void folderWithoutLabelsIsAUserErrorNamingTheFile() throws Exception {
        Files.createDirectories(tmp.resolve("floc"));
        CliTestSupport.Result r = CliTestSupport.run("validate", "--data", tmp.resolve("floc").toString(), "--out",
                tmp.resolve("o").toString(), "--quiet");
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().contains("labels.csv"), r.err());
    }

    @Test
    void tooFewResamplesAreRejected() throws Exception {
        Files.createDirectories(tmp.resolve("floc"));
        CliTestSupport.Result r = CliTestSupport.run("validate", "--data", tmp.resolve("floc").toString(),
                "--resamples", "50");
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().contains("--resamples"), r.err());
    }
}
