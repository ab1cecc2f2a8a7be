package io.github.sharedvis.cli;

import io.github.sharedvis.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sharedvis run}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline: extract, fit, explain, report.", "Earlier steps run first when their outputs are missing or stale;",
            "finished steps whose inputs and settings did not change are skipped."},
        footer = {"", "Examples:", "  sharedvis init my.toml", "  sharedvis run my.toml --out results",
            "  sharedvis run my.toml --out results --shard 1/2 && sharedvis merge results"})
final class RunCommand extends StepCommand {
    @Mixin
    OutputOptions.ShardOption shard;

    @Override
    void step(Pipeline p) throws Exception {
        if (shard.get() != null) {
            p.run(shard.get());
        } else {
            p.run();
        }
    }
}
