package io.github.sharedvis.cli;

import io.github.sharedvis.cluster.ShardPlan;
import io.github.sharedvis.pipeline.ConfigLoader;
import io.github.sharedvis.pipeline.RunConfig;
import io.github.sharedvis.pipeline.RunInputs;
import io.github.sharedvis.pipeline.StepMemory;
import io.github.sharedvis.util.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sharedvis plan}. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Write a script that runs CONFIG sharded: the extract shards, the fit, the explain",
            "shards and the merge, each stage after the one before succeeded. For slurm it submits",
            "chained sbatch jobs and returns; for local it runs background processes here.",
            "Memory and threads per task come from the config and the options (docs/cluster.md)."},
        footer = {"", "Examples:", "  sharedvis plan my.toml --out results --shards 8 && bash results/.plan/slurm.sh",
            "  SHAREDVIS_SBATCH_OPTS='--partition=cpu --time=2:00:00' bash results/.plan/slurm.sh",
            "  sharedvis plan my.toml --out results --shards 2 --scheduler local --cpus-per-task 1",
            "  bash results/.plan/local.sh"})
final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG.toml", description = "The run configuration.")
    Path config;

    @Mixin
    OutputOptions.Out output;

    @Option(names = "--shards", required = true, paramLabel = "N", description = "Shards of the extract and explain steps.")
    int shards;

    @Option(names = "--scheduler", paramLabel = "slurm|local", defaultValue = "slurm",
            description = "Where the stages run (default: ${DEFAULT-VALUE}).")
    String scheduler;

    @Option(names = "--cpus-per-task", paramLabel = "N", description = "Cores per task (default: [run] threads, or 2 when it is 0).")
    Integer cpus;

    @Option(names = "--mem", paramLabel = "GB", defaultValue = "0",
            description = "Memory per task in GB for every stage (default: estimated per stage from the stimulus count).")
    int memoryGb;

    @Option(names = "--launcher", paramLabel = "COMMAND",
            description = "How a task starts sharedvis (default: the launcher this command was started with).")
    String launcher;

    @Option(names = "--script", paramLabel = "FILE", description = "Where to write the script (default: DIR/.plan/SCHEDULER.sh).")
    Path script;

    @Override
    public Integer call() throws Exception {
        Path out = output.required();
        RunConfig cfg = ConfigLoader.load(config);
        ShardPlan.Scheduler sched = ShardPlan.Scheduler.parse(scheduler);
        // the memory estimate needs the neurons and repeats: the inputs are read (and checked) once here,
        // large responses memory-mapped from a scratch file in the plan's folder
        RunInputs in = RunInputs.open(cfg, config, out.resolve(".plan"), w -> { });
        int stimuli = in.set().size();
        // D = 2048: the widest layer of the bundled networks (give --memory-gb for a wider one)
        StepMemory mem = StepMemory.of(stimuli, in.preferred().length, 2048, in.responses().nNeurons(),
                in.responses().nRepeats(), cfg.readout().alphas().length);
        ShardPlan plan = ShardPlan.builder(config, out).shards(shards).scheduler(sched)
                .cpusPerTask(cpus != null ? cpus : cfg.run().threads() > 0 ? cfg.run().threads() : 2).memoryGb(memoryGb)
                .heapBytes(mem.extract(), mem.fit(), mem.explain())
                .launcher(launcher != null ? launcher : defaultLauncher()).build();
        Path file = script != null ? script : out.resolve(".plan").resolve(sched.name().toLowerCase(Locale.ROOT) + ".sh");
        AtomicFiles.writeString(file, plan.script());
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: run it with bash FILE
        }
        spec.commandLine().getOut().println(file);
        spec.commandLine().getOut().flush();
        System.err.println("sharedvis: wrote the " + sched.name().toLowerCase(Locale.ROOT) + " plan (" + shards
                + " shards, " + stimuli + " stimuli; fit " + plan.memoryGb("fit") + " GB, explain shards "
                + plan.memoryGb("explain") + " GB); run it: bash " + file);
        return 0;
    }

    /** The launcher script exports its own path; a bare jar is started with the same java. */
    private static String defaultLauncher() throws Exception {
        String fromScript = System.getenv("SHAREDVIS_LAUNCHER");
        if (fromScript != null && !fromScript.isBlank()) {
            return fromScript;
        }
        Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isRegularFile(jar) ? java + " -Dai.djl.offline=true -jar " + jar
                : java + " -Dai.djl.offline=true -cp " + System.getProperty("java.class.path") + " " + Main.class.getName();
    }
}
