package io.github.sharedvis.pipeline;

import io.github.sharedvis.backbone.FeatureExtractor;
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
        float[][] f = extractor(ctx).extract(images(ctx));
        int d = f[0].length;
        float[] flat = new float[f.length * d];
        for (int i = 0; i < f.length; i++) {
            System.arraycopy(f[i], 0, flat, i * d, d);
        }
        AtomicFiles.write(ctx.out.featuresFile(), o -> Npy.writeFloat32(o, new long[] {f.length, d}, flat));
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
        Path cache = ctx.config.run().cache() != null ? ctx.config.run().cache() : ctx.out.root().resolve("cache");
        return FeatureExtractor.builder(ctx.backbone()).batchSize(ctx.config.backbone().batchSize()).cacheDir(cache)
                .progress(ctx.progress).build();
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
     * @return the features as float64 {@code [n, D]}
     * @throws IOException when they are missing or do not match the stimulus set
     */
    static double[][] load(RunContext ctx) throws IOException {
        Npy.Array a = Npy.read(ctx.out.featuresFile());
        int n = (int) a.shape()[0];
        int d = (int) a.shape()[1];
        if (n != ctx.stimuli().size()) {
            throw new IOException(ctx.out.features() + " holds " + n + " images but the stimulus set has "
                    + ctx.stimuli().size() + "; run the extract step again");
        }
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a.data(), i * d, x[i], 0, d);
        }
        return x;
    }
}
