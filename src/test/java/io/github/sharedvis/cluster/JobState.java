package io.github.sharedvis.cluster;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One job's (or one array task's) state as slurmctld reports it in {@code scontrol show job -o}, or
 * as the job completion log ({@code jobcomp/filetxt}) recorded it.
 *
 * @param id the job id, or {@code ARRAYJOB_TASK} (e.g. {@code 12_0}) for an array task; a pending
 *     array not yet split into tasks is one record, {@code 12_[0-2]}
 * @param state e.g. {@code PENDING}, {@code RUNNING}, {@code COMPLETED}, {@code FAILED},
 *     {@code CANCELLED}, {@code TIMEOUT}
 * @param reason why it is in that state, e.g. {@code None}, {@code Dependency},
 *     {@code DependencyNeverSatisfied}, {@code NonZeroExitCode}
 * @param exitCode {@code CODE:SIGNAL} of the batch script, e.g. {@code 0:0}, {@code 3:0}
 */
public record JobState(String id, String state, String reason, String exitCode) {

    /** States after which a job never changes again. */
    static final Set<String> FINAL = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL",
            "OUT_OF_MEMORY", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "REVOKED");

    private static final Pattern FIELD = Pattern.compile("(?:^|\\s)(\\w+)=(\\S*)");

    /** @return whether the job will not change any more: it ended, or it waits on a dependency that failed */
    public boolean isFinal() {
        return FINAL.contains(state) || neverRuns();
    }

    /**
     * @return whether it is pending on a dependency that can no longer be satisfied (submitted without
     *     {@code --kill-on-invalid-dep=yes}; with it, slurmctld cancels the job instead)
     */
    public boolean neverRuns() {
        return state.equals("PENDING") && reason.equals("DependencyNeverSatisfied");
    }

    /**
     * @param line one record of {@code scontrol show job -o} or of the jobcomp log: {@code Key=Value}
     *     fields separated by spaces
     * @return its state, or empty for a line that has no {@code JobId}/{@code JobState}
     */
    static Optional<JobState> parse(String line) {
        java.util.Map<String, String> f = new java.util.HashMap<>();
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
            f.putIfAbsent(m.group(1), m.group(2));
        }
        String jobId = f.get("JobId");
        String state = f.get("JobState");
        if (jobId == null || state == null) {
            return Optional.empty();
        }
        String array = f.get("ArrayJobId");
        String task = f.get("ArrayTaskId");
        String id = array == null || task == null ? jobId
                : array + "_" + (task.matches("\\d+") ? task : "[" + task + "]");
        return Optional.of(new JobState(id, state, f.getOrDefault("Reason", ""), f.getOrDefault("ExitCode", "")));
    }
}
