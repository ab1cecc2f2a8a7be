package io.github.sharedvis.pipeline;

import io.github.sharedvis.backbone.Fingerprints;
import io.github.sharedvis.run.RunLayout;
import io.github.sharedvis.util.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run split across processes ({@code --shard I/N}) and put together again ({@code merge}).
 *
 * <p>Extract shards fill the feature cache with their block of images ({@link Shard#range}); the
 * fit is one job (cheap, and it needs every image); explain shards explain their block of neurons,
 * each neuron a unit with the stamp a whole run gives it. So the parts a shard writes are exactly the
 * files a whole run writes for those images and neurons, and the merge, which runs the remaining
 * steps as a whole run would (pairs.csv from the neurons' parts, the report, run.json), ends with the
 * files of a single-process run. State that exists only while the run is sharded (the
 * {@link ShardRecord}, the shards' stamps and locks) lives in {@code .state/shards/}, and a finished
 * whole run deletes it.
 *
 * <p>Locks: a shard holds the run directory's lock shared with the other shards, so no whole run
 * (merge, fit, a plain run) starts beside it, and an exclusive lock of its own, so two processes
 * given the same shard stop with a clear error. The fit inside {@code run --shard} is taken by the
 * first shard to find every image extracted, under a lock the others wait on.
 */
final class ShardedRun {

    /** The folder, under {@code .state/}, of what exists only while a run is sharded. */
    static final String FOLDER = "shards";

    private final RunContext ctx;
    private final StepRunner steps;

    ShardedRun(RunContext ctx, StepRunner steps) {
        this.ctx = ctx;
        this.steps = steps;
    }

    private Path folder() {
        return ctx.out.state().resolve(FOLDER);
    }

    /** Takes the shared directory lock and the shard's own, and records the run for the merge. */
    private void begin(String step, Shard shard) throws IOException {
        ctx.begin(true);
        ctx.lockPart(folder().resolve(step + "-" + shard.fileName() + ".lock"), "shard " + shard + " of the " + step
                + " step in " + ctx.out.root(), false);
        if (ctx.configFile == null) {
            throw new IllegalStateException("a sharded run needs its config file, for the merge");
        }
        ShardRecord old = ShardRecord.read(folder());
        Integer extract = step.equals("extract") ? Integer.valueOf(shard.count()) : old == null ? null : old.extractShards();
        Integer explain = step.equals("explain") ? Integer.valueOf(shard.count()) : old == null ? null : old.explainShards();
        new ShardRecord(ctx.configFile.toAbsolutePath().normalize().toString(), Fingerprints.fileDigest(ctx.configFile),
                extract, explain).write(folder());
    }

    /**
     * Extracts the features of the shard's block of images into the feature cache.
     *
     * @param shard the shard
     * @throws IOException on unreadable images or when another process runs the same shard
     */
    void extract(Shard shard) throws IOException {
        begin("extract", shard);
        String stamp = steps.stampsThrough(ctx, "extract").get("extract");
        String unit = FOLDER + "/extract-" + shard.fileName();
        if (!ctx.state.isDone(unit, stamp)) {
            List<Path> images = ExtractStep.images(ctx);
            int[] r = shard.range(images.size());
            ExtractStep.extractor(ctx).extract(images.subList(r[0], r[1]));
            ctx.state.markDone(unit, stamp);
        }
    }

    /**
     * Explains the shard's block of neurons. The fit must be done.
     *
     * @param shard the shard
     * @throws IncompleteRunException when the features or the fit are not done for this config
     * @throws IOException on I/O failure
     */
    void explain(Shard shard) throws IOException {
        begin("explain", shard);
        Map<String, String> stamps = steps.stampsThrough(ctx, "explain");
        requireFitted(stamps);
        int[] r = shard.range(ctx.inputs().responses().neuronIds().size());
        ExplainStep.explainNeurons(ctx, stamps.get("explain"), r[0], r[1]);
        ctx.state.markDone(FOLDER + "/explain-" + shard.fileName(), stamps.get("explain"));
    }

    /**
     * The shard's part of every step: its images, then (once every shard's images are extracted;
     * the first shard there does it, the others wait for it) the features and the fit, then its neurons.
     *
     * @param shard the shard
     * @throws IncompleteRunException after its images, when other shards' images are still missing
     * @throws IOException on I/O failure
     */
    void run(Shard shard) throws IOException {
        extract(shard);
        List<Path> images = ExtractStep.images(ctx);
        List<Integer> missing = ExtractStep.extractor(ctx).uncached(images);
        if (!missing.isEmpty()) {
            throw new IncompleteRunException("shard " + shard + " extracted its images, but " + missing.size() + " of "
                    + images.size() + " are not extracted yet (by " + owners(missing, images.size(), shard.count())
                    + "); the fit needs them all: run this shard again once those have run, or submit the steps "
                    + "apart (sharedvis plan writes the script)");
        }
        Map<String, String> stamps = steps.stampsThrough(ctx, "fit");
        if (!fitted(stamps)) {
            RunLock fit = ctx.lockPart(folder().resolve("fit.lock"), "the fit of " + ctx.out.root(), true);
            try {
                steps.runThrough(ctx, "fit"); // done by another shard meanwhile: the stamps say so, nothing reruns
            } finally {
                ctx.release(fit);
            }
        }
        explain(shard);
    }

    private boolean fitted(Map<String, String> stamps) throws IOException {
        return steps.step("extract").isDone(ctx, stamps.get("extract")) && steps.step("fit").isDone(ctx, stamps.get("fit"));
    }

    private void requireFitted(Map<String, String> stamps) throws IOException {
        if (!steps.step("extract").isDone(ctx, stamps.get("extract"))) {
            List<Path> images = ExtractStep.images(ctx);
            List<Integer> missing = ExtractStep.extractor(ctx).uncached(images);
            ShardRecord rec = ShardRecord.read(folder());
            if (!missing.isEmpty()) {
                throw new IncompleteRunException(ctx.out.root() + ": " + missing.size() + " of " + images.size()
                        + " images are not extracted for " + ctx.source() + (rec != null && rec.extractShards() != null
                                ? " (by " + owners(missing, images.size(), rec.extractShards()) + ")" : "")
                        + "; run the extract shards, then the fit (sharedvis fit " + ctx.source() + " --out "
                        + ctx.out.root() + "), then the explain shards");
            }
        }
        if (!steps.step("fit").isDone(ctx, stamps.get("fit"))) {
            throw new IncompleteRunException(ctx.out.root() + ": the fit is not done for " + ctx.source() + " (every image "
                    + "is extracted; the fit puts their features together and fits the readouts); run it before the explain "
                    + "shards: sharedvis fit " + ctx.source() + " --out " + ctx.out.root());
        }
    }

    /** @return shard index (of {@code count}) to how many of the missing items its block holds, in order */
    private static Map<Integer, Integer> byShard(List<Integer> missing, int n, int count) {
        Map<Integer, Integer> by = new TreeMap<>();
        for (int i : missing) {
            by.merge(Shard.of(i, n, count).index(), 1, Integer::sum);
        }
        return by;
    }

    /** @return the shards (of {@code count}) whose blocks hold the missing items, as "shards 2/3 (40), 3/3 (38)" */
    private static String owners(List<Integer> missing, int n, int count) {
        Map<Integer, Integer> by = byShard(missing, n, count);
        List<String> parts = new ArrayList<>();
        by.forEach((i, k) -> parts.add(i + "/" + count + " (" + k + ")"));
        return (parts.size() == 1 ? "shard " : "shards ") + String.join(", ", parts);
    }

    /**
     * Checks that every shard is done, for the merge (which then runs the remaining steps).
     *
     * @throws IncompleteRunException listing what is missing and the commands that make it
     * @throws IOException on a read failure
     */
    void requireComplete() throws IOException {
        Map<String, String> stamps = steps.stampsThrough(ctx, "explain");
        requireFitted(stamps);
        List<String> neurons = ctx.inputs().responses().neuronIds();
        List<Integer> missing = ExplainStep.unfinished(ctx, stamps.get("explain"), 0, neurons.size());
        if (missing.isEmpty()) {
            return;
        }
        ShardRecord rec = ShardRecord.read(folder());
        if (rec == null || rec.explainShards() == null) {
            throw new IncompleteRunException(ctx.out.root() + ": " + missing.size() + " of " + neurons.size() + " neurons "
                    + "are not explained, and no explain shard has run; run them (sharedvis explain " + ctx.source()
                    + " --out " + ctx.out.root() + " --shard I/N), or sharedvis run to explain them here");
        }
        int count = rec.explainShards();
        Map<Integer, Integer> by = byShard(missing, neurons.size(), count);
        List<String> parts = new ArrayList<>();
        by.forEach((i, k) -> {
            int[] r = new Shard(i, count).range(neurons.size());
            parts.add(i + "/" + count + " (" + k + " of its " + (r[1] - r[0]) + " neurons not explained)");
        });
        int first = by.keySet().iterator().next();
        throw new IncompleteRunException(ctx.out.root() + ": explain " + (parts.size() == 1 ? "shard" : "shards")
                + " still missing: " + String.join(", ", parts) + "; run " + (parts.size() == 1 ? "it" : "each")
                + " (e.g. sharedvis explain " + ctx.source() + " --out " + ctx.out.root() + " --shard " + first + "/"
                + count + ") and merge again");
    }

    /**
     * Deletes the sharded run's own state, after a whole run ended: its files are then those of a
     * single-process run.
     *
     * @param ctx the run, which holds the directory's exclusive lock (so no shard is running)
     * @throws IOException on a delete failure
     */
    static void forget(RunContext ctx) throws IOException {
        Path dir = ctx.out.state().resolve(FOLDER);
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> all;
        try (var files = Files.walk(dir)) {
            all = new ArrayList<>(files.toList());
        }
        java.util.Collections.reverse(all); // children before their folders
        for (Path f : all) {
            Files.deleteIfExists(f);
        }
    }

    /**
     * @param dir a run directory
     * @return the config file its shards ran, checked unchanged since
     * @throws InputException when no shard ran there or the config changed or went
     * @throws IOException on a read failure
     */
    static Path recordedConfig(Path dir) throws IOException {
        Path folder = new RunLayout(dir).state().resolve(FOLDER);
        ShardRecord rec = ShardRecord.read(folder);
        if (rec == null) {
            throw new InputException(dir + ": no sharded run to merge (no " + folder.resolve(
                    ShardRecord.FILE) + "); merge puts together what runs with --shard wrote; for a whole run use "
                    + "sharedvis run CONFIG --out " + dir);
        }
        Path cfg = Path.of(rec.configFile());
        if (!Files.isRegularFile(cfg)) {
            throw new InputException(dir + ": the shards ran the config " + cfg + ", which is "
                    + "gone; put it back, or run sharedvis run CONFIG --out " + dir + " with the config you mean");
        }
        if (!Fingerprints.fileDigest(cfg).equals(rec.configDigest())) {
            throw new InputException(cfg + " changed after the shards in " + dir + " ran it; "
                    + "run the shards again with it (only what the change touches is redone), or sharedvis run " + cfg
                    + " --out " + dir + " to redo it here");
        }
        return cfg;
    }
}
