package io.github.sharedvis.pipeline;

import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.run.RunJson;
import io.github.sharedvis.run.RunLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The main job: extract, fit, explain, report ({@code docs/method.md}, sections 1 to 5), each step
 * usable alone, each skipped on a re-run when nothing it depends on changed.
 *
 * <p>The steps ({@link ExtractStep}, {@link FitStep}, {@link ExplainStep}, {@link ReportStep}) read
 * their inputs from the output folder, so {@code sharedvis fit} after {@code sharedvis extract} works
 * across processes; {@link StepRunner} walks them and computes their stamps. Every output is written
 * atomically and stamped after it is complete ({@link StepState}); the explain step stamps each
 * neuron, so an interrupted run resumes at the first unfinished neuron and ends with the same files
 * an uninterrupted run writes. {@code run.json} is written once, after the report.
 */
public final class Pipeline implements AutoCloseable {

    /** The stamp of run.json: the report stamp it was written for ({@code .state/run-json.stamp}). */
    private static final String RUN_JSON_UNIT = "run-json";

    /**
     * The rest of run.json's stamp: the report stamp with what no step's stamp covers (the versions
     * running, the config file's path and bytes; {@link RunJsonDocument#provenance}).
     */
    private static final String PROVENANCE_UNIT = "run-json-provenance";

    private final RunContext ctx;
    private final StepRunner steps = StepRunner.standard();

    /**
     * @param config the run configuration
     * @param configFile the file it came from (for provenance), or null
     * @param outDir the output folder
     * @param registry the backbones that can be loaded
     * @param progress where progress bars are drawn, or null
     */
    public Pipeline(RunConfig config, Path configFile, Path outDir, Backbones registry, PrintStream progress) {
        this.ctx = new RunContext(config, configFile, outDir, registry, progress);
    }

    /** @return the output layout */
    public RunLayout layout() {
        return ctx.out;
    }

    /**
     * Runs every step; finished, unchanged steps are skipped.
     *
     * @throws IOException on unreadable inputs or unwritable outputs
     */
    public void run() throws IOException {
        report();
    }

    /**
     * Step 1: features of every stimulus ({@code features/features.npy}, {@code [n, D]} float32).
     *
     * @return the stamp of the features
     * @throws IOException on unreadable images or unwritable outputs
     */
    public String extract() throws IOException {
        return steps.runThrough(ctx, "extract");
    }

    /**
     * Step 2 (and 1 where needed): ridge readouts on the preferred images, scores, {@code summary.csv}.
     *
     * @return the stamp of the fitted model
     * @throws IOException on I/O failure
     */
    public String fit() throws IOException {
        return steps.runThrough(ctx, "fit");
    }

    /**
     * Step 3 (and the earlier ones where needed): for every neuron, its top-k ooc images, their
     * neuron-specific references and the parallel-backpropagation maps; {@code maps/},
     * {@code images/}, {@code pairs.csv}.
     *
     * @throws IOException on I/O failure
     */
    public void explain() throws IOException {
        steps.runThrough(ctx, "explain");
    }

    /**
     * Step 4 (and the earlier ones where needed): figures and the static HTML report; then
     * {@code run.json}, unless every step was skipped and nothing it records changed (then it is left as
     * it is, with the timings of the run that wrote it).
     *
     * @throws IOException on I/O failure
     */
    public void report() throws IOException {
        String stamp = steps.runThrough(ctx, "report");
        boolean skipped = ctx.timings.values().stream().allMatch(RunJson.StepTiming::skipped);
        boolean forThisStamp = skipped && ctx.state.isDone(RUN_JSON_UNIT, stamp);
        String provenance = RunJsonDocument.provenance(ctx, stamp);
        if (forThisStamp && ctx.state.isDone(PROVENANCE_UNIT, provenance) && Files.isRegularFile(ctx.out.runJson())) {
            // nothing run.json records changed: it is left as it is (with the timings of the run that wrote it)
            ShardedRun.forget(ctx);
            return;
        }
        // a run.json is reused only when every step was up to date and it was written for this very stamp
        RunJson previous = forThisStamp ? RunJsonDocument.previous(ctx) : null;
        ctx.state.forget(PROVENANCE_UNIT); // before run.json changes: a run killed in between rewrites it
        (previous != null ? RunJsonDocument.refreshed(ctx, previous) : RunJsonDocument.of(ctx)).write(ctx.out.runJson());
        ctx.state.markDone(RUN_JSON_UNIT, stamp);
        ctx.state.markDone(PROVENANCE_UNIT, provenance);
        ShardedRun.forget(ctx); // a whole run is complete: what only shards needed goes
    }

    /**
     * Step 1 for one shard: the features of its block of images, into the feature cache (where the
     * fit, or a whole run, reads them back). Shards run beside each other, never beside a whole run.
     *
     * @param shard the shard
     * @throws IOException on unreadable images, or when another process runs the same shard or a whole run holds the folder
     */
    public void extract(Shard shard) throws IOException {
        new ShardedRun(ctx, steps).extract(shard);
    }

    /**
     * Step 3 for one shard: its block of neurons, each with the files and stamp a whole run gives it.
     * Needs the fit ({@link #fit()}, one job for all shards).
     *
     * @param shard the shard
     * @throws IncompleteRunException when the fit is not done for this config
     * @throws IOException on I/O failure
     */
    public void explain(Shard shard) throws IOException {
        new ShardedRun(ctx, steps).explain(shard);
    }

    /**
     * One shard of every step: its images; then, once all shards' images are extracted, the fit (once,
     * by the first shard there) and its neurons. Put together with {@link #merge()}.
     *
     * @param shard the shard
     * @throws IncompleteRunException after extracting, when other shards' images are still missing
     * @throws IOException on I/O failure
     */
    public void run(Shard shard) throws IOException {
        new ShardedRun(ctx, steps).run(shard);
    }

    /**
     * Puts a sharded run together: checks that every shard is done, then runs what is left as a whole
     * run would (pairs.csv from the neurons' parts, the figures, the report, run.json), ending with
     * the files of a single-process run. Refuses, listing the missing shards, and writes nothing when
     * one is not done, and refuses while any shard runs.
     *
     * @throws IncompleteRunException naming the shards still missing
     * @throws IOException on I/O failure
     */
    public void merge() throws IOException {
        ctx.begin();
        new ShardedRun(ctx, steps).requireComplete();
        report();
    }

    /**
     * The config file the shards in {@code dir} ran, for {@code sharedvis merge DIR}.
     *
     * @param dir a run directory
     * @return the config file, unchanged since the shards ran it
     * @throws IOException when no shard ran there, or the config changed or is gone
     */
    public static Path shardConfig(Path dir) throws IOException {
        return ShardedRun.recordedConfig(dir);
    }

    @Override
    public void close() {
        ctx.close();
    }
}
