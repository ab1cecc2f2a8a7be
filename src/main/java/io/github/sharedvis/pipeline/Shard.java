package io.github.sharedvis.pipeline;

import java.util.Locale;
import java.util.Map;

/**
 * One slice of a run's work, {@code --shard I/N}: shard {@code index} (1 to {@code count}) of
 * {@code count}. The extract step is sliced by image and the explain step by neuron, each into
 * {@code count} contiguous, nearly equal blocks ({@link #range}); the fit is never sliced.
 *
 * @param index the shard, 1-based
 * @param count how many shards share the work
 */
public record Shard(int index, int count) {

    /** The environment variables {@link #parse} reads for {@code --shard auto}, in the order it tries them. */
    static final String SLURM_ID = "SLURM_ARRAY_TASK_ID";
    static final String SLURM_MIN = "SLURM_ARRAY_TASK_MIN";
    static final String SLURM_COUNT = "SLURM_ARRAY_TASK_COUNT";
    static final String KUBERNETES_INDEX = "JOB_COMPLETION_INDEX";

    /** Checks the range. */
    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new ConfigException("--shard " + index + "/" + count + ": I must be between 1 and N (N >= 1), e.g. "
                    + "--shard 1/4 ... --shard 4/4");
        }
    }

    /**
     * Reads {@code I/N}, {@code auto} or {@code auto/N}. {@code auto} takes the shard from a SLURM
     * job array ({@code SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN + 1} of
     * {@code SLURM_ARRAY_TASK_COUNT}, so {@code --array=0-3} and {@code --array=1-4} both give shards
     * 1/4 to 4/4); {@code auto/N} takes the index from SLURM or from a Kubernetes Indexed Job
     * ({@code JOB_COMPLETION_INDEX}, 0-based, whose environment does not carry the count).
     *
     * @param text the option's value
     * @param env the environment to read for {@code auto}
     * @return the shard
     * @throws ConfigException naming the option and the fix when the text or the environment does not give one
     */
    public static Shard parse(String text, Map<String, String> env) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        String[] parts = t.split("/", -1);
        if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
            throw bad(text);
        }
        Integer count = parts.length == 2 ? number(parts[1], text) : null;
        if (!parts[0].equals("auto")) {
            if (count == null) {
                throw bad(text);
            }
            return new Shard(number(parts[0], text), count);
        }
        if (env.get(SLURM_ID) != null) {
            int id = number(env.get(SLURM_ID), SLURM_ID + "=" + env.get(SLURM_ID));
            int min = env.get(SLURM_MIN) == null ? 0 : number(env.get(SLURM_MIN), SLURM_MIN + "=" + env.get(SLURM_MIN));
            Integer n = env.get(SLURM_COUNT) == null ? null : number(env.get(SLURM_COUNT), SLURM_COUNT);
            if (count == null && n == null) {
                throw new ConfigException("--shard auto: " + SLURM_ID + " is set but " + SLURM_COUNT
                        + " is not (an old SLURM?); give the count: --shard auto/N");
            }
            return new Shard(id - min + 1, count != null ? count : n);
        }
        if (env.get(KUBERNETES_INDEX) != null) {
            if (count == null) {
                throw new ConfigException("--shard auto: a Kubernetes Indexed Job does not say how many shards there "
                        + "are; give its completions: --shard auto/N");
            }
            return new Shard(number(env.get(KUBERNETES_INDEX), KUBERNETES_INDEX) + 1, count);
        }
        throw new ConfigException("--shard " + text + ": no scheduler variable is set (" + SLURM_ID + " of a SLURM "
                + "job array, " + KUBERNETES_INDEX + " of a Kubernetes Indexed Job); outside a scheduler give the "
                + "shard as I/N, e.g. --shard 2/4");
    }

    private static int number(String s, String what) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("--shard: '" + what + "' is not a whole number; give the shard as I/N, e.g. "
                    + "--shard 2/4, or auto");
        }
    }

    private static ConfigException bad(String text) {
        return new ConfigException("--shard '" + text + "': give I/N (shard I of N, from 1), e.g. --shard 2/4, or "
                + "auto (from SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT), or auto/N");
    }

    /**
     * This shard's block of {@code n} items: {@code [floor((I-1) n / N), floor(I n / N))}, so the
     * blocks of shards 1..N are contiguous, in order, cover every item once and differ in size by at most one.
     *
     * @param n how many items (images or neurons)
     * @return {@code {start, end}}, end exclusive
     */
    public int[] range(int n) {
        return new int[] {(int) ((long) (index - 1) * n / count), (int) ((long) index * n / count)};
    }

    /**
     * @param item an item's position among {@code n}
     * @param n how many items
     * @param count how many shards
     * @return the shard (of {@code count}) whose {@link #range} holds the item
     */
    static Shard of(int item, int n, int count) {
        for (int i = 1; i <= count; i++) {
            int[] r = new Shard(i, count).range(n);
            if (item >= r[0] && item < r[1]) {
                return new Shard(i, count);
            }
        }
        throw new IllegalArgumentException("item " + item + " not in 0.." + (n - 1));
    }

    /** @return {@code I-of-N}, the shard's part of file names */
    String fileName() {
        return index + "-of-" + count;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
