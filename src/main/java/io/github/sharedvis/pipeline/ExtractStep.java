package io.github.sharedvis.pipeline;

import io.github.sharedvis.backbone.FeatureExtractor;
import io.github.sharedvis.data.FeatureMatrix;
import io.github.sharedvis.data.Npy;
import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Step 1: the backbone's features of every stimulus ({@code features/features.npy}, {@code [n, D]}
 * float32, and {@code features/stimulus_ids.txt}). Depends on {@code [backbone]}, the stimuli and the
 * backbone's fingerprint.
 */
final class ExtractStep implements Step {

    @Override
    public String name() {
        return "extract";
    }

    @Override
    public List<String> sections() {
        return List.of("backbone");
    }

    @Override
    public List<String> inputDigests(RunContext ctx) throws IOException {
        return List.of(ctx.backboneFingerprint(), ctx.stimuliDigest());
    }

    @Override
    public boolean isDone(RunContext ctx, String stamp) throws IOException {
        return ctx.state.isDone(name(), stamp) && Files.isRegularFile(ctx.out.featuresFile());
    }

    @Override
    public void run(RunContext ctx, String stamp) throws IOException {
        if (ctx.exclusive() && ctx.config.run().cache() == null) {
            // the run's own cache, left out of the start-up sweep (at lab scale, a file per image): swept
            // when it is written to, and only by a whole run (shards write it side by side)
            RunContext.sweep(ctx.defaultCache(), null);
        }
        float[][] f = extractor(ctx).extract(images(ctx));
        // written row by row: no second [n, D] copy beside the extractor's
        AtomicFiles.write(ctx.out.featuresFile(), o -> Npy.writeFloat32Rows(o, f));
        AtomicFiles.writeString(ctx.out.stimulusIdsFile(), String.join("\n", ctx.stimuli().ids()) + "\n");
        ctx.state.markDone(name(), stamp);
    }

    /**
     * @param ctx the run
     * @return the extractor of the run's backbone, batch size and feature cache (by default
     *     {@code DIR/cache}; shards fill it, the step's run reads it back)
     * @throws IOException when the backbone cannot be opened
     */
    static FeatureExtractor extractor(RunContext ctx) throws IOException {
        Path cache = ctx.config.run().cache() != null ? ctx.config.run().cache() : ctx.defaultCache();
        return FeatureExtractor.builder(ctx.backbone()).batchSize(ctx.config.backbone().batchSize()).cacheDir(cache)
                .digests(ctx.digests).progress(ctx.progress).build();
    }

    /**
     * @param ctx the run
     * @return the stimuli's image files, in stimulus order
     * @throws IOException when the stimulus set cannot be read
     */
    static List<Path> images(RunContext ctx) throws IOException {
        return ctx.stimuli().stimuli().stream().map(Stimulus::image).toList();
    }

    /**
     * @param ctx the run
     * @return the features, float32 {@code [n, D]} memory-mapped from {@code features/features.npy}
     *     (no heap; rows are widened to double exactly where a consumer needs them)
     * @throws IOException when they are missing or do not match the stimulus set
     */
    static FeatureMatrix load(RunContext ctx) throws IOException {
        FeatureMatrix x = FeatureMatrix.open(ctx.out.featuresFile());
        if (x.rows() != ctx.stimuli().size()) {
            throw new IOException(ctx.out.features() + " holds " + x.rows() + " images but the stimulus set has "
                    + ctx.stimuli().size() + "; run the extract step again");
        }
        return x;
    }
}
