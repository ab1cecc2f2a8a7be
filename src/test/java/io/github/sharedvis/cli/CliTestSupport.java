package io.github.sharedvis.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the CLI in-process and captures its output. */
public final class CliTestSupport {
    private CliTestSupport() {}

    /**
     * @param code the exit code
     * @param out standard output
     * @param err standard error
     */
    public record Result(int code, String out, String err) {}

    /**
     * @param args arguments
     * @return the result
     */
    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
