package io.github.sharedvis.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of the commands that write: {@link Out} ({@code -o/--out}) and {@link Quiet}
 * ({@code --quiet}), declared once and mixed into each command with {@code @Mixin}.
 */
final class OutputOptions {
    private OutputOptions() {}

    /**
     * {@code -o/--out DIR}. Whether it is required or has a default differs by command ({@code run}
     * and the other steps and {@code simulate} require it, {@code demo} writes to {@code demo-out},
     * {@code validate} to {@code validation-out}), so the command says which when it reads it; the
     * help shows the default from the command's resource bundle, key {@code default.out}
     * ({@link #helpDefault}).
     */
    static final class Out {
        @Spec(Spec.Target.MIXEE)
        CommandSpec mixee;

        @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "The output folder (default: ${bundle:default.out:-none, required}).")
        Path out;

        /**
         * @param dir a command's default folder
         * @return the bundle entry that shows it in the command's help
         */
        static Object[] helpDefault(String dir) {
            return new Object[] {"default.out", dir};
        }

        /**
         * @return the folder given
         * @throws ParameterException with picocli's message for a missing required option (a usage
         *     error, exit code 2) when none was given
         */
        Path required() {
            if (out == null) {
                throw new ParameterException(mixee.commandLine(), "Missing required option: '--out=DIR'");
            }
            return out;
        }

        /**
         * @param dir the command's default folder
         * @return the folder given, else {@code dir}
         */
        Path orDefault(String dir) {
            return out != null ? out : Path.of(dir);
        }
    }

    /** {@code --quiet}: no progress bars. */
    static final class Quiet {
        @Option(names = "--quiet", description = "No progress bars.")
        boolean quiet;

        /** @return where progress goes: standard error, or nowhere ({@code null}) with {@code --quiet} */
        PrintStream progress() {
            return quiet ? null : System.err;
        }
    }

    /** {@code --shard I/N|auto}: one slice of the step's work (see {@code docs/cluster.md}). */
    static final class ShardOption {
        @Option(names = "--shard", paramLabel = "I/N|auto", description = {"Do shard I of N of the work (images for "
                + "extract, neurons for explain); auto reads SLURM_ARRAY_TASK_ID/COUNT, auto/N reads "
                + "JOB_COMPLETION_INDEX (Kubernetes). Put the shards together with: sharedvis merge DIR."})
        String shard;

        /** @return the shard, or null when the whole step runs */
        io.github.sharedvis.pipeline.Shard get() {
            return shard == null ? null : io.github.sharedvis.pipeline.Shard.parse(shard, System.getenv());
        }
    }
}
