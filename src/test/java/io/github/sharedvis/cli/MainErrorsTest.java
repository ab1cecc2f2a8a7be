package io.github.sharedvis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.pipeline.ConfigException;
import io.github.sharedvis.util.InputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * How {@link Main} reports what a command throws: a user error as one message (its trace only with
 * {@code --debug}), a bug with its stack trace and {@link Main#INTERNAL_ERROR}.
 */
class MainErrorsTest {

    /** A command that throws what it is told to. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Parameters(index = "0")
        String kind;

        @Override
        public Integer call() throws Exception {
            switch (kind) {
                case "npe" -> {
                    String s = System.getProperty("sharedvis.no-such-property");
                    return s.length(); // a bug: NullPointerException
                }
                case "state" -> throw new IllegalStateException("the pipeline's step table is inconsistent");
                case "argument" -> throw new IllegalArgumentException("index -1 out of range");
                case "user" -> throw new UserException("--neurons must be at least 1, got 0");
                case "input" -> throw new InputException("responses.csv line 3: empty stimulus id");
                case "config" -> throw new ConfigException("run.toml: [readout] folds must be >= 2, got 1");
                case "io" -> throw new IOException("stimuli/a.png: unreadable image");
                default -> {
                    return 0;
                }
            }
        }
    }

    private static CliTestSupport.Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.addSubcommand("boom", new Boom());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliTestSupport.Result(code, out.toString(), err.toString());
    }

    private static boolean hasTrace(String err) {
        return err.contains("\tat io.github.sharedvis.cli.MainErrorsTest$Boom.call");
    }

    @Test
    void aBugShowsItsStackTraceAndADistinctExitCode() {
        for (String kind : new String[] {"npe", "state", "argument"}) {
            CliTestSupport.Result r = run("boom", kind);
            assertEquals(Main.INTERNAL_ERROR, r.code(), kind + ": " + r.err());
            assertTrue(r.err().contains("sharedvis: internal error: "), r.err());
            assertTrue(hasTrace(r.err()), kind + " must show its stack trace: " + r.err());
        }
        assertTrue(run("boom", "npe").err().contains("NullPointerException"));
        assertTrue(run("boom", "state").err().contains("IllegalStateException: the pipeline's step table"));
    }

    @Test
    void aUserErrorIsOneMessageWithoutATrace() {
        String[][] cases = {
            {"user", "--neurons must be at least 1, got 0"},
            {"input", "responses.csv line 3: empty stimulus id"},
            {"config", "run.toml: [readout] folds must be >= 2, got 1"},
            {"io", "stimuli/a.png: unreadable image"},
        };
        for (String[] c : cases) {
            CliTestSupport.Result r = run("boom", c[0]);
            assertEquals(Main.USER_ERROR, r.code(), c[0] + ": " + r.err());
            assertTrue(r.err().startsWith("sharedvis: error: " + c[1]), r.err());
            assertTrue(r.err().contains("(run with --debug for details)"), r.err());
            assertFalse(hasTrace(r.err()), c[0] + " must not show a stack trace: " + r.err());
        }
    }

    @Test
    void debugShowsTheTraceOfAUserError() {
        CliTestSupport.Result r = run("--debug", "boom", "input");
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().startsWith("sharedvis: error: responses.csv line 3"), r.err());
        assertTrue(hasTrace(r.err()), r.err());
    }
}
