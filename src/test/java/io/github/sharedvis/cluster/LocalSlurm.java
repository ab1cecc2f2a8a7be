package io.github.sharedvis.cluster;

import io.github.sharedvis.TestFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real one-node SLURM cluster on this machine (node {@code localhost}, partition {@code debug},
 * 2 CPUs), brought up by {@code scripts/slurm-local.sh start} and driven through the ordinary client
 * commands ({@code sbatch}, {@code scontrol}, {@code scancel}) with {@code SLURM_CONF} pointing at the
 * script's generated config. Starting it the first time installs {@code munge} and {@code slurm-wlm}
 * from Debian (7 to 15 s on the shared 2-core machine; needs root or passwordless sudo); later starts
 * take under a second (the first job then waits about 3 s, later ones about 1 s), and a
 * running cluster is joined, not restarted. The daemons outlive the JVM unless {@link #stop()}.
 *
 * <p>Typical use in a test: {@code LocalSlurm slurm = LocalSlurm.startOrSkip();} then
 * {@code sbatch}, {@code waitFor}, and {@code slurm.stop()} afterwards. Final states are read from
 * {@code scontrol show job} (the config keeps finished jobs for a day, no accounting database), and
 * from the job completion log once slurmctld has forgotten a job.
 */
public final class LocalSlurm implements AutoCloseable {

    /** The script that installs and starts the cluster; tests run from the repository root. */
    public static final Path SCRIPT = Path.of("scripts", "slurm-local.sh");

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final long POLL_MILLIS = 500;

    private final Map<String, String> env;
    private final boolean startedHere;

    private LocalSlurm(Map<String, String> env, boolean startedHere) {
        this.env = Map.copyOf(env);
        this.startedHere = startedHere;
    }

    /** The cluster cannot run here; the message says why and what to do. */
    public static final class UnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnavailableException(String reason) {
            super(reason);
        }
    }

    /**
     * Cheap checks, with no side effect, of what {@link #start()} needs: the script, root or
     * passwordless sudo, and slurm either installed or installable with apt-get. Daemons that fail to
     * start are only found by {@link #start()}.
     *
     * @return why the cluster cannot run here, or empty when it may
     */
    public static Optional<String> unavailableReason() {
        if (!Files.isRegularFile(SCRIPT)) {
            return Optional.of(SCRIPT.toAbsolutePath() + " is missing (run the tests from the repository root)");
        }
        if (!onPath("bash")) {
            return Optional.of("bash is not on PATH; " + SCRIPT + " needs it");
        }
        boolean root = run(List.of("id", "-u"), null, Map.of(), COMMAND_TIMEOUT).out().strip().equals("0");
        if (!root && run(List.of("sudo", "-n", "true"), null, Map.of(), COMMAND_TIMEOUT).code() != 0) {
            return Optional.of("not root and no passwordless sudo: " + SCRIPT
                    + " must install munge/slurm-wlm and run slurmd as root");
        }
        if (!(onPath("sbatch") && onPath("slurmctld") && onPath("slurmd") && onPath("munged")) && !onPath("apt-get")) {
            return Optional.of("slurm is not installed and there is no apt-get (install munge and slurm-wlm)");
        }
        return Optional.empty();
    }

    /**
     * Starts the cluster, or joins the one already running from the same state folder
     * ({@code SLURM_LOCAL_DIR}, default {@code /tmp/sharedvis-slurm}).
     *
     * @return the running cluster
     * @throws UnavailableException when it cannot run here (the reason holds the script's message and the
     *     daemon logs' last lines)
     */
    public static LocalSlurm start() throws UnavailableException {
        Optional<String> why = unavailableReason();
        if (why.isPresent()) {
            throw new UnavailableException(why.get());
        }
        boolean wasRunning = script("status", COMMAND_TIMEOUT).code() == 0;
        Result r = script("start", START_TIMEOUT);
        if (r.code() != 0) {
            throw new UnavailableException(SCRIPT + " start failed (exit " + r.code() + "):\n" + r.err().strip());
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : r.out().split("\n")) {
            if (line.startsWith("export ") && line.contains("=")) {
                String kv = line.substring("export ".length());
                env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        if (!env.containsKey("SLURM_CONF")) {
            throw new UnavailableException(SCRIPT + " start printed no `export SLURM_CONF=...`:\n" + r.out());
        }
        return new LocalSlurm(env, !wasRunning);
    }

    /**
     * {@link #start()}, or skips the calling test with the reason (fails it under {@code CI=true}, see
     * {@link TestFixtures#missing(String)}).
     *
     * @return the running cluster
     */
    public static LocalSlurm startOrSkip() {
        try {
            return start();
        } catch (UnavailableException e) {
            TestFixtures.missing("local SLURM cluster unavailable: " + e.getMessage());
            throw new AssertionError("unreachable", e);
        }
    }

    /** @return the variables a client command needs to reach this cluster ({@code SLURM_CONF}) */
    public Map<String, String> env() {
        return env;
    }

    /**
     * Submits a batch script with {@code sbatch --parsable --chdir=workDir}, from {@code workDir}.
     * Output goes to {@code workDir/slurm-%j.out} ({@code slurm-%A_%a.out} for array tasks) unless
     * the options or the script's {@code #SBATCH} lines say otherwise.
     *
     * @param script the batch script (its {@code #SBATCH} lines are read by sbatch)
     * @param workDir the job's working directory
     * @param options further sbatch options, e.g. {@code --array=0-2},
     *     {@code --dependency=afterok:12}, {@code --kill-on-invalid-dep=yes}, {@code --mem=64M}
     * @return the job id (for an array, the array job id)
     */
    public String sbatch(Path script, Path workDir, String... options) {
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable", "--chdir=" + workDir.toAbsolutePath()));
        cmd.addAll(List.of(options));
        cmd.add(script.toAbsolutePath().toString());
        Result r = run(cmd, workDir, env, COMMAND_TIMEOUT);
        String id = r.out().strip().split(";")[0];
        if (r.code() != 0 || !id.matches("\\d+")) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + r.code() + "): "
                    + r.err().strip() + r.out().strip());
        }
        return id;
    }

    /**
     * @param jobId a job id (an array job id cancels every task)
     */
    public void scancel(String jobId) {
        Result r = run(List.of("scancel", jobId), null, env, COMMAND_TIMEOUT);
        if (r.code() != 0) {
            throw new IllegalStateException("scancel " + jobId + " failed: " + r.err().strip());
        }
    }

    /**
     * @param jobIds job ids as {@link #sbatch} returned them
     * @return the current state of every job and array task they name, keyed by {@link JobState#id()}
     */
    public Map<String, JobState> states(Collection<String> jobIds) {
        Map<String, JobState> all = new LinkedHashMap<>();
        for (String id : jobIds) {
            Result r = run(List.of("scontrol", "show", "job", "-o", id), null, env, COMMAND_TIMEOUT);
            List<JobState> found = new ArrayList<>();
            if (r.code() == 0) {
                r.out().lines().map(JobState::parse).flatMap(Optional::stream).forEach(found::add);
            } else if (!r.err().contains("Invalid job id")) {
                throw new IllegalStateException("scontrol show job " + id + " failed: " + r.err().strip());
            }
            if (found.isEmpty()) {
                found.addAll(fromJobCompLog(id)); // slurmctld forgot it (older than MinJobAge, or purged)
            }
            if (found.isEmpty()) {
                throw new IllegalStateException("job " + id + " is unknown to slurmctld and to the jobcomp log");
            }
            found.forEach(s -> all.put(s.id(), s));
        }
        return all;
    }

    /**
     * Polls {@link #states} every half second until every job and array task is final
     * ({@link JobState#isFinal()}: ended, or pending on a dependency that failed).
     *
     * @param jobIds job ids as {@link #sbatch} returned them
     * @param timeout how long to wait
     * @return the final state of each job and array task, keyed by {@link JobState#id()}
     * @throws IllegalStateException on timeout, with the states at that moment
     */
    public Map<String, JobState> waitFor(Collection<String> jobIds, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, JobState> now = states(jobIds);
            if (now.values().stream().allMatch(JobState::isFinal)) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("jobs not final after " + timeout + ": " + now.values());
            }
            sleep(POLL_MILLIS);
        }
    }

    /**
     * @param jobId a job id
     * @return the records the job completion log ({@code JobCompLoc}, jobcomp/filetxt) holds for it or
     *     its array tasks; empty when it has not ended
     */
    List<JobState> fromJobCompLog(String jobId) {
        Result r = run(List.of("scontrol", "show", "config"), null, env, COMMAND_TIMEOUT);
        Optional<Path> log = r.out().lines().filter(l -> l.startsWith("JobCompLoc"))
                .map(l -> Path.of(l.substring(l.indexOf('=') + 1).strip())).findFirst();
        if (log.isEmpty() || !Files.isRegularFile(log.get())) {
            return List.of();
        }
        Map<String, JobState> last = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(log.get(), StandardCharsets.UTF_8)) {
                if (line.contains("JobId=" + jobId + " ") || line.contains("ArrayJobId=" + jobId + " ")) {
                    JobState.parse(line).ifPresent(s -> last.put(s.id(), s)); // a requeued job: the last
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(last.values());
    }

    /** Stops the daemons if this object started them; a cluster it joined keeps running. */
    public void stop() {
        if (startedHere) {
            Result r = script("stop", COMMAND_TIMEOUT);
            if (r.code() != 0) {
                throw new IllegalStateException(SCRIPT + " stop failed: " + r.err().strip());
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static Result script(String verb, Duration timeout) {
        return run(List.of("bash", SCRIPT.toString(), verb), null, Map.of(), timeout);
    }

    private static boolean onPath(String cmd) {
        return run(List.of("bash", "-c", "command -v " + cmd), null, Map.of(), COMMAND_TIMEOUT).code() == 0;
    }

    private record Result(int code, String out, String err) {}

    /** Runs a command with its output in files, not pipes: daemons it starts may keep inherited fds. */
    private static Result run(List<String> cmd, Path dir, Map<String, String> env, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("slurm-cmd", ".out");
            err = Files.createTempFile("slurm-cmd", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish in " + timeout);
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            return new Result(127, "", String.join(" ", cmd) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + cmd, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            if (p != null) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for jobs", e);
        }
    }
}
