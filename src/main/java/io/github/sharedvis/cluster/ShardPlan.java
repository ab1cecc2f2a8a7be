package io.github.sharedvis.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A ready-to-run script for a sharded run: the extract shards, then the fit, then the explain
 * shards, then the merge, each stage started only after the one before succeeded.
 *
 * <p>For {@link Scheduler#SLURM} the script submits four {@code sbatch} jobs (two job arrays of
 * {@code shards} tasks and two single jobs) chained with {@code --dependency=afterok} and
 * {@code --kill-on-invalid-dep=yes}, so a failed shard cancels what depends on it instead of leaving
 * it queued forever; it returns at once, printing the job ids. For {@link Scheduler#LOCAL} it runs
 * the same stages as background processes on this machine and waits for each stage.
 *
 * <p>Threads: each task gets {@code cpusPerTask} cores ({@code --cpus-per-task}); the engine's
 * thread pool is sized to match ({@code OMP_NUM_THREADS}, {@code ai.djl.pytorch.num_threads}) and the
 * JVM is told it has that many processors, so the report's pool and the engine do not oversubscribe a
 * node shared with other tasks. Memory: each task asks for {@code memoryGb(stage)} and the Java
 * heap gets three quarters of it (the rest is the engine's native memory).
 */
public final class ShardPlan {

    /** Where the stages run. */
    public enum Scheduler {
        /** {@code sbatch} job arrays chained by dependencies. */
        SLURM,
        /** Background processes on this machine. */
        LOCAL;

        /**
         * @param name {@code slurm} or {@code local}
         * @return the scheduler
         * @throws io.github.sharedvis.util.InputException for another name
         */
        public static Scheduler parse(String name) {
            for (Scheduler s : values()) {
                if (s.name().equalsIgnoreCase(name.trim())) {
                    return s;
                }
            }
            throw new io.github.sharedvis.util.InputException("--scheduler " + name + ": give slurm or local");
        }
    }

    /** A stage of the plan: the command it runs and whether it is sharded. */
    private record Stage(String name, String command, boolean sharded) {}

    private final Builder b;

    private ShardPlan(Builder b) {
        this.b = b;
    }

    /**
     * @param config the run's config file
     * @param out the run folder
     * @return a builder
     */
    public static Builder builder(Path config, Path out) {
        return new Builder(config, out);
    }

    /**
     * The memory a task of a stage asks for: the stage's heap estimate ({@link Builder#heapBytes}, the
     * formulas of {@code pipeline.StepMemory}) over the three quarters the heap gets, plus 1 GB for the
     * engine's native memory, the JVM and one batch; at least 3 GB. The merge asks for 3 GB.
     *
     * @param stage {@code extract}, {@code fit}, {@code explain} or {@code merge}
     * @return gigabytes
     */
    public int memoryGb(String stage) {
        if (b.memoryGb > 0) {
            return b.memoryGb;
        }
        long heap = switch (stage) {
            case "extract" -> b.heapExtract;
            case "fit" -> b.heapFit;
            case "explain" -> b.heapExplain;
            default -> 0;
        };
        return (int) Math.max(3, Math.ceil(heap * 4.0 / 3 / 1e9 + 1));
    }

    /** @return the script's text (bash) */
    public String script() {
        String cfg = b.config.toAbsolutePath().normalize().toString();
        String out = b.out.toAbsolutePath().normalize().toString();
        List<Stage> stages = List.of(
                new Stage("extract", "extract \"$CONFIG\" --out \"$OUT\" --shard %s --quiet", true),
                new Stage("fit", "fit \"$CONFIG\" --out \"$OUT\" --quiet", false),
                new Stage("explain", "explain \"$CONFIG\" --out \"$OUT\" --shard %s --quiet", true),
                new Stage("merge", "merge \"$OUT\" --quiet", false));
        StringBuilder s = new StringBuilder();
        s.append("#!/usr/bin/env bash\n");
        s.append("# Written by: sharedvis plan ").append(cfg).append(" --out ").append(out).append(" --shards ")
                .append(b.shards).append(" --scheduler ").append(b.scheduler.name().toLowerCase(Locale.ROOT)).append('\n');
        s.append("# Stages: ").append(b.shards).append(" extract shards (by image) -> the fit -> ").append(b.shards)
                .append(" explain shards (by neuron) -> merge.\n");
        s.append(b.scheduler == Scheduler.SLURM
                ? "# Submits them as chained SLURM jobs and returns; logs in $LOGS. Extra sbatch options (partition,\n"
                        + "# account, time): SHAREDVIS_SBATCH_OPTS=\"--partition=cpu --time=4:00:00\" bash THIS\n"
                : "# Runs them here as background processes, one stage after the other; logs in $LOGS.\n");
        s.append("set -euo pipefail\n");
        s.append("SHAREDVIS=${SHAREDVIS:-").append(quote(b.launcher)).append("}\n");
        s.append("CONFIG=").append(quote(cfg)).append('\n');
        s.append("OUT=").append(quote(out)).append('\n');
        s.append("LOGS=").append(quote(out + "/.plan/logs")).append('\n');
        s.append("mkdir -p \"$LOGS\"\n");
        s.append("export OMP_NUM_THREADS=").append(b.cpusPerTask).append('\n');
        s.append("heap() { echo \"-Xmx$(( $1 * 768 ))m -XX:ActiveProcessorCount=").append(b.cpusPerTask)
                .append(" -Dai.djl.pytorch.num_threads=").append(b.cpusPerTask).append("\"; }\n");
        if (b.scheduler == Scheduler.SLURM) {
            slurm(s, stages);
        } else {
            local(s, stages);
        }
        return s.toString();
    }

    private void slurm(StringBuilder s, List<Stage> stages) {
        s.append("# a job's id from sbatch --parsable (\"id\" or \"id;cluster\")\n");
        s.append("submit() { local id; id=$(sbatch --parsable --kill-on-invalid-dep=yes --cpus-per-task=")
                .append(b.cpusPerTask).append(" ${SHAREDVIS_SBATCH_OPTS:-} \"$@\"); echo \"${id%%;*}\"; }\n");
        String previous = null;
        List<String> ids = new ArrayList<>();
        for (Stage st : stages) {
            int mem = memoryGb(st.name());
            String cmd = st.sharded() ? String.format(Locale.ROOT, st.command(), "auto") : st.command();
            s.append(st.name()).append("=$(submit --job-name=sharedvis-").append(st.name()).append(" --mem=")
                    .append(mem).append('G');
            if (st.sharded()) {
                s.append(" --array=1-").append(b.shards).append(" --output=\"$LOGS/").append(st.name()).append("-%a.log\"");
            } else {
                s.append(" --output=\"$LOGS/").append(st.name()).append(".log\"");
            }
            if (previous != null) {
                s.append(" --dependency=afterok:$").append(previous);
            }
            // the launcher reads SHAREDVIS_JAVA_OPTS; the job inherits OMP_NUM_THREADS (sbatch exports ALL)
            s.append(" --wrap \"export SHAREDVIS_JAVA_OPTS='$(heap ").append(mem).append(")'; $SHAREDVIS ").append(cmd.replace("\"", "\\\""))
                    .append("\")\n");
            previous = st.name();
            ids.add(st.name() + " $" + st.name());
        }
        s.append("echo \"$merge\" > \"$LOGS/merge.jobid\"\n");
        s.append("echo \"submitted: ").append(String.join(", ", ids)).append(" (logs in $LOGS)\"\n");
    }

    private void local(StringBuilder s, List<Stage> stages) {
        s.append("# runs one stage's commands in the background and fails when any of them failed\n");
        s.append("stage() {\n  local name=$1 n=$2 mem=$3; shift 3; local pids=() i failed=0 t0; t0=$(date +%s.%N)\n");
        s.append("  for ((i = 1; i <= n; i++)); do\n");
        s.append("    SHAREDVIS_JAVA_OPTS=\"$(heap \"$mem\")\" $SHAREDVIS \"${@//@I@/$i/$n}\" > \"$LOGS/$name-$i.log\" 2>&1 &\n");
        s.append("    pids+=($!)\n  done\n");
        s.append("  for i in \"${pids[@]}\"; do wait \"$i\" || failed=1; done\n");
        s.append("  if [ $failed != 0 ]; then echo \"sharedvis plan: the $name stage failed; see $LOGS/$name-*.log\" >&2; exit 1; fi\n");
        s.append("  echo \"sharedvis plan: $name x$n done in $(awk \"BEGIN { printf \\\"%.2f\\\", $(date +%s.%N) - $t0 }\") s\"\n}\n");
        for (Stage st : stages) {
            String cmd = st.sharded() ? String.format(Locale.ROOT, st.command(), "@I@") : st.command();
            s.append("stage ").append(st.name()).append(' ').append(st.sharded() ? b.shards : 1).append(' ')
                    .append(memoryGb(st.name())).append(' ').append(cmd).append('\n');
        }
        s.append("echo \"sharedvis plan: merged $OUT (logs in $LOGS)\"\n");
    }

    /** @return {@code text} in single quotes for bash */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** Options of a plan. */
    public static final class Builder {
        private final Path config;
        private final Path out;
        private int shards = 2;
        private Scheduler scheduler = Scheduler.SLURM;
        private int cpusPerTask = 2;
        private int memoryGb;
        private long heapExtract;
        private long heapFit;
        private long heapExplain;
        private String launcher = "sharedvis";

        private Builder(Path config, Path out) {
            this.config = config;
            this.out = out;
        }

        /**
         * @param n how many shards each sliced step is cut into (default 2); more shards finish sooner
         *     on more nodes, each paying the start-up (the JVM, the engine, the model: a few seconds)
         * @return this
         */
        public Builder shards(int n) {
            if (n < 1) {
                throw new io.github.sharedvis.util.InputException("--shards " + n + ": give at least 1");
            }
            this.shards = n;
            return this;
        }

        /**
         * @param s where the stages run (default SLURM)
         * @return this
         */
        public Builder scheduler(Scheduler s) {
            this.scheduler = s;
            return this;
        }

        /**
         * @param n cores per task (default 2): the engine's threads in each shard
         * @return this
         */
        public Builder cpusPerTask(int n) {
            if (n < 1) {
                throw new io.github.sharedvis.util.InputException("--cpus-per-task " + n + ": give at least 1");
            }
            this.cpusPerTask = n;
            return this;
        }

        /**
         * @param gb memory per task for every stage, overriding the estimate of {@link ShardPlan#memoryGb} (0: estimate)
         * @return this
         */
        public Builder memoryGb(int gb) {
            this.memoryGb = gb;
            return this;
        }

        /**
         * The heap each stage needs, for the memory a task asks for ({@link ShardPlan#memoryGb}); the
         * plan command passes {@code pipeline.StepMemory}'s estimate for the run. Default 0 (3 GB each).
         *
         * @param extract bytes of an extract shard
         * @param fit bytes of the fit
         * @param explain bytes of an explain shard
         * @return this
         */
        public Builder heapBytes(long extract, long fit, long explain) {
            this.heapExtract = extract;
            this.heapFit = fit;
            this.heapExplain = explain;
            return this;
        }

        /**
         * @param command how a task starts sharedvis (default {@code sharedvis} on the PATH; the plan
         *     command passes the launcher it was started with); may hold arguments, e.g. {@code java -jar X.jar}
         * @return this
         */
        public Builder launcher(String command) {
            this.launcher = command;
            return this;
        }

        /** @return the plan */
        public ShardPlan build() {
            return new ShardPlan(this);
        }
    }
}
