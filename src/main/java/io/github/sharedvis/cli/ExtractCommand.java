package io.github.sharedvis.cli;

import io.github.sharedvis.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sharedvis extract}. */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = {"Extract backbone features of every stimulus (cached).", "Earlier steps run first when their outputs are missing or stale;",
            "finished steps whose inputs and settings did not change are skipped."},
        footer = {"", "Examples:", "  sharedvis init my.toml", "  sharedvis extract my.toml --out results",
            "  sharedvis extract my.toml --out results --shard 2/4   # images 2 of 4"})
final class ExtractCommand extends StepCommand {
    @Mixin
    OutputOptions.ShardOption shard;

    @Override
    void step(Pipeline p) throws Exception {
        if (shard.get() != null) {
            p.extract(shard.get());
        } else {
            p.extract();
        }
    }
}
