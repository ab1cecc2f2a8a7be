package io.github.sharedvis.pipeline;

import java.io.IOException;
import java.util.List;

/**
 * One step of the pipeline (extract, fit, explain, report). A step declares what its outputs depend
 * on and {@link StepRunner} turns that into its stamp: the serialized config sections it reads (whole
 * sections, so a key added to one can never be left out of the stamp), the digests of the files it
 * reads and the stamp of the step before it. A step whose outputs are complete for its stamp is skipped.
 */
interface Step {

    /** @return the step's name: its stamp file, its timing key and its CLI command */
    String name();

    /**
     * @return the config sections the step reads ({@code [backbone]} → {@code "backbone"}); every key
     *     of them enters the stamp except {@link #ignoredKeys()}
     */
    List<String> sections();

    /**
     * @return {@code section.key} names that cannot change the step's outputs (where the cache lives,
     *     how many threads compute), so changing them redoes nothing
     */
    default List<String> ignoredKeys() {
        return List.of("run.cache", "run.threads");
    }

    /**
     * @param ctx the run
     * @return digests of what the step reads besides its config and the step before it
     * @throws IOException when an input cannot be read
     */
    List<String> inputDigests(RunContext ctx) throws IOException;

    /**
     * @param ctx the run
     * @param stamp the step's current stamp
     * @return whether its outputs are complete for that stamp
     * @throws IOException on a read failure
     */
    boolean isDone(RunContext ctx, String stamp) throws IOException;

    /**
     * Computes the outputs and marks them done for {@code stamp}, after they are complete.
     *
     * @param ctx the run
     * @param stamp the step's current stamp
     * @throws IOException on unreadable inputs or unwritable outputs
     */
    void run(RunContext ctx, String stamp) throws IOException;
}
