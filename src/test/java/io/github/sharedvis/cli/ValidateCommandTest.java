package io.github.sharedvis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.evaluation.Validation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void helpNamesTheDefaultsTheCodeUses() {
        CliTestSupport.Result r = CliTestSupport.run("validate", "--help");
        assertEquals(0, r.code(), r.err());
        String help = r.out().replaceAll("\\s+", ""); // picocli wraps long descriptions
        for (String want : List.of(Validation.ENCODING_LAYER, Validation.NEURON_LAYER,
                String.join(",", Validation.NEURON_CATEGORIES), Validation.Split.DEV.model(),
                ValidateCommand.DEFAULT_OUT)) {
            assertTrue(help.contains("(default:" + want), want + " in:\n" + r.out());
        }
        assertTrue(!r.out().contains("${"), "every help variable resolves:\n" + r.out());
    }

    @Test
    void outDefaultsAndRequirementsPerCommand() {
        assertTrue(CliTestSupport.run("demo", "--help").out().contains("(default: " + DemoCommand.DEFAULT_OUT + ")"));
        CliTestSupport.Result run = CliTestSupport.run("run", tmp.resolve("absent.toml").toString());
        assertEquals(Main.USER_ERROR, run.code(), run.err());
        assertTrue(run.err().contains("Missing required option: '--out=DIR'"), run.err());
        CliTestSupport.Result sim = CliTestSupport.run("simulate", "--stimuli", tmp.toString(), "--preferred", "body");
        assertEquals(Main.USER_ERROR, sim.code(), sim.err());
        assertTrue(sim.err().contains("Missing required option: '--out=DIR'"), sim.err());
    }
}
