package io.github.sharedvis.cli;

import io.github.sharedvis.pipeline.ConfigException;
import io.github.sharedvis.pipeline.IncompleteRunException;
import io.github.sharedvis.util.InputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code sharedvis} command. User mistakes (bad paths, bad settings, malformed files) end with a
 * one-paragraph message and exit code 2; {@code --debug} adds the stack trace. Anything else is a bug
 * of sharedvis: it prints its stack trace and exits with {@link #INTERNAL_ERROR}.
 */
@Command(name = "sharedvis", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Shared-feature visualization by parallel backpropagation:",
            "why does a category-selective neuron respond to an object?", ""},
        footer = {"", "Examples:", "  sharedvis demo --out demo-out", "  sharedvis init my.toml && sharedvis run my.toml --out results",
            "  sharedvis backbones --model movenet-thunder --layers"})
public final class Main implements Runnable {

    /**
     * The subcommands, in the order {@code --help} lists them. picocli reads a command's annotations
     * (by reflection, its costliest part of start-up) when the command is added, so a command line
     * for one subcommand adds that one alone ({@link #newCommandLine(String...)}).
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(InitCommand.class, RunCommand.class, ExtractCommand.class,
            FitCommand.class, ExplainCommand.class, ReportCommand.class, MergeCommand.class, PlanCommand.class,
            DemoCommand.class, SimulateCommand.class, ValidateCommand.class, BackbonesCommand.class, CompareCommand.class,
            CommandLine.HelpCommand.class);

    /** Exit code for mistakes in the user's input. */
    public static final int USER_ERROR = 2;

    /**
     * Exit code for a part of a sharded run asked for before the parts it needs (EX_TEMPFAIL of
     * sysexits.h: the same command succeeds later).
     */
    public static final int NOT_READY = 75;

    /** Exit code for a bug in sharedvis (EX_SOFTWARE of sysexits.h), distinct from a user error. */
    public static final int INTERNAL_ERROR = 70;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Runs the command line.
     *
     * @param args arguments
     * @return the exit code
     */
    public static int execute(String... args) {
        return newCommandLine(args).execute(args);
    }

    /** @return the configured picocli command line with every subcommand, for tests and embedding */
    public static CommandLine newCommandLine() {
        return newCommandLine(new String[0]);
    }

    /**
     * The command line for these arguments: when the first one names a subcommand, only that
     * subcommand is added (the others' help is not needed to run it); otherwise all of them.
     *
     * @param args the arguments it will execute
     * @return the configured picocli command line
     */
    static CommandLine newCommandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        String first = args.length > 0 ? args[0] : "";
        boolean one = SUBCOMMANDS.stream().anyMatch(c -> nameOf(c).equals(first))
                && !first.equals(nameOf(CommandLine.HelpCommand.class));
        for (Class<?> c : SUBCOMMANDS) {
            if (!one || nameOf(c).equals(first)) {
                cl.addSubcommand(c);
            }
        }
        // defaults the help names but that are not compile-time constants, from where the code keeps them
        Map<String, CommandLine> subs = cl.getSubcommands();
        if (subs.containsKey("validate")) {
            subs.get("validate").setResourceBundle(ValidateCommand.helpDefaults());
        }
        if (subs.containsKey("demo")) {
            subs.get("demo").setResourceBundle(DemoCommand.helpDefaults());
        }
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = parseResult.hasMatchedOption("--debug") || anyDebug(parseResult);
            PrintWriter err = commandLine.getErr();
            Throwable cause = unwrap(ex);
            if (cause instanceof IncompleteRunException) {
                err.println("sharedvis: not ready: " + cause.getMessage());
                err.flush();
                return NOT_READY;
            }
            if (isUserError(cause)) {
                err.println("sharedvis: error: " + cause.getMessage());
                if (debug) {
                    cause.printStackTrace(err);
                } else {
                    err.println("(run with --debug for details)");
                }
                err.flush();
                return USER_ERROR;
            }
            err.println("sharedvis: internal error: " + cause);
            cause.printStackTrace(err);
            err.flush();
            return INTERNAL_ERROR;
        });
        return cl;
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    private static boolean anyDebug(CommandLine.ParseResult pr) {
        for (CommandLine.ParseResult r = pr; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable t) {
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            return u.getCause();
        }
        return t;
    }

    /**
     * A user error is one the code raised to report the user's input: {@link UserException} (command
     * options), {@link ConfigException} (the config file), {@link InputException} (data files, stimulus
     * sets, backbones and layers). An {@link IOException} counts too: a file that is missing, unreadable
     * or damaged, or a full disk, is the environment's doing, and the readers turn a parsing library's
     * complaint about a damaged file into one naming the file. A plain
     * {@link IllegalArgumentException}, {@link IllegalStateException}, {@link NullPointerException} and
     * the like are broken contracts inside sharedvis, so they are bugs.
     *
     * @param t an exception
     * @return whether it reports a mistake in the user's input rather than a bug
     */
    static boolean isUserError(Throwable t) {
        return t instanceof UserException || t instanceof ConfigException || t instanceof InputException
                || t instanceof IOException;
    }

    /**
     * Entry point.
     *
     * @param args arguments
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Prints the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"sharedvis " + (v == null ? "dev" : v)};
        }
    }
}
